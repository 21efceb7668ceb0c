// The points a mechanism's score is made of, one constant per kind of evidence (rank.ts adds them up).
import type { Family } from './buckets';

export const CORROBORATION = 5;
export const CORROBORATION_MAX = 20;
export const TRACE_STOP = 30;
export const TRACE_FIRST_ERROR = 15;
export const TRACE_FIRST_WARNING = 5;
export const SEEN_FROM_OUTSIDE = -15;
export const FAMILY_WORD: Record<Family, string> = {
  runtime: 'how it runs',
  version: 'the build or version',
  contract: 'the contract',
  config: 'the configuration, credentials or selectors',
  state: 'state left behind or missing',
};
export const TRACE_STOP_CAUSE = 20;
export const TRACE_PASSED = -20;
/** Where the trace's last line is when it reached every planned service: a weaker sign than a stop mid-request. */
export const TRACE_LAST = 10;
export const NEVER_REACHED = 25;
export const OFF_TRACE = -10;
/** Changes close enough before onset to be a cause of their own, not only a date. */
export const CAUSE_CHANGE_MS = 2 * 3_600_000;
/** Changes that change what runs or how it is configured (a job starting or a rollout finishing does not). */
export const CAUSAL_CHANGES: ReadonlySet<string> = new Set(['rollout', 'release', 'config', 'secret', 'commit']);
export const HISTORY_MS = 2 * 3_600_000;
export const HISTORY_PENALTY = -20;
export const FALLBACK_ONLY = -10;
export const CHANGE_POINTS: readonly [number, number][] = [
  [15 * 60_000, 15],
  [2 * 3_600_000, 10],
  [24 * 3_600_000, 5],
];
export const MAX_MECHANISMS = 20;
export const FACTS_KEPT = 12;
