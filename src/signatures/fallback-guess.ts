// The fallback tier's guesses: the buckets an error-looking line (or several lines of one
// text) reads like, and the gate a guess must pass to be shown at all.

import type { Bucket, ProblemClass } from '../model';
import { BUCKETS, CLASSES } from '../model';
import type { Classifier } from './classifier';
import { localeOrder } from '../text-order';

/**
 * A line's guess becomes a hypothesis from this confidence up. Tuned on the corpus's dev
 * half (fixtures/corpus): healthy texts flagged stay ≤ 5% while failures left without
 * any hypothesis shrink.
 */
export const FALLBACK_CONFIDENCE = 0.1;

const isBucket = (value: string): value is Bucket => (BUCKETS as readonly string[]).includes(value);
const isClass = (value: string): value is ProblemClass => (CLASSES as readonly string[]).includes(value);

/** Buckets a line may belong to, beyond the most likely: the second and third still help a person choose. */
export const GUESSES_PER_LINE = 3;

/** One bucket a line may belong to, as the fallback tier uses it. */
export interface FallbackGuess {
  bucket: Bucket;
  class: ProblemClass;
  confidence: number;
  cues: string[];
}

/**
 * The line's most likely buckets (at most `top`), most likely first; none when the first is
 * below the threshold. The gate is the first bucket's: past it, the next ones are kept
 * whatever their confidence (shown with it), so a weak first guess still comes with a second
 * and a third. (Holding them to the gate too, or to 0.01–0.05, lost top-3 in cross-validation.)
 */
export function guessLine(classifier: Classifier, text: string, top = GUESSES_PER_LINE, threshold = FALLBACK_CONFIDENCE): FallbackGuess[] {
  // One more than asked: quiet text may take a place, and is no bucket.
  const guesses = classifier.classify(text, top + 1, 0, threshold).flatMap((g) => (isBucket(g.bucket) && isClass(g.class) ? [{ bucket: g.bucket, class: g.class, confidence: g.confidence, cues: g.cues }] : []));
  if (!guesses.length || guesses[0]!.confidence < threshold) return [];
  return guesses.slice(0, top);
}

/**
 * The most likely buckets of several error-looking lines of one text, most likely first,
 * each bucket at its most confident line. (Adding the lines' evidence up instead, as one
 * document, did no better in cross-validation: bench/classify-cv.mjs; leaving one set out,
 * top-1 69.2% at each line's best against 68.4–69.0% for summed scores, posteriors or log posteriors.
 * Again later on the whole ranking, 80.0% / 89.5% at each line's best: mean posterior 80.1% / 89.3%,
 * summed log posteriors 80.3% / 89.2%, the first or the last error line alone 78.0% / 77.9%, the
 * last line's posterior raised by a fifth 80.0% / 89.3%.)
 * @public read by bench/classify-cv.mjs through scripts/engine-import.mjs, which knip cannot follow
 */
export function guessText(classifier: Classifier, lines: readonly string[], top = GUESSES_PER_LINE, threshold = FALLBACK_CONFIDENCE): FallbackGuess[] {
  const texts = lines.filter((l) => l.trim());
  return combineGuesses(texts.map((t) => guessLine(classifier, t, GUESSES_PER_LINE, threshold)), top);
}

/** Each line's guesses (`perLine`) merged: each bucket at its surest line. */
export function combineGuesses(perLine: readonly FallbackGuess[][], top: number): FallbackGuess[] {
  const best = new Map<Bucket, FallbackGuess>();
  const keep = (g: FallbackGuess) => {
    const held = best.get(g.bucket);
    if (!held || held.confidence < g.confidence) best.set(g.bucket, g);
  };
  for (const guesses of perLine) for (const g of guesses) keep(g);
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || localeOrder(a.bucket, b.bucket)).slice(0, top);
}
