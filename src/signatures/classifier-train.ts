// Training the fallback classifier: counting each line's tokens under its label, fitting
// the softmax temperature on lines left out a signature at a time, and fitting a logistic
// regression's weights per bucket over the same tokens. The result is plain data
// (classifier-model.ts), so the same lines always give the same file.

import { createHash } from 'node:crypto';
import { ALPHA, bucketsOf, CLASSIFIER_FORMAT, quantizeRow, tokenWeight, type ClassifierModel, type TrainingLine } from './classifier-model';
import { lineTokens } from './classifier-tokens';

/**
 * Token counts per label, sparse: token → [label, count, label, count, …] (the model's own
 * form). Most tokens are seen under one or two labels, so this is small and quick to count.
 */
function countTokens(lines: readonly { tokens: string[]; label: number }[]): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const { tokens, label } of lines) {
    for (const t of tokens) {
      const row = counts.get(t);
      if (!row) {
        counts.set(t, [label, 1]);
        continue;
      }
      let k = 0;
      while (k < row.length && row[k] !== label) k += 2;
      if (k < row.length) row[k + 1]!++;
      else row.push(label, 1);
    }
  }
  return counts;
}

/**
 * The temperature that makes held-out posteriors honest: each signature's lines are
 * scored by a model counted without them (its counts subtracted), and the temperature
 * minimising their log loss is kept. Quiet lines are left out one at a time.
 */
function fitTemperature(lines: readonly { tokens: string[]; label: number; group: string }[], bucketOf: readonly number[], buckets: number, counts: Map<string, number[]>): number {
  // Bucket counts, one row per token, and their smoothed logs; every line of a group (a signature) has one bucket.
  const vocabulary = counts.size;
  const row = new Map<string, number>();
  const bucketCounts = new Float64Array(vocabulary * buckets);
  const totals = new Float64Array(buckets);
  let i = 0;
  for (const [t, sparse] of counts) {
    row.set(t, i * buckets);
    for (let k = 0; k < sparse.length; k += 2) {
      bucketCounts[i * buckets + bucketOf[sparse[k]!]!]! += sparse[k + 1]!;
      totals[bucketOf[sparse[k]!]!]! += sparse[k + 1]!;
    }
    i++;
  }
  const logCounts = bucketCounts.map((n) => Math.log(n + ALPHA));
  const groups = new Map<string, (typeof lines)[number][]>();
  for (const line of lines) {
    const members = groups.get(line.group);
    if (members) members.push(line);
    else groups.set(line.group, [line]);
  }

  const heldOut: { scores: Float64Array; truth: number }[] = [];
  const denominators = totals.map((t) => Math.log(t + ALPHA * vocabulary));
  // Each token weighs what it weighs when a line is classified (from the whole model's counts).
  const weights = new Float64Array(vocabulary);
  const logp = new Float64Array(buckets);
  for (let v = 0; v < vocabulary; v++) {
    for (let b = 0; b < buckets; b++) logp[b] = logCounts[v * buckets + b]! - denominators[b]!;
    weights[v] = tokenWeight(logp);
  }
  for (const members of groups.values()) {
    const own = new Map<string, number>();
    let ownTotal = 0;
    for (const m of members) {
      for (const t of m.tokens) own.set(t, (own.get(t) ?? 0) + 1);
      ownTotal += m.tokens.length;
    }
    const truth = bucketOf[members[0]!.label]!;
    const ownDenominator = Math.log(totals[truth]! - ownTotal + ALPHA * vocabulary);
    for (const m of members) {
      const scores = new Float64Array(buckets);
      for (const t of m.tokens) {
        const r = row.get(t)!;
        const mine = own.get(t)!;
        // A token only this group used is unknown to the model without it.
        let rest = -mine;
        for (let b = 0; b < buckets; b++) rest += bucketCounts[r + b]!;
        if (rest <= 0) continue;
        const w = weights[r / buckets]!;
        for (let b = 0; b < buckets; b++) scores[b]! += w * (logCounts[r + b]! - denominators[b]!);
        scores[truth]! += w * (Math.log(bucketCounts[r + truth]! - mine + ALPHA) - logCounts[r + truth]! + denominators[truth]! - ownDenominator);
      }
      heldOut.push({ scores, truth });
    }
  }
  // Log loss of the held-out lines at a temperature: -log softmax(scores / T)[truth].
  const loss = (temperature: number) => {
    let sum = 0;
    for (const { scores, truth } of heldOut) {
      let max = -Infinity;
      for (const s of scores) if (s > max) max = s;
      let z = 0;
      for (const s of scores) z += Math.exp((s - max) / temperature);
      sum += Math.log(z) - (scores[truth]! - max) / temperature;
    }
    return sum;
  };
  // Golden-section search on log T: the loss is smooth and unimodal in practice.
  let lo = Math.log(0.5);
  let hi = Math.log(200);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = loss(Math.exp(a));
  let fb = loss(Math.exp(b));
  for (let i = 0; i < 24; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = loss(Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = loss(Math.exp(b));
    }
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1000) / 1000;
}

/**
 * Passes of the logistic regression over the training lines, and its AdaGrad step and L2 penalty.
 * Leaving one set out (bench:classify-cv --by-set), whole-ranking top-1 / top-3 80.7% / 89.7% as
 * here; L2 1e-4 80.7% / 89.6%, 20 passes 80.6% / 89.6%, every line weighing 1 (no group
 * scaling) 80.5% / 89.4%. Later, over 64 sets (78.4% / 88.9%, healthy flagged 1.9%): each bucket's
 * lines scaled to balance the buckets (by the square root of the mean bucket's weight over its own)
 * 78.4% / 88.9% (+1 / -3 failures, healthy flagged 2.0%); corpus lines weighing twice a signature
 * example's no better on the 30 sets measured (top-1 even, top-3 -4 failures).
 */
const EPOCHS = 10;
const STEP = 0.5;
const L2 = 1e-5;
/** The intercepts kept to this many decimals (the weights are quantized: quantizeRow). */
const KEPT = 1e4;

/**
 * A multinomial logistic regression over the same tokens (each line's tokens scaled by one over
 * the square root of their number, a group's lines by one over the square root of its size, so a
 * signature with many examples does not outvote one with two), fitted by AdaGrad in a fixed
 * order (a digest of each line), so the same lines always give the same weights. Naive Bayes
 * counts a word under every bucket that uses it; this learns which words tell buckets apart.
 */
function fitWeights(lines: readonly { tokens: string[]; bucket: number; group: string; text: string }[], tokens: readonly string[], buckets: number): { bias: number[]; weights: Float64Array } {
  const index = new Map(tokens.map((t, i) => [t, i]));
  const groupSize = new Map<string, number>();
  for (const l of lines) groupSize.set(l.group, (groupSize.get(l.group) ?? 0) + 1);
  const data = lines
    .map((l) => ({
      ids: l.tokens.map((t) => index.get(t)!),
      bucket: l.bucket,
      weight: 1 / Math.sqrt(groupSize.get(l.group)!),
      order: createHash('sha1').update(`${l.group}\u0000${l.text}`).digest().readUInt32BE(0),
    }))
    .sort((a, b) => a.order - b.order);
  const B = buckets;
  const weights = new Float64Array(tokens.length * B);
  const squares = new Float64Array(tokens.length * B).fill(1e-8);
  const bias = new Float64Array(B);
  const biasSquares = new Float64Array(B).fill(1e-8);
  const p = new Float64Array(B);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const d of data) {
      const x = d.ids.length ? 1 / Math.sqrt(d.ids.length) : 0;
      for (let b = 0; b < B; b++) p[b] = bias[b]!;
      for (const t of d.ids) for (let b = 0; b < B; b++) p[b]! += weights[t * B + b]! * x;
      let max = -Infinity;
      for (let b = 0; b < B; b++) if (p[b]! > max) max = p[b]!;
      let z = 0;
      for (let b = 0; b < B; b++) z += p[b] = Math.exp(p[b]! - max);
      for (let b = 0; b < B; b++) {
        const g = d.weight * (p[b]! / z - (b === d.bucket ? 1 : 0));
        biasSquares[b]! += g * g;
        bias[b]! -= (STEP * g) / Math.sqrt(biasSquares[b]!);
        for (const t of d.ids) {
          const k = t * B + b;
          const gw = g * x + L2 * weights[k]!;
          squares[k]! += gw * gw;
          weights[k]! -= (STEP * gw) / Math.sqrt(squares[k]!);
        }
      }
    }
  }
  return { bias: [...bias].map((w) => Math.round(w * KEPT) / KEPT), weights };
}

/**
 * Counts the training lines into a model: each line's tokens under its label, and the
 * fitted temperature. `key` says what it was trained on (by default, a digest of the lines).
 */
export function trainClassifier(lines: readonly TrainingLine[], key = trainingKey(lines)): ClassifierModel {
  const labels = [...new Set(lines.map((l) => l.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const prepared = lines.map((l) => ({ tokens: lineTokens(l.text), label: index.get(l.label)!, group: l.group }));
  const sparse = countTokens(prepared);
  const bucketLabels = [...new Set(labels.map((l) => l.split('/')[0]!))];
  const bucketOf = labels.map((l) => bucketLabels.indexOf(l.split('/')[0]!));
  const temperature = fitTemperature(prepared, bucketOf, bucketLabels.length, sparse);
  const tokens = [...sparse.keys()].sort();
  const B = bucketsOf(labels).length;
  const fitted = fitWeights(
    prepared.map((l, i) => ({ tokens: l.tokens, bucket: bucketOf[l.label]!, group: l.group, text: lines[i]!.text })),
    tokens,
    B,
  );
  const weights: Record<string, number[]> = {};
  tokens.forEach((token, i) => (weights[token] = quantizeRow(fitted.weights.subarray(i * B, (i + 1) * B))));
  const counts: Record<string, number[]> = {};
  for (const token of tokens) {
    const row = sparse.get(token)!;
    // Labels in order (an insertion sort of the few pairs), so the same lines always give the same file.
    for (let k = 2; k < row.length; k += 2) {
      const label = row[k]!;
      const count = row[k + 1]!;
      let j = k - 2;
      for (; j >= 0 && row[j]! > label; j -= 2) [row[j + 2], row[j + 3]] = [row[j]!, row[j + 1]!];
      [row[j + 2], row[j + 3]] = [label, count];
    }
    counts[token] = row;
  }
  return { format: CLASSIFIER_FORMAT, key, labels, temperature, counts, bias: fitted.bias, weights };
}

/** A digest of the training lines and of this algorithm's format. */
export function trainingKey(lines: readonly TrainingLine[]): string {
  const hash = createHash('sha256').update(`triage-classifier/${CLASSIFIER_FORMAT}`);
  for (const l of lines) hash.update(`\u0001${l.label}\u0000${l.group}\u0000${l.text}`);
  return hash.digest('hex');
}
