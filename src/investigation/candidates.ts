import type { InvestigationState } from './fold';
import { pinIdOf, type PinInput } from './ledger';
import { STEPS } from '../plan/steps';

// What a person (the ledger view) or an agent (`triage mcp`) can pin: every check's result (its summary) and
// each of its evidence lines, plus whatever is already pinned (timeline lines included).

export interface Candidate {
  pin: PinInput;
  /** The pinned id this line has, or will have once pinned. */
  id: string;
  /** E1, E2… once pinned. */
  label?: string;
  /** `2 Environment / worker health`, or `pinned` for lines pinned elsewhere (the timeline). */
  where: string;
}

export function candidatesOf(state: InvestigationState): Candidate[] {
  const pinned = new Map(state.ledger.pinned.map((p) => [p.id, p]));
  const fromChecks: Candidate[] = [];
  const add = (pin: PinInput, where: string) => {
    const id = pinIdOf(pin);
    fromChecks.push({ pin, id, label: pinned.get(id)?.label, where });
  };
  for (const def of STEPS) {
    for (const check of state.steps[def.id].checks) {
      const result = check.result;
      if (!result) continue;
      const where = `${def.number} ${def.title} / ${check.title}`;
      add(
        { from: 'check', ref: check.id, step: def.id, text: `${result.status.toUpperCase()}: ${result.summary}`, source: check.id, time: check.finishedAt },
        where,
      );
      result.evidence.forEach((e, i) => add({ from: 'evidence', ref: `${check.id}#${i}`, step: def.id, text: e.text, source: e.source, time: e.time }, where));
    }
  }
  // Lines pinned from elsewhere (the timeline, a log tail) come first: a person chose them
  // on purpose, and they are the ones a verdict cites; the checks' lines can be many.
  const listed = new Set(fromChecks.map((c) => c.id));
  const elsewhere = state.ledger.pinned
    .filter((p) => !listed.has(p.id))
    .map((p) => ({
      pin: { from: p.from, ref: p.ref, step: p.step, text: p.text, source: p.source, time: p.time },
      id: p.id,
      label: p.label,
      where: `pinned from ${p.from}`,
    }));
  return [...elsewhere, ...fromChecks];
}
