// The fallback classifier's model as data: the labels, the fitted temperature, the token
// counts per label and the logistic regression's weights per bucket, checked when read back from a cache or the bundle (JSON). What it is
// trained from, and how, is classifier-train.ts; how it scores a line, classifier.ts.

import { z } from 'zod';

/** The label of quiet text: lines that are not failures. */
export const QUIET = 'quiet';
/** Bumped whenever tokens or training change: a model of another format is trained again. */
export const CLASSIFIER_FORMAT = 6;
/**
 * Laplace smoothing: what a word never seen with a label still counts (training and scoring
 * alike). 0.1 ranked a little better than 0.3, 0.6 or 1 in cross-validation (bench:classify-cv);
 * leaving one set out (--by-set), whole-ranking top-1 0.05 77.5%, 0.1 77.9%, 0.2 77.8%, 0.4 77.5%.
 */
export const ALPHA = 0.1;

/**
 * What a token weighs in a line's score, from how its smoothed P(token | bucket) spreads over
 * the buckets: 1 when one bucket holds it all, this floor when it is as likely under every
 * bucket. Words every failure uses (error, failed, not found) then pull less toward the bucket
 * whose lines happen to use them most — the fallback leaned to auth-config-mismatch on such
 * words. Leaving one set out (bench:classify-cv --by-set), whole-ranking top-1 / top-3:
 * floor 1 (no weighting) 79.3% / 88.3%, 0.5 79.8% / 88.6%, 0.3 79.8% / 88.8%, 0.15 79.7% / 88.8%,
 * 0 79.8% / 88.5%.
 */
const SPREAD_FLOOR = 0.3;

/** A token's weight (SPREAD_FLOOR) from its log P(token | bucket) per bucket. */
export function tokenWeight(logp: ArrayLike<number>): number {
  let sum = 0;
  for (let b = 0; b < logp.length; b++) sum += Math.exp(logp[b]!);
  let entropy = 0;
  for (let b = 0; b < logp.length; b++) {
    const p = Math.exp(logp[b]!) / sum;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return logp.length < 2 ? 1 : SPREAD_FLOOR + (1 - SPREAD_FLOOR) * (1 - entropy / Math.log(logp.length));
}

/** Counts as a model holds them: every token's row pairs a known label index with a count. */
function countsProblem(counts: unknown, labels: number): string | undefined {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) return 'not an object';
  // A loop, not a schema per row: a model has tens of thousands of rows.
  for (const token in counts) {
    const row = (counts as Record<string, unknown>)[token];
    if (!Array.isArray(row) || row.length % 2 !== 0) return `${token}: not [label, count, …] pairs`;
    for (let k = 0; k < row.length; k++) {
      const n = row[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || (k % 2 === 0 && n >= labels)) return `${token}: ${String(n)} is no label index or count`;
    }
  }
  return undefined;
}

/** The buckets of `bucket/class` labels (and QUIET), in the order first named: the order of bias and weights. */
export const bucketsOf = (labels: readonly string[]): string[] => [...new Set(labels.map((l) => l.split('/')[0]!))];

/**
 * A token's logistic regression weights as a model holds them, quantized: a scale code c (an
 * integer 0–255: the row's range is 2^(c/16 − 8), the least such power at or above its largest
 * weight, so from 0.004 to 245 in steps of 4.4%), then one integer q per bucket in [-QUANT, QUANT];
 * the weight is q · range / QUANT. A byte a weight in the packed model (classifier-pack.ts)
 * instead of four: the weights were two thirds of its 5.5 MB. Leaving one set out
 * (bench:classify-cv --by-set), whole-ranking top-1 / top-3 78.8% / 88.6% against 78.8% / 88.7%
 * with the 32-bit floats: 3 of 3,338 failures changed, each on a near tie of two buckets.
 */
const QUANT = 127;
const range = (code: number) => 2 ** (code / 16 - 8);

/** A row of weights (one per bucket) quantized: [scale code, q per bucket] (dequantize reads it back). */
export function quantizeRow(weights: ArrayLike<number>): number[] {
  let most = 0;
  for (let b = 0; b < weights.length; b++) most = Math.max(most, Math.abs(weights[b]!));
  let code = most > 0 ? Math.max(0, Math.min(255, Math.ceil(16 * (Math.log2(most) + 8)))) : 0;
  // Math.log2 may land a hair off a power of two.
  while (code < 255 && range(code) < most) code++;
  const step = range(code) / QUANT;
  const row = [code];
  for (let b = 0; b < weights.length; b++) row.push(Math.max(-QUANT, Math.min(QUANT, Math.round(weights[b]! / step))) || 0);
  return row;
}

/** The weights of a quantized row ([scale code, q per bucket]), as the classifier uses them. */
export function dequantize(row: ArrayLike<number>): Float32Array {
  const weights = new Float32Array(row.length - 1);
  const step = range(row[0]!) / QUANT;
  for (let b = 1; b < row.length; b++) weights[b - 1] = row[b]! * step;
  return weights;
}

/** Whether a quantized row of weights is one (quantizeRow) for this many buckets. */
export const isQuantizedRow = (row: unknown, buckets: number): boolean =>
  Array.isArray(row) &&
  row.length === buckets + 1 &&
  Number.isInteger(row[0]) &&
  (row[0] as number) >= 0 &&
  (row[0] as number) <= 255 &&
  row.every((q, i) => i === 0 || (Number.isInteger(q) && Math.abs(q as number) <= QUANT));

/** Weights as a model holds them: a quantized row (quantizeRow) for every token counted. */
function weightsProblem(weights: unknown, counts: Record<string, number[]>, buckets: number): string | undefined {
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) return 'not an object';
  for (const token in counts) if (!isQuantizedRow((weights as Record<string, unknown>)[token], buckets)) return `${token}: no quantized weight per bucket`;
  return undefined;
}

export const classifierModelSchema = z
  .object({
    format: z.literal(CLASSIFIER_FORMAT),
    /** What it was trained on: a shipped or cached model is reused only for the same library. */
    key: z.string(),
    /** `bucket/class` pairs, and QUIET. */
    labels: z.array(z.string()).min(1),
    /** Softmax temperature over the label scores, fitted on held-out lines (leave one signature out). */
    temperature: z.number().positive(),
    /** token → [label index, count, label index, count, …] */
    counts: z.custom<Record<string, number[]>>((value) => typeof value === 'object' && value !== null),
    /** The logistic regression's intercept per bucket (bucketsOf order). */
    bias: z.array(z.number()),
    /** token → its logistic regression weights, quantized: [scale code, one integer per bucket] (quantizeRow, bucketsOf order); the tokens of `counts`. */
    weights: z.custom<Record<string, number[]>>((value) => typeof value === 'object' && value !== null),
  })
  .superRefine((m, ctx) => {
    const problem = countsProblem(m.counts, m.labels.length);
    if (problem) ctx.addIssue({ code: 'custom', path: ['counts'], message: problem });
    const buckets = bucketsOf(m.labels).length;
    const wrong = m.bias.length !== buckets ? 'bias' : weightsProblem(m.weights, m.counts, buckets);
    if (wrong) ctx.addIssue({ code: 'custom', path: ['weights'], message: wrong });
  });
export type ClassifierModel = z.infer<typeof classifierModelSchema>;

/** One line to learn from; `group` is what is left out together when fitting the temperature (a signature). */
export interface TrainingLine {
  text: string;
  label: string;
  group: string;
}
