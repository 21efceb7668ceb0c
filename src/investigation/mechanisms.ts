// The mechanisms of an investigation: a pure function of its folded journal, so the
// workbench, the headless run and a note rendered a year later say the same thing.

import { STEP_IDS } from '../model';
import type { InvestigationState } from './fold';
import { rankMechanisms, type Ranking, type SourcedFact } from '../mechanisms/rank';

function factsOf(state: InvestigationState): SourcedFact[] {
  const out: SourcedFact[] = [];
  for (const step of STEP_IDS) {
    for (const check of state.steps[step].checks) {
      for (const fact of check.result?.facts ?? []) out.push({ fact, check: check.title, checkId: check.id });
    }
  }
  return out;
}

const memo = new WeakMap<InvestigationState, Ranking>();

export function mechanismsOf(state: InvestigationState): Ranking {
  const known = memo.get(state);
  if (known) return known;
  const ranking = rankMechanisms({ facts: factsOf(state), traceServices: state.traceServices, windowEnd: state.capturedAt });
  memo.set(state, ranking);
  return ranking;
}
