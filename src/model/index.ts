// The vocabulary every layer shares: steps, statuses, buckets, classes, evidence.
// DESIGN sections 2 and 3 are the source of these lists.

export const STEP_IDS = ['contract', 'environment', 'versions', 'auth-config', 'rerun', 'data-path', 'observability'] as const;
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

/**
 * One thing a check established about one object. Mechanisms are built from facts: facts
 * of different checks about the same subject merge, distinct subjects stay distinct.
 */
export interface Fact {
  /** The object: `shop/pod/payments-worker-5c8d7b9f4-x7k2m`, `monitoring/hpa/otel-collector`, `node/stg-a`, `file:state/run.lock`, `http:payments-worker`, `test:checkout › pays`. */
  object: string;
  /**
   * The workload or service the object belongs to, by the name the plan and the trace use
   * (`payments-worker` for its pods, its Deployment, its /healthz): what facts merge on.
   */
  subject: string;
  /** The subject's namespace, when it has one. */
  namespace?: string;
  kind: FactKind;
  status: 'fail' | 'warn' | 'info';
  bucket: Bucket;
  /** Who owns the fix, when the check can tell (a signature says; otherwise the bucket's usual owner). */
  class?: ProblemClass;
  /** A short phrase for a title, about the subject: `OOM-killed (exit 137)`, `fix merged but not deployed (runs 5e1d2c4, expected 9f3c2e1)`. */
  phrase: string;
  /** When it happened (RFC 3339), when the source says. */
  time?: string;
  /** The lines that show it (a few). */
  evidence: Evidence[];
  replay?: string;
  /** How often (events, restarts, matching lines), when more than once. */
  count?: number;
  /** For signature facts: the signature's id (`container-oom-killed`); for fallback facts: the cue words. */
  ref?: string;
  /** For fallback facts: the classifier's confidence in the bucket (0–1), shown with the weaker tier. */
  confidence?: number;
  /** For signature facts: the signature's severity. */
  severity?: Severity;
  /** What to do about it, when the source knows ("check X because Y", the next surface, the lever). */
  advice?: { hypothesis: string; next: string; remediation?: string };
  /** Other subjects it names: for where the trace stops, the services it never reached. */
  related?: string[];
}

/**
 * What a fact is about. The mechanisms' scoring reads these: a termination or a signature
 * names a cause; a trace stop or first error places it; a change dates it.
 */
export const FACT_KINDS = [
  'terminated', // a container killed or exited non-zero (OOMKilled, Error, exit 137)
  'waiting', // CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError
  'pending', // not scheduled
  'evicted',
  'not-ready', // running but not ready, below desired replicas, no endpoints
  'node',
  'volume',
  'event', // a warning event
  'autoscaler',
  'selector',
  'rollout', // mid-rollout, two digests
  'version', // build SHA, image, server version
  'access', // RBAC, certificates, tokens, config keys, env names, namespaces
  'leftover', // state from an earlier run
  'job',
  'artifact',
  'probe', // an HTTP or TCP check
  'test', // a failing test
  'log', // a plan log check's line
  'signature', // a known failure signature matched
  'fallback', // the fallback classifier's guess on an error line no signature knows
  'trace-stop', // where the followed trace stops
  'trace-error', // the trace's first error
  'metric', // a plan metric before and at the trace's onset (info: read beside the timeline, not scored)
  'change', // something changed before onset: a rollout, a config update, a rescale, a commit
  'command',
  'other',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

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
  /** What the check established, object by object, for the mechanisms (bounded by the check). */
  facts?: Fact[];
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
