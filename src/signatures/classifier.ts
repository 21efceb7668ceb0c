// The fallback classifier's algorithm: a multinomial naive Bayes over the words and word
// pairs of one line (timestamps, ids, addresses and durations masked), trained by counting.
// Deterministic and explainable: a line's bucket is the one whose training lines used its
// words most, and the words that pulled hardest toward it are its cues. The model is
// plain data (counts), so it serializes to JSON, caches and ships next to the bundle.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MASKS } from './unexplained';

/** The label of quiet text: lines that are not failures. */
export const QUIET = 'quiet';
/** Bumped whenever tokens or training change: a model of another format is trained again. */
export const CLASSIFIER_FORMAT = 2;
const FORMAT = CLASSIFIER_FORMAT;
/** Laplace smoothing: what a word never seen with a label still counts. */
const ALPHA = 0.3;
/** Words per line kept; a longer line's tail rarely names the failure. */
const MAX_WORDS = 40;

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

export const classifierModelSchema = z
  .object({
    format: z.literal(FORMAT),
    /** What it was trained on: a shipped or cached model is reused only for the same library. */
    key: z.string(),
    /** `bucket/class` pairs, and QUIET. */
    labels: z.array(z.string()).min(1),
    /** Softmax temperature over the label scores, fitted on held-out lines (leave one signature out). */
    temperature: z.number().positive(),
    /** token → [label index, count, label index, count, …] */
    counts: z.custom<Record<string, number[]>>((value) => typeof value === 'object' && value !== null),
  })
  .superRefine((m, ctx) => {
    const problem = countsProblem(m.counts, m.labels.length);
    if (problem) ctx.addIssue({ code: 'custom', path: ['counts'], message: problem });
  });
export type ClassifierModel = z.infer<typeof classifierModelSchema>;

/** One line to learn from; `group` is what is left out together when fitting the temperature (a signature). */
export interface TrainingLine {
  text: string;
  label: string;
  group: string;
}

// Function words say nothing about the failure; negations and modal words ("cannot") do.
const STOP = new Set(
  'a an the of to in on at for from by with as is are was were be been being and or this that these those it its into than then there their we you your i me my our has have had do does did will would should may might if while when so such via per'.split(' '),
);

// Variable parts become placeholder words ('#ip' holds no letter a real word would).
const TOKEN_MASKS = MASKS.filter((m) => m.token !== '<n>').map((m) => ({
  find: m.find,
  word: ({ '<time>': ' ', '<uuid>': ' #id ', '<hex>': ' #id ', '<ip>': ' #ip ', '<pod>': '$1 #pod ', '<dur>': ' #dur ' } as Record<string, string>)[m.token] ?? ' ',
}));

// Where a line points names a product or a project, not the kind of failure: a URL or a
// file path becomes a placeholder, a qualified class name (org.apache.kafka.common.errors.
// TimeoutException) keeps only its class, and a source location (`reflector.go:147`) loses
// its line number, which would pass for a status code.
// Terminal colours a CI log keeps (ESC [ … m) are no words.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const PATH = /(^|[\s'"(=:])(?:~|\.{1,2})?(?:\/[\w.@+-]+){2,}\/?/g;
const QUALIFIED_NAME = /\b(?:[a-z_][\w$]*\.){2,}([A-Z][\w$]*)/g;
const SOURCE_LOCATION = /\b([\w$-]+)\.(?:go|py|java|kt|scala|js|mjs|cjs|ts|tsx|rs|c|h|cc|cpp|hpp|cs|rb|php|sh|ex|exs|erl)(?::\d+)+/g;

/** `ImagePullBackOff` → image pull back off; `OOMKilled` → oom killed. */
function camelParts(word: string): string[] {
  if (!/[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/.test(word)) return [word.toLowerCase()];
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');
}

/**
 * The tokens of a line: its words (lower case, compound words also split at their
 * capitals, three-digit codes such as 403 or 137 kept, other numbers dropped) and each
 * pair of neighbouring words, each token once.
 */
export function lineTokens(text: string): string[] {
  let masked = (text.length > 600 ? text.slice(0, 600) : text)
    .replace(ANSI, ' ')
    .replace(URL, ' #url ')
    .replace(PATH, '$1 #path ')
    .replace(QUALIFIED_NAME, '$1')
    .replace(SOURCE_LOCATION, '$1');
  for (const m of TOKEN_MASKS) masked = masked.replace(m.find, m.word);
  const out = new Set<string>();
  const sequence: string[] = [];
  for (const raw of masked.split(/[^A-Za-z0-9#]+/)) {
    if (sequence.length >= MAX_WORDS) break;
    if (raw.length < 2 && raw !== '#') continue;
    if (/^\d+$/.test(raw)) {
      if (raw.length === 3) sequence.push(raw);
      continue;
    }
    const parts = camelParts(raw).filter((p) => p.length > 1 && !STOP.has(p) && !/^\d+$/.test(p));
    if (parts.length > 1) out.add(raw.toLowerCase());
    sequence.push(...parts);
  }
  for (let i = 0; i < sequence.length; i++) {
    out.add(sequence[i]!);
    if (i > 0) out.add(`${sequence[i - 1]} ${sequence[i]}`);
  }
  return [...out];
}

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

/** What the model says about one token: log P(token | bucket) per bucket, their sum of P, its pair counts. */
interface TokenRow {
  logp: Float64Array;
  total: number;
  sparse: readonly number[];
}

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

  constructor(readonly model: ClassifierModel) {
    this.bucketLabels = [...new Set(model.labels.map((l) => l.split('/')[0]!))];
    this.bucketOfPair = model.labels.map((l) => this.bucketLabels.indexOf(l.split('/')[0]!));
    const pairTotals = model.labels.map(() => 0);
    let vocabulary = 0;
    for (const token in model.counts) {
      const sparse = model.counts[token]!;
      for (let k = 0; k < sparse.length; k += 2) pairTotals[sparse[k]!]! += sparse[k + 1]!;
      vocabulary++;
    }
    const bucketTotals = this.bucketLabels.map(() => 0);
    pairTotals.forEach((t, p) => (bucketTotals[this.bucketOfPair[p]!]! += t));
    this.bucketDenominators = bucketTotals.map((t) => Math.log(t + ALPHA * vocabulary));
    this.pairDenominators = pairTotals.map((t) => Math.log(t + ALPHA * vocabulary));
  }

  private row(token: string): TokenRow | undefined {
    let row = this.rows.get(token);
    if (row === undefined) {
      const sparse = Object.hasOwn(this.model.counts, token) ? this.model.counts[token]! : undefined;
      if (sparse) {
        const counts = new Float64Array(this.bucketLabels.length);
        for (let k = 0; k < sparse.length; k += 2) counts[this.bucketOfPair[sparse[k]!]!]! += sparse[k + 1]!;
        const logp = counts.map((n, b) => Math.log(n + ALPHA) - this.bucketDenominators[b]!);
        row = { logp, total: logp.reduce((sum, l) => sum + Math.exp(l), 0), sparse };
      } else row = null;
      this.rows.set(token, row);
    }
    return row ?? undefined;
  }

  /** The `top` most likely buckets of a line, most likely first; none below `least`. */
  classify(text: string, top = 3, least = 0): Guess[] {
    const scores = new Float64Array(this.bucketLabels.length);
    const known: { word: string; row: TokenRow }[] = [];
    for (const word of lineTokens(text)) {
      const row = this.row(word);
      if (!row) continue;
      known.push({ word, row });
      for (let b = 0; b < scores.length; b++) scores[b]! += row.logp[b]!;
    }
    const posterior = softmax(scores, this.model.temperature);
    const order = [...posterior.keys()].sort((a, b) => posterior[b]! - posterior[a]! || a - b);
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
    pull.sort((a, b) => b.pull - a.pull || a.word.localeCompare(b.word));
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
        for (let b = 0; b < buckets; b++) scores[b]! += logCounts[r + b]! - denominators[b]!;
        scores[truth]! += Math.log(bucketCounts[r + truth]! - mine + ALPHA) - logCounts[r + truth]! + denominators[truth]! - ownDenominator;
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
  const counts: Record<string, number[]> = {};
  for (const token of [...sparse.keys()].sort()) {
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
  return { format: FORMAT, key, labels, temperature, counts };
}

/** A digest of the training lines and of this algorithm's format. */
export function trainingKey(lines: readonly TrainingLine[]): string {
  const hash = createHash('sha256').update(`triage-classifier/${FORMAT}`);
  for (const l of lines) hash.update(`\u0001${l.label}\u0000${l.group}\u0000${l.text}`);
  return hash.digest('hex');
}
