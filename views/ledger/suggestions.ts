import type { PinInput } from '../../src/investigation/ledger';
import type { Hypothesis } from '../../src/investigation/ledger-state';
import type { Suggestion } from '../../src/workbench/session';
import type { Candidate } from './candidates';
import { suggestionId } from '../../src/investigation/adoption';
import { shownConfidence } from '../../src/signatures/fallback-hypotheses';

// The walk's ranked mechanisms as the views show them: blockers (product, environment,
// tooling) first, contract problems apart (reference 000: separate the stale test from
// the broken system), each knowing whether it is already in the ledger.

export { adoptionOf, suggestionId } from '../../src/investigation/adoption';
export interface SuggestionRow {
  suggestion: Suggestion;
  /** The ledger hypothesis it became, once adopted. */
  adopted?: Hypothesis;
  contract: boolean;
}

/** Blockers by score, then contract problems by score; the library already ranked them. */
export function suggestionRows(suggestions: readonly Suggestion[], hypotheses: readonly Hypothesis[]): SuggestionRow[] {
  const byId = new Map(hypotheses.map((h) => [h.id, h]));
  const rows = suggestions.map((s) => ({ suggestion: s, adopted: byId.get(suggestionId(s)), contract: s.class === 'contract' }));
  return [...rows.filter((r) => !r.contract), ...rows.filter((r) => r.contract)];
}

/** "check X because Y" cut in two at its "because", so a short view can keep both ends. */
export function splitBecause(text: string): [string, string | undefined] {
  const at = text.search(/,?\s+because\s/i);
  if (at <= 0) return [text, undefined];
  return [text.slice(0, at).trim(), text.slice(at).replace(/^,/, '').trim()];
}

/**
 * The pinnable lines behind a mechanism: the candidates (check summaries and evidence
 * lines) its points and facts cite, so adopting cites exactly what scored it.
 */
export function pinsBehind(s: Suggestion, candidates: readonly Candidate[]): PinInput[] {
  const pins = new Map<string, PinInput>();
  const lines = [...s.points.flatMap((p) => (p.evidence ? [p.evidence] : [])), ...s.facts.flatMap((f) => f.fact.evidence.slice(0, 1))];
  for (const e of lines) {
    // The matcher clips very long lines; the start of the line still identifies it.
    const text = e.text.replace(/…$/, '');
    const c = candidates.find((c) => c.pin.source === e.source && (c.pin.text === e.text || c.pin.text.includes(text)));
    if (c) pins.set(c.id, c.pin);
  }
  return [...pins.values()];
}

/**
 * How a mechanism is named, as the views say it: a known signature, a check's finding or
 * the trace; the fallback classifier's guess is the weaker tier, with its confidence.
 */
export function tierOf(s: Suggestion): string {
  if (s.namedBy !== 'fallback') return s.namedBy;
  const confidence = s.facts.find((f) => f.fact.confidence !== undefined)?.fact.confidence;
  return confidence === undefined ? '~ unnamed' : `~ unnamed ${shownConfidence(confidence)}`;
}
