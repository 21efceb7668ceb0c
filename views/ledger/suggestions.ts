import type { HypothesisInput, PinInput } from '../../src/investigation/ledger';
import type { Hypothesis } from '../../src/investigation/ledger-state';
import type { Suggestion } from '../../src/investigation/session';
import { unnamedId } from '../../src/signatures/fallback';
import type { Candidate } from './candidates';

// The signature library's hypotheses as the views show them: blockers (product,
// environment, tooling) first, contract problems apart (reference 000: separate the
// stale test from the broken system), each knowing whether it is already in the ledger.

/** The signature a suggestion is adopted under: its strongest one; a fallback guess goes by `unnamed-<bucket>`. */
export function leadSignature(s: Suggestion): string {
  return s.signatures[0]?.id ?? unnamedId(s.bucket);
}

/** A fallback guess is weaker than a named signature: "~" and "unnamed — looks like" mark it wherever it is listed. */
export function isUnnamed(s: Suggestion): boolean {
  return s.tier === 'fallback';
}

/** The ledger id an adopted suggestion gets (`sig-<signature id>`, as the ledger makes it). */
export function suggestionId(s: Suggestion): string {
  return `sig-${leadSignature(s)}`;
}

export function adoptionOf(s: Suggestion): HypothesisInput {
  return { bucket: s.bucket, class: s.class, text: s.hypothesis, from: leadSignature(s), next: s.next, replay: s.replay };
}

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
 * The pinnable lines behind a suggestion: the candidates (check summaries and evidence
 * lines) the library matched, so adopting cites exactly what the signature saw.
 */
export function pinsBehind(s: Suggestion, candidates: readonly Candidate[]): PinInput[] {
  const pins = new Map<string, PinInput>();
  for (const e of s.evidence) {
    // The matcher clips very long lines; the start of the line still identifies it.
    const text = e.text.replace(/…$/, '');
    const c = candidates.find((c) => c.pin.source === e.source && (c.pin.text === e.text || c.pin.text.includes(text)));
    if (c) pins.set(c.id, c.pin);
  }
  return [...pins.values()];
}
