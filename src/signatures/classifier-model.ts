// The fallback classifier's model as data: the labels, the fitted temperature and the token
// counts per label, checked when read back from a cache or the bundle (JSON). What it is
// trained from, and how, is classifier-train.ts; how it scores a line, classifier.ts.

import { z } from 'zod';

/** The label of quiet text: lines that are not failures. */
export const QUIET = 'quiet';
/** Bumped whenever tokens or training change: a model of another format is trained again. */
export const CLASSIFIER_FORMAT = 3;
/**
 * Laplace smoothing: what a word never seen with a label still counts (training and scoring
 * alike). 0.1 ranked a little better than 0.3, 0.6 or 1 in cross-validation (bench:classify-cv);
 * leaving one set out (--by-set), whole-ranking top-1 0.05 77.5%, 0.1 77.9%, 0.2 77.8%, 0.4 77.5%.
 */
export const ALPHA = 0.1;

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
    format: z.literal(CLASSIFIER_FORMAT),
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
