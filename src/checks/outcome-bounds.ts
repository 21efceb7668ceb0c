// How large one check's outcome may grow, and the words that count things in it: shared by
// the check kinds, the change timeline and the Kubernetes analyzers.
import type { Evidence } from '../model';

/** At most this many facts per check: the mechanisms need the worst, not a 5,000-pod inventory. */
export const MAX_FACTS = 200;

/** At most this many evidence lines per check: a 5,000-pod cluster must not bury the note. */
export const MAX_EVIDENCE = 40;

export function capEvidence(evidence: Evidence[]): Evidence[] {
  if (evidence.length <= MAX_EVIDENCE) return evidence;
  const kept = evidence.slice(0, MAX_EVIDENCE - 1);
  return [...kept, { text: `… ${evidence.length - kept.length} more lines not shown`, source: 'triage' }];
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
