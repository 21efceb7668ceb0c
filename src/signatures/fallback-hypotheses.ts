// Hypotheses of the fallback tier: the buckets the lines no signature names read like
// (fallback-guess.ts), as "check X, because a line no signature names reads like Y", with
// their step, a score below any signature's, the confidence and the cue words.

import type { Bucket, StepId } from '../model';
import type { Classifier } from './classifier';
import { combineGuesses, FALLBACK_CONFIDENCE, GUESSES_PER_LINE, guessLine } from './fallback-guess';
import type { Hypothesis, HypothesisEvidence } from './hypothesis-types';
import type { UnexplainedEntry } from './unexplained';

/** Fallback hypotheses per scan: guesses past the third help nobody choose. */
const MAX_HYPOTHESES = 3;
/** A fallback's score is its confidence scaled below any signature's (a signature scores ≥ 0.76). */
const SCORE_SCALE = 0.5;
const EVIDENCE_PER_HYPOTHESIS = 5;
/** Templates classified per scan, most frequent first: a huge log's long tail adds nothing. */
const MAX_CLASSIFIED = 2000;

// The step each bucket is usually checked in (as the library's signatures place them).
const BUCKET_STEP: Record<Bucket, StepId> = {
  'stale-contract': 'contract',
  'environment-not-ready': 'environment',
  'version-drift': 'versions',
  'auth-config-mismatch': 'auth-config',
  'timing-race': 'environment',
  'replay-dedupe': 'rerun',
  'missing-result-data': 'data-path',
  'resource-pressure': 'environment',
  'selector-label-mismatch': 'environment',
  'external-dependency': 'environment',
  'build-artifact': 'versions',
  'weak-observability': 'observability',
  'bootstrap-edge-gap': 'data-path',
};

// What to check for a bucket when no signature says more, and what such a line reads like.
const BUCKET_GUIDANCE: Record<Bucket, { check: string; like: string; next: string }> = {
  'stale-contract': {
    check: 'whether the test still asserts what the product now does',
    like: 'an assertion on an old status, payload, event or snapshot',
    next: 'the failing assertion and the product change since the last green run',
  },
  'environment-not-ready': {
    check: 'that the service, pod, node or volume the step needs is up and ready',
    like: 'something the run depends on not being healthy yet',
    next: 'pod and node status, readiness probes, warning events',
  },
  'version-drift': {
    check: 'which version of the binary, image, schema or API is actually running',
    like: 'a version mismatch',
    next: 'deployed images and digests, the build SHA, client and server versions',
  },
  'auth-config-mismatch': {
    check: 'the credentials, permissions, certificates, endpoints and flags the failing call uses',
    like: 'an auth or configuration problem',
    next: 'the identity and its permissions (kubectl auth can-i), token and certificate expiry, the configured endpoint',
  },
  'timing-race': {
    check: 'what the step waited on and for how long',
    like: 'a timeout or a race',
    next: 'the timeout and what was slow: the dependency, the lock or the leader it waited for',
  },
  'replay-dedupe': {
    check: 'for state an earlier run left behind',
    like: 'a rerun blocked by something that already exists',
    next: 'leftover objects, locks and names from earlier runs',
  },
  'missing-result-data': {
    check: 'that the results, artifacts or rows the step reads were written',
    like: 'an empty or missing result',
    next: 'the artifact, file or table the step reads, and the job that should have written it',
  },
  'resource-pressure': {
    check: 'memory, disk, file handles and CPU where the step ran',
    like: 'a resource running out',
    next: 'container limits and last termination reason, node pressure, disk usage',
  },
  'selector-label-mismatch': {
    check: 'the selectors and labels that route to the service',
    like: 'a selector or label that matches too little',
    next: 'the Service selector against the pods\u2019 labels, its endpoints',
  },
  'external-dependency': {
    check: 'the upstream or third-party service the step called',
    like: 'an upstream that is down, slow or rate limiting',
    next: 'the upstream\u2019s status and its answers (HTTP status, rate-limit headers)',
  },
  'build-artifact': {
    check: 'the build product: its architecture, checksum, cache key and files',
    like: 'a wrong or incomplete build product',
    next: 'the build log, the artifact\u2019s digest and the build context',
  },
  'weak-observability': {
    check: 'where the real error is logged',
    like: 'an error reported somewhere other than where it happened',
    next: 'the component the failing call reached, its own logs',
  },
  'bootstrap-edge-gap': {
    check: 'which stores the seed or first-boot data reached',
    like: 'first-boot data missing from one store',
    next: 'the seed job and the store read at first boot',
  },
};

/**
 * A confidence as people read it: two decimals, and `<0.01` for a second opinion so weak that
 * two decimals would say 0.00 (a guess the classifier made, just barely).
 */
export const shownConfidence = (confidence: number): string => (confidence < 0.005 ? '<0.01' : confidence.toFixed(2));

/** A confidence kept in JSON: two decimals, or two significant digits below 0.01 (never a bare 0). */
const keptConfidence = (confidence: number): number => (confidence < 0.005 ? Number(confidence.toPrecision(2)) : Math.round(confidence * 100) / 100);

/** The id a fallback hypothesis goes by where a signature id would (evidence, adoption into the ledger). */
export const unnamedId = (bucket: Bucket): string => `unnamed-${bucket}`;

/**
 * "check X, because a line no signature names reads like Y", and where to look next; with
 * `alsoNamed`, a second opinion on lines a signature did name ("… also reads like Y").
 */
export function fallbackAdvice(bucket: Bucket, lines: number, alsoNamed = false): { hypothesis: string; next: string } {
  const guidance = BUCKET_GUIDANCE[bucket];
  const said = alsoNamed
    ? lines === 1
      ? 'a line a signature named also reads'
      : `${lines} lines signatures named also read`
    : lines === 1
      ? 'a line no signature names reads'
      : `${lines} lines no signature names read`;
  return { hypothesis: `check ${guidance.check}, because ${said} like ${guidance.like}`, next: guidance.next };
}

/**
 * Hypotheses of the fallback tier from the error-looking lines no signature explained:
 * one per bucket (the lines read together, see guessText), with the lines that read most
 * like it as evidence; none for a bucket already `named`, none below `threshold`. With
 * `secondOpinion` the lines are ones a signature matched, and the advice says so.
 */
export function fallbackHypotheses(
  unexplained: readonly UnexplainedEntry[],
  classifier: Classifier,
  named: ReadonlySet<Bucket>,
  threshold = FALLBACK_CONFIDENCE,
  secondOpinion = false,
): Hypothesis[] {
  const entries = unexplained.length > MAX_CLASSIFIED ? [...unexplained].sort((a, b) => b.count - a.count).slice(0, MAX_CLASSIFIED) : unexplained;
  const perLine = entries.map((entry) => ({ entry, guesses: guessLine(classifier, entry.example, GUESSES_PER_LINE, threshold) }));
  const guesses = combineGuesses(
    perLine.map((l) => l.guesses),
    GUESSES_PER_LINE + named.size,
  ).filter((g) => !named.has(g.bucket));
  return guesses.slice(0, MAX_HYPOTHESES).map((g) => {
    // The lines that read most like the bucket show it; lines that lean elsewhere only when none does.
    const lines = perLine
      .flatMap(({ entry, guesses: own }) => own.filter((o) => o.bucket === g.bucket).map((o) => ({ entry, confidence: o.confidence })))
      .sort((a, b) => b.confidence - a.confidence || b.entry.count - a.entry.count);
    const shown = (lines.length ? lines.map((l) => l.entry) : [...entries].sort((a, b) => b.count - a.count)).slice(0, EVIDENCE_PER_HYPOTHESIS);
    const count = lines.length ? lines.reduce((sum, l) => sum + l.entry.count, 0) : entries.reduce((sum, e) => sum + e.count, 0);
    const evidence: HypothesisEvidence[] = shown.map((e) => ({ signature: unnamedId(g.bucket), source: e.source, line: e.line, text: e.example }));
    return {
      tier: 'fallback' as const,
      bucket: g.bucket,
      class: g.class,
      step: BUCKET_STEP[g.bucket],
      score: Math.round(g.confidence * SCORE_SCALE * 100) / 100,
      confidence: keptConfidence(g.confidence),
      cues: g.cues,
      signatures: [],
      ...fallbackAdvice(g.bucket, count, secondOpinion),
      ...(secondOpinion ? { secondOpinion: true } : {}),
      evidence,
    };
  });
}
