// The vocabulary every layer shares: steps, statuses, buckets, classes, evidence.
// DESIGN sections 2 and 3 are the source of these lists.

export const STEP_IDS = [
  'contract',
  'environment',
  'versions',
  'auth-config',
  'rerun',
  'data-path',
  'observability',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip', 'error'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export type StepStatus = 'pending' | 'running' | CheckStatus;

export const BUCKETS = [
  'stale-contract',
  'environment-not-ready',
  'version-drift',
  'auth-config-mismatch',
  'timing-race',
  'replay-dedupe',
  'missing-result-data',
  'resource-pressure',
  'selector-label-mismatch',
  'external-dependency',
  'build-artifact',
  'weak-observability',
  'bootstrap-edge-gap',
] as const;
export type Bucket = (typeof BUCKETS)[number];

export const CLASSES = ['contract', 'product', 'environment', 'tooling'] as const;
export type ProblemClass = (typeof CLASSES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One line a check saw, with where it came from and when, if the source said. */
export interface Evidence {
  text: string;
  /** e.g. `http GET http://127.0.0.1:8080/buildinfo`, `shop/api-7d9/api`, `reports/junit.xml:14` */
  source: string;
  /** RFC 3339 instant, when the source gave one. */
  time?: string;
}

/** What a check returns; the runner adds the duration and turns throws into `error`. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line a person reads first. */
  summary: string;
  evidence: Evidence[];
  /** A command a person can paste to see the same thing. */
  replay?: string;
  /** Optional hint for the ranking of hypotheses: the bucket this result points at. */
  bucket?: Bucket;
}

export interface CheckResult extends CheckOutcome {
  durationMs: number;
}

/** Worst-first order used to derive a step's status from its checks. */
const STATUS_WEIGHT: Record<CheckStatus, number> = { error: 4, fail: 5, warn: 3, pass: 1, skip: 0 };

/** A step fails if any check failed; errors outrank warnings; all skipped is skip. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'skip';
  for (const s of statuses) if (STATUS_WEIGHT[s] > STATUS_WEIGHT[worst]) worst = s;
  return worst;
}
