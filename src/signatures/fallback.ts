// The second tier of recognition: error-looking lines no signature names still get a
// bucket, a class, a confidence and the words that decided it, from a classifier trained
// on the library's own examples and the dev corpus's labelled lines (classifier.ts).
// Shown as "unnamed — looks like …", always ranked below what a signature names.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Bucket, ProblemClass, StepId } from '../model';
import { BUCKETS, CLASSES } from '../model';
import { BUCKET_CUES } from './bucket-cues';
import { CLASSIFIER_FORMAT, classifierModelSchema, QUIET, trainClassifier, type Classifier, type ClassifierModel, type TrainingLine } from './classifier';
import type { Hypothesis, HypothesisEvidence } from './hypotheses';
import type { Signature } from './schema';
import { looksLikeError, type UnexplainedEntry } from './unexplained';

/**
 * A line's guess becomes a hypothesis from this confidence up. Tuned on the corpus's dev
 * half (fixtures/corpus): healthy texts flagged stay ≤ 5% while failures left without
 * any hypothesis shrink.
 */
export const FALLBACK_CONFIDENCE = 0.1;
/** Fallback hypotheses per scan: guesses past the third help nobody choose. */
const MAX_HYPOTHESES = 3;
/** A fallback's score is its confidence scaled below any signature's (a signature scores ≥ 0.76). */
const SCORE_SCALE = 0.5;
const EVIDENCE_PER_HYPOTHESIS = 5;
/** Templates classified per scan, most frequent first: a huge log's long tail adds nothing. */
const MAX_CLASSIFIED = 2000;

/**
 * The lines to learn from: every match example under its signature's bucket and class,
 * the buckets' cue phrases (bucket-cues.ts), quiet nomatch lines as QUIET, and the
 * labelled real-world lines of the dev corpus (`corpus`, see corpusLines).
 */
export function trainingLines(signatures: readonly Signature[], corpus: readonly TrainingLine[] = corpusLines()): TrainingLine[] {
  const lines: TrainingLine[] = [];
  for (const [bucket, cues] of Object.entries(BUCKET_CUES)) {
    cues.phrases.forEach((text, i) => lines.push({ text, label: `${bucket}/${cues.class}`, group: `cue-${bucket}-${i}` }));
  }
  let quiet = 0;
  for (const sig of signatures) {
    for (const example of sig.examples.match) {
      for (const text of example.split('\n')) if (text.trim()) lines.push({ text, label: `${sig.bucket}/${sig.class}`, group: sig.id });
    }
    // A nomatch line that reads like an error may be another failure; only quiet ones teach what is not one.
    for (const example of sig.examples.nomatch) {
      for (const text of example.split('\n')) if (text.trim() && !looksLikeError(text)) lines.push({ text, label: QUIET, group: `${QUIET}-${quiet++}` });
    }
  }
  lines.push(...corpus);
  return lines;
}

/** A record of the corpus (fixtures/corpus/README.md) as far as training needs it. */
export interface CorpusRecord {
  id: string;
  kind: 'failure' | 'healthy';
  bucket: string | null;
  class: string | null;
  text: string;
}

/**
 * Training lines from labelled corpus records: a failure's error-looking lines (what the
 * fallback is asked about) under its bucket and class, every line of a healthy text as
 * QUIET (INFO lines with scary words are what the quiet label must learn). A record's
 * lines are one group.
 */
export function corpusTrainingLines(records: readonly CorpusRecord[]): TrainingLine[] {
  const lines: TrainingLine[] = [];
  for (const r of records) {
    const texts = r.text.split('\n').filter((t) => t.trim());
    if (r.kind === 'healthy') for (const text of texts) lines.push({ text, label: QUIET, group: `corpus-${r.id}` });
    else if (r.bucket && r.class) for (const text of texts) if (looksLikeError(text)) lines.push({ text, label: `${r.bucket}/${r.class}`, group: `corpus-${r.id}` });
  }
  return lines;
}

/**
 * The corpus sets the shipped model learns from. A new gathering joins only after its one
 * blind run (bench:classify --only NAME): a set the model learned from is no blind test.
 * The held-out half never joins.
 */
export const TRAINING_SETS = ['dev', 'dev-extra', 'dev-extra2', 'dev-extra3', 'dev-extra4', 'dev-extra5', 'dev-extra6', 'dev-extra7', 'dev-extra8', 'dev-extra9'] as const;

let corpusMemo: TrainingLine[] | undefined;
/**
 * The corpus's training lines: next to the bundle (dist/fallback-corpus.json, written by
 * the build), else from fixtures/corpus when running from source; none when neither is there.
 */
export function corpusLines(): TrainingLine[] {
  if (corpusMemo) return corpusMemo;
  try {
    corpusMemo = trainingLinesSchema.parse(JSON.parse(readFileSync(new URL('./fallback-corpus.json', import.meta.url), 'utf8')));
  } catch {
    corpusMemo = readCorpus(new URL('../../fixtures/corpus/', import.meta.url));
  }
  return corpusMemo;
}

const trainingLinesSchema = z.array(z.object({ text: z.string(), label: z.string(), group: z.string() }));

/** The training lines of TRAINING_SETS under a corpus folder; none when it is not there. */
export function readCorpus(folder: URL): TrainingLine[] {
  const records: CorpusRecord[] = [];
  for (const set of TRAINING_SETS) {
    let text: string;
    try {
      text = readFileSync(new URL(`${set}.jsonl`, folder), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) if (line.trim()) records.push(JSON.parse(line) as CorpusRecord);
  }
  return corpusTrainingLines(records);
}

/** The model shipped next to the bundle (scripts/build.mjs), if it is there. */
function shippedModel(): unknown {
  try {
    return JSON.parse(readFileSync(new URL('./fallback-model.json', import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * What a library's model is trained from, as a digest: the classifier's format, the cue
 * table and every signature's labels and examples (the training lines follow from these).
 * Cheaper than making the lines, which a scan that reuses a model never needs.
 */
export function libraryKey(signatures: readonly Signature[], corpus: readonly TrainingLine[] = corpusLines()): string {
  const hash = createHash('sha256').update(`triage-fallback/${CLASSIFIER_FORMAT}\u0000${JSON.stringify(BUCKET_CUES)}`);
  for (const l of corpus) hash.update(`\u0003${l.label}\u0000${l.group}\u0000${l.text}`);
  for (const sig of signatures) {
    hash.update(`\u0001${sig.id}\u0000${sig.bucket}\u0000${sig.class}\u0000${sig.examples.match.join('\u0002')}\u0000${sig.examples.nomatch.join('\u0002')}`);
  }
  return hash.digest('hex');
}

/** A model read from a file (the cache, the bundle's) when it is one, trained on a library with this key. */
function usable(model: unknown, key: string): ClassifierModel | undefined {
  if ((model as { key?: unknown } | undefined)?.key !== key) return undefined;
  const parsed = classifierModelSchema.safeParse(model);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The model for these signatures: `known` (a cached one) or the one shipped with the
 * bundle when trained on exactly their lines, else trained now. A damaged file only
 * costs the training.
 */
export function fallbackModel(signatures: readonly Signature[], known?: unknown, corpus: readonly TrainingLine[] = corpusLines()): ClassifierModel {
  const key = libraryKey(signatures, corpus);
  return usable(known, key) ?? usable(shippedModel(), key) ?? trainClassifier(trainingLines(signatures, corpus), key);
}

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

export const isBucket = (value: string): value is Bucket => (BUCKETS as readonly string[]).includes(value);
const isClass = (value: string): value is ProblemClass => (CLASSES as readonly string[]).includes(value);

/** The id a fallback hypothesis goes by where a signature id would (evidence, adoption into the ledger). */
export const unnamedId = (bucket: Bucket): string => `unnamed-${bucket}`;

/** Buckets a line may belong to, beyond the most likely: the second and third still help a person choose. */
const GUESSES_PER_LINE = 3;

/** One bucket a line may belong to, as the fallback tier uses it. */
export interface FallbackGuess {
  bucket: Bucket;
  class: ProblemClass;
  confidence: number;
  cues: string[];
}

/** The line's most likely buckets (at most `top`), none below the threshold, most likely first. */
export function guessLine(classifier: Classifier, text: string, top = GUESSES_PER_LINE, threshold = FALLBACK_CONFIDENCE): FallbackGuess[] {
  return classifier.classify(text, top, threshold).flatMap((g) => (isBucket(g.bucket) && isClass(g.class) ? [{ bucket: g.bucket, class: g.class, confidence: g.confidence, cues: g.cues }] : []));
}

/**
 * The most likely buckets of several error-looking lines of one text, most likely first,
 * each bucket at its most confident line. (Adding the lines' evidence up instead, as one
 * document, did no better in cross-validation: bench/classify-cv.mjs.)
 */
export function guessText(classifier: Classifier, lines: readonly string[], top = GUESSES_PER_LINE, threshold = FALLBACK_CONFIDENCE): FallbackGuess[] {
  const texts = lines.filter((l) => l.trim());
  return combineGuesses(texts.map((t) => guessLine(classifier, t, GUESSES_PER_LINE, threshold)), top);
}

/** Each line's guesses (`perLine`) merged: each bucket at its surest line. */
function combineGuesses(perLine: readonly FallbackGuess[][], top: number): FallbackGuess[] {
  const best = new Map<Bucket, FallbackGuess>();
  const keep = (g: FallbackGuess) => {
    const held = best.get(g.bucket);
    if (!held || held.confidence < g.confidence) best.set(g.bucket, g);
  };
  for (const guesses of perLine) for (const g of guesses) keep(g);
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || a.bucket.localeCompare(b.bucket)).slice(0, top);
}
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
      confidence: Math.round(g.confidence * 100) / 100,
      cues: g.cues,
      signatures: [],
      ...fallbackAdvice(g.bucket, count, secondOpinion),
      ...(secondOpinion ? { secondOpinion: true } : {}),
      evidence,
    };
  });
}
