// The fallback classifier's algorithm: a multinomial naive Bayes over the words and word
// pairs of one line (timestamps, ids, addresses and durations masked), trained by counting,
// mixed with a logistic regression over the same tokens (classifier-train.ts fitWeights).
// Deterministic and explainable: a line's bucket is the one whose training lines used its
// words most (and whose words the regression learned tell it apart), and the words that
// pulled hardest toward it under naive Bayes are its cues. The model is plain data (counts
// and weights), so it serializes to JSON, caches and ships next to the bundle.
// The model is classifier-model.ts, its tokens classifier-tokens.ts, its training
// classifier-train.ts; this file scores lines with a trained model.
// Tried and dropped leaving one set out (bench:classify-cv --by-set; top-1 of the fallback
// alone 69.2%): bucket priors (69.1%), complement naive Bayes (63.2%), pairs weighted 0.5 or
// 1.5 (68.1%, 68.7%), each token's pull clipped (68.1%), tokens of a single training group
// dropped (68.1%), suffix stemming (68.8%), corpus lines counted 2 or 3 times (68.9%, 69.3%
// but the whole ranking 77.2–77.3% against 77.9%), lines weighted by their group's size
// (69.8%, but the whole ranking 78.3% / top-3 87.5% against 77.9% / 87.9%: noise); later, with
// tokens weighted by their spread (tokenWeight), per-bucket offsets fitted to the left-out lines'
// log loss (whole ranking 79.1% / 88.0% against 79.8% / 88.8%, more failures left unanswered).

import { ALPHA, dequantize, QUIET, tokenWeight, type ClassifierModel } from './classifier-model';
import { packedRow, type PackedModel } from './classifier-pack';
import { lineTokens } from './classifier-tokens';
import { localeOrder } from '../text-order';

export { CLASSIFIER_FORMAT, classifierModelSchema, QUIET, type TrainingLine } from './classifier-model';
export { packModel, unpackModel, type PackedModel } from './classifier-pack';
export { lineTokens } from './classifier-tokens';
export { trainClassifier, trainingKey } from './classifier-train';

function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const p = scores.map((s) => Math.exp((s - max) / temperature));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / sum);
}

/** One bucket a line may belong to. */
export interface Guess {
  /** A bucket, or QUIET when the line reads like quiet text. */
  bucket: string;
  class: string;
  /** Posterior of the bucket against every other bucket and quiet text, 0–1. */
  confidence: number;
  /** The 2–4 tokens that pulled hardest toward the bucket, strongest first. */
  cues: string[];
}

const CUES = 4;

/**
 * The naive Bayes posterior's share of a line's confidence; the logistic regression's is the
 * rest. Leaving one set out (bench:classify-cv --by-set), whole-ranking top-1 / top-3: naive
 * Bayes alone 80.0% / 89.5%, share 0.85 80.6% / 89.6%, 0.7 80.7% / 89.7%, 0.5 80.4% / 89.7%.
 * Later, over 64 sets (78.4% / 88.9%, healthy flagged 1.9%): the two mixed as log posteriors
 * (0.7 and 0.3 of each log, softmax again) 78.4% / 89.1% (-1 / +5 failures), healthy flagged 2.0%.
 */
const BAYES_SHARE = 0.7;

/** What the model says about one token: log P(token | bucket) per bucket, their sum of P, its pair counts. */
interface TokenRow {
  logp: Float64Array;
  /** How much the token says about the bucket (tokenWeight). */
  weight: number;
  total: number;
  sparse: ArrayLike<number>;
  /** Its logistic regression weight per bucket. */
  weights: ArrayLike<number>;
}

/** A model as trained (counts by token) or as read from bytes (classifier-pack.ts). */
export type ModelData = ClassifierModel | PackedModel;

const isPacked = (model: ModelData): model is PackedModel => 'stream' in model;

/**
 * A trained model ready to classify lines: microseconds a line. A token's row is worked
 * out the first time a line holds it, so opening a model costs one pass over its counts.
 */
export class Classifier {
  private readonly bucketLabels: string[];
  /** For each pair label, its bucket label's index. */
  private readonly bucketOfPair: number[];
  private readonly bucketDenominators: number[];
  /** Per pair label: log of its smoothed total, the denominator of its P(token | pair). */
  private readonly pairDenominators: number[];
  private readonly rows = new Map<string, TokenRow | null>();

  constructor(readonly model: ModelData) {
    this.bucketLabels = [...new Set(model.labels.map((l) => l.split('/')[0]!))];
    this.bucketOfPair = model.labels.map((l) => this.bucketLabels.indexOf(l.split('/')[0]!));
    const pairTotals = model.labels.map(() => 0);
    let vocabulary = 0;
    if (isPacked(model)) {
      model.totals.forEach((t, p) => (pairTotals[p] = t));
      vocabulary = model.tokens;
    } else {
      for (const token in model.counts) {
        const sparse = model.counts[token]!;
        for (let k = 0; k < sparse.length; k += 2) pairTotals[sparse[k]!]! += sparse[k + 1]!;
        vocabulary++;
      }
    }
    const bucketTotals = this.bucketLabels.map(() => 0);
    pairTotals.forEach((t, p) => (bucketTotals[this.bucketOfPair[p]!]! += t));
    this.bucketDenominators = bucketTotals.map((t) => Math.log(t + ALPHA * vocabulary));
    this.pairDenominators = pairTotals.map((t) => Math.log(t + ALPHA * vocabulary));
  }

  private row(token: string): TokenRow | undefined {
    let row = this.rows.get(token);
    if (row === undefined) {
      const model = this.model;
      const found = isPacked(model) ? packedRow(model, token) : Object.hasOwn(model.counts, token) ? { sparse: model.counts[token]!, weights: dequantize(model.weights[token]!) } : undefined;
      if (found) {
        const { sparse, weights } = found;
        const counts = new Float64Array(this.bucketLabels.length);
        for (let k = 0; k < sparse.length; k += 2) counts[this.bucketOfPair[sparse[k]!]!]! += sparse[k + 1]!;
        const logp = counts.map((n, b) => Math.log(n + ALPHA) - this.bucketDenominators[b]!);
        row = { logp, weight: tokenWeight(logp), total: logp.reduce((sum, l) => sum + Math.exp(l), 0), sparse, weights };
      } else row = null;
      this.rows.set(token, row);
    }
    return row ?? undefined;
  }

  /**
   * The `top` most likely buckets of a line, most likely first; none below `least`, and none
   * at all when the most likely bucket that is not quiet text is below `gate` (its class and
   * cues are then never worked out: most lines of a large log end there).
   */
  classify(text: string, top = 3, least = 0, gate = 0): Guess[] {
    const scores = new Float64Array(this.bucketLabels.length);
    const known: { word: string; row: TokenRow }[] = [];
    for (const word of lineTokens(text)) {
      const row = this.row(word);
      if (!row) continue;
      known.push({ word, row });
      for (let b = 0; b < scores.length; b++) scores[b]! += row.weight * row.logp[b]!;
    }
    const bayes = softmax(scores, this.model.temperature);
    // The logistic regression's reading of the same tokens (scaled as in training), mixed in.
    const linear = Float64Array.from(this.model.bias);
    const x = known.length ? 1 / Math.sqrt(known.length) : 0;
    for (const { row } of known) for (let b = 0; b < linear.length; b++) linear[b]! += row.weights[b]! * x;
    const regression = softmax(linear, 1);
    const posterior = bayes.map((p, b) => BAYES_SHARE * p + (1 - BAYES_SHARE) * regression[b]!);
    const order = [...posterior.keys()].sort((a, b) => posterior[b]! - posterior[a]! || a - b);
    const first = order.find((b) => this.bucketLabels[b] !== QUIET);
    if (gate > 0 && (first === undefined || posterior[first]! < gate)) return [];
    return order
      .slice(0, top)
      .filter((b) => posterior[b]! >= least)
      .map((b) => ({ bucket: this.bucketLabels[b]!, class: this.classWithin(b, known), confidence: posterior[b]!, cues: this.cues(known, b) }));
  }

  /** The class of the bucket's pair label (bucket/class) that scores best on the line's tokens. */
  private classWithin(bucket: number, known: readonly { row: TokenRow }[]): string {
    let best = -1;
    let bestScore = -Infinity;
    for (let p = 0; p < this.bucketOfPair.length; p++) {
      if (this.bucketOfPair[p] !== bucket) continue;
      let score = 0;
      for (const { row } of known) {
        let count = 0;
        for (let k = 0; k < row.sparse.length; k += 2) if (row.sparse[k] === p) count = row.sparse[k + 1]!;
        score += Math.log(count + ALPHA) - this.pairDenominators[p]!;
      }
      if (score > bestScore) [best, bestScore] = [p, score];
    }
    return best < 0 ? '' : (this.model.labels[best]!.split('/')[1] ?? '');
  }

  /** Tokens by how much more likely they are under the winner than under the other labels on average. */
  private cues(known: readonly { word: string; row: TokenRow }[], win: number): string[] {
    const n = this.bucketLabels.length;
    const pull = known.map(({ word, row }) => ({ word, pull: row.logp[win]! - Math.log((row.total - Math.exp(row.logp[win]!)) / (n - 1)) }));
    pull.sort((a, b) => b.pull - a.pull || localeOrder(a.word, b.word));
    const cues: string[] = [];
    const covered = new Set<string>();
    for (const { word, pull: p } of pull) {
      if (p <= 0 || cues.length >= CUES) break;
      if (word.startsWith('#')) continue;
      const parts = word.split(' ');
      // A pair already shown says its words; a word already shown makes its pair redundant.
      if (parts.every((w) => covered.has(w))) continue;
      cues.push(word);
      for (const w of parts) covered.add(w);
    }
    return cues;
  }
}
