// What the mechanisms need to know about the buckets of DESIGN section 3: which ones name
// the same kind of mechanism (and merge on one subject), who usually owns the fix, and
// what to check when no signature says.

import type { Bucket, ProblemClass } from '../model';

/**
 * Facts about one subject merge into one mechanism when their buckets are of one family:
 * an OOM kill, the crash loop it causes and the 503 its health check answers are one
 * mechanism (the process failing at run time); a build that is not the expected one is
 * another, even on the same workload.
 */
export type Family = 'runtime' | 'version' | 'contract' | 'config' | 'state';

export const FAMILY: Record<Bucket, Family> = {
  'resource-pressure': 'runtime',
  'environment-not-ready': 'runtime',
  'timing-race': 'runtime',
  'external-dependency': 'runtime',
  'weak-observability': 'runtime',
  'version-drift': 'version',
  'build-artifact': 'version',
  'stale-contract': 'contract',
  'auth-config-mismatch': 'config',
  'selector-label-mismatch': 'config',
  'replay-dedupe': 'state',
  'missing-result-data': 'state',
  'bootstrap-edge-gap': 'state',
};

/**
 * Symptoms rank below causes at equal strength: a pod not ready is what an OOM kill, a
 * missing secret or a wrong image looks like from outside.
 */
export const SYMPTOM: ReadonlySet<Bucket> = new Set(['environment-not-ready', 'timing-race', 'weak-observability']);

/** Who usually owns the fix when the fact does not say. */
export const USUAL_CLASS: Record<Bucket, ProblemClass> = {
  'stale-contract': 'contract',
  'environment-not-ready': 'environment',
  'version-drift': 'environment',
  'auth-config-mismatch': 'environment',
  'timing-race': 'product',
  'replay-dedupe': 'tooling',
  'missing-result-data': 'product',
  'resource-pressure': 'environment',
  'selector-label-mismatch': 'environment',
  'external-dependency': 'environment',
  'build-artifact': 'tooling',
  'weak-observability': 'tooling',
  'bootstrap-edge-gap': 'environment',
};

/** "check X because Y" and the next surface, for a mechanism no signature advises on; `{s}` is the subject. */
export const GUIDANCE: Record<Bucket, { hypothesis: string; next: string }> = {
  'stale-contract': {
    hypothesis:
      'check whether {s} asserts what the product did before its last change, because a test that expects an old status, payload or snapshot fails on a correct product',
    next: 'the failing assertion next to the product change that renamed or reshaped what it checks',
  },
  'environment-not-ready': {
    hypothesis: 'check why {s} is not ready (its last termination, probes and latest warning), because every test through it fails until it is',
    next: 'kubectl describe of its pods: state, last state, events',
  },
  'version-drift': {
    hypothesis: 'check which build {s} actually runs against the one the test was written for, because a fix merged is not a fix deployed',
    next: 'the running image digests and build SHA of {s} next to the expected SHA and its rollout history',
  },
  'auth-config-mismatch': {
    hypothesis: 'check the credentials, permissions and configuration {s} is given, because a missing key, role or certificate fails every call the same way',
    next: 'the access review, secret and config keys (names only) and certificate dates for {s}',
  },
  'timing-race': {
    hypothesis: 'check what {s} was waiting on when the deadline passed, because a timeout names who gave up, not who was slow',
    next: 'the slow hop in the followed trace and the deadline configured against the latency observed',
  },
  'replay-dedupe': {
    hypothesis: 'check for state an earlier run left behind for {s}, because a rerun is refused or suppressed by what is already there',
    next: 'leftover namespaces, locks, jobs and rows from earlier runs, and their run ids',
  },
  'missing-result-data': {
    hypothesis: 'check where the results of {s} should have been written, because the workflow can finish while its output stays empty',
    next: 'the artifact, rows or upload the test reads, and the step that should have written them',
  },
  'resource-pressure': {
    hypothesis: 'check the memory, disk and CPU of {s} against its limits, because a process killed or starved mid-request leaves every caller waiting',
    next: 'last termination reasons, limits against usage, node conditions and evictions for {s}',
  },
  'selector-label-mismatch': {
    hypothesis: 'check the selector against the labels of the pods of {s}, because a Service or a scheduler that sees only part of them routes around the rest',
    next: 'kubectl get endpoints and the pod labels of {s}',
  },
  'external-dependency': {
    hypothesis: 'check the upstream {s} depends on, because a dependency down, slow or rate limiting fails the test from outside the system',
    next: 'the upstream status and the 429/5xx answers in {s} logs',
  },
  'build-artifact': {
    hypothesis: 'check the build product {s} ships, because a wrong architecture, checksum or missing file fails before any test logic runs',
    next: 'the build log and the artifact digest of {s}',
  },
  'weak-observability': {
    hypothesis: 'check where the real error of {s} went, because what is visible here is a symptom and the cause was logged (or dropped) elsewhere',
    next: 'the previous container logs, the collector pipeline and the events around {s}',
  },
  'bootstrap-edge-gap': {
    hypothesis: 'check which store {s} reads at first boot against where the seed data went, because seeding can reach some stores but not the one read first',
    next: 'the seed or migration logs and the store {s} reads at startup',
  },
};
