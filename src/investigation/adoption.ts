import type { HypothesisInput } from './ledger';
import type { Mechanism } from '../mechanisms/rank';

// A ranked mechanism adopted into the ledger: the workbench's ledger view and an agent
// (`triage mcp`) adopt the same way, so adopting one twice, from either, is one hypothesis.

/** What an adopted mechanism is recorded as coming from. */
function originOf(s: Mechanism): string {
  return `mechanism:${s.id}`;
}

/** The ledger id an adopted mechanism gets (as the ledger makes it for a non-person origin). */
export function suggestionId(s: Mechanism): string {
  return `sig-${originOf(s)}`;
}

export function adoptionOf(s: Mechanism): HypothesisInput {
  return { bucket: s.bucket, class: s.class, text: `${s.title}: ${s.hypothesis}`, from: originOf(s), next: s.next, ...(s.replay ? { replay: s.replay } : {}) };
}
