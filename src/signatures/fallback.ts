// The second tier of recognition: error-looking lines no signature names still get a
// bucket, a class, a confidence and the words that decided it, from a classifier trained
// on the library's own examples and the dev corpus's labelled lines (classifier.ts).
// Shown as "unnamed — looks like …", always ranked below what a signature names.
// This file is what it learns from and the model (trained or reused); the gate and the
// guesses are fallback-guess.ts, the hypotheses they become fallback-hypotheses.ts.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { BUCKET_CUES } from './bucket-cues';
import { CLASSIFIER_FORMAT, classifierModelSchema, QUIET, trainClassifier, unpackModel, type ModelData, type PackedModel, type TrainingLine } from './classifier';
import type { Signature } from './schema';
import { looksLikeError } from './unexplained';

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
 * @public read by bench/classify-cv.mjs through scripts/engine-import.mjs, which knip cannot follow
 */
export const TRAINING_SETS = ['dev', 'dev-extra', 'dev-extra2', 'dev-extra3', 'dev-extra4', 'dev-extra5', 'dev-extra6', 'dev-extra7', 'dev-extra8', 'dev-extra9', 'dev-extra10', 'dev-extra11', 'dev-extra12', 'dev-extra13', 'dev-extra14', 'dev-extra15', 'dev-extra16', 'dev-extra17', 'dev-extra18', 'dev-extra19', 'dev-extra20', 'dev-extra21', 'dev-extra22', 'dev-extra23', 'dev-extra24', 'dev-extra25', 'dev-extra26', 'dev-extra27', 'dev-extra28', 'dev-extra29', 'dev-extra30', 'dev-extra31', 'dev-extra32', 'dev-extra33', 'dev-extra34', 'dev-extra35', 'dev-extra36', 'dev-extra37', 'dev-extra41', 'dev-extra42', 'dev-extra43', 'dev-extra44', 'dev-extra45', 'dev-extra46', 'dev-extra47', 'dev-extra48', 'dev-extra49', 'dev-extra50', 'dev-extra51', 'dev-extra52', 'dev-extra53', 'dev-extra54', 'dev-extra55', 'dev-extra56', 'dev-extra57', 'dev-extra58', 'dev-extra59', 'dev-extra60', 'dev-extra61', 'dev-extra62', 'dev-extra63', 'dev-extra64', 'dev-extra65', 'dev-extra66', 'dev-extra67', 'dev-extra68', 'dev-extra69', 'dev-extra70', 'dev-extra71', 'dev-extra72', 'dev-extra73', 'dev-extra74', 'dev-extra75', 'dev-extra76', 'dev-extra77', 'dev-extra78', 'dev-extra79', 'dev-extra80', 'dev-extra81', 'dev-extra82', 'dev-extra83', 'dev-extra84', 'dev-extra85', 'dev-extra86', 'dev-extra87', 'dev-extra88', 'dev-extra89', 'dev-extra90', 'dev-extra91', 'dev-extra92', 'dev-extra93', 'dev-extra94', 'dev-extra95', 'dev-extra96', 'dev-extra97', 'dev-extra98', 'dev-extra99', 'dev-extra100', 'dev-extra101', 'dev-extra102', 'dev-extra103', 'dev-extra104', 'dev-extra105', 'dev-extra106', 'dev-extra107', 'dev-extra108', 'dev-extra109', 'dev-extra110', 'dev-extra111', 'dev-extra112', 'dev-extra113', 'dev-extra114', 'dev-extra115', 'dev-extra116', 'dev-extra117', 'dev-extra118', 'dev-extra119', 'dev-extra120', 'dev-extra121', 'dev-extra122', 'dev-extra123', 'dev-extra124', 'dev-extra125', 'dev-extra126', 'dev-extra127', 'dev-extra128', 'dev-extra129', 'dev-extra130', 'dev-extra131', 'dev-extra132', 'dev-extra133', 'dev-extra134', 'dev-extra135', 'dev-extra136', 'dev-extra137', 'dev-extra138', 'dev-extra139', 'dev-extra140', 'dev-extra141', 'dev-extra142', 'dev-extra143', 'dev-extra144', 'dev-extra145', 'dev-extra146', 'dev-extra147', 'dev-extra148'] as const;

let corpusMemo: TrainingLine[] | undefined;
/**
 * The corpus's training lines: next to the bundle (dist/fallback-corpus.json, written by
 * the build), else from fixtures/corpus when running from source; none when neither is there.
 */
function corpusLines(): TrainingLine[] {
  if (corpusMemo) return corpusMemo;
  const shipped = shippedCorpus();
  corpusMemo = shipped ? trainingLinesSchema.parse(JSON.parse(shipped.toString('utf8'))) : readCorpus(new URL('../../fixtures/corpus/', import.meta.url));
  return corpusMemo;
}

function shippedCorpus(): Buffer | undefined {
  try {
    return readFileSync(new URL('./fallback-corpus.json', import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * The corpus as a library key takes it: its lines as JSON, which is what the build writes
 * to dist/fallback-corpus.json, so next to the bundle the file's bytes are hashed as they
 * are; a scan that reuses a model never parses (or validates) the corpus.
 */
function corpusBytes(corpus: readonly TrainingLine[] | undefined): Uint8Array | string {
  return corpus ? JSON.stringify(corpus) : (shippedCorpus() ?? JSON.stringify(corpusLines()));
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

/** The model shipped next to the bundle (scripts/build.mjs, packModel's bytes), if it is there. */
function shippedModel(): PackedModel | undefined {
  try {
    return unpackModel(readFileSync(new URL('./fallback-model.bin', import.meta.url)));
  } catch {
    return undefined;
  }
}

/**
 * What a library's model is trained from, as a digest: the classifier's format, the cue
 * table, the corpus (corpusBytes) and every signature's labels and examples (the training
 * lines follow from these). Cheaper than making the lines, which a scan that reuses a
 * model never needs. `corpus`: the corpus's lines, when not the shipped one.
 */
export function libraryKey(signatures: readonly Signature[], corpus?: readonly TrainingLine[]): string {
  const hash = createHash('sha256').update(`triage-fallback/${CLASSIFIER_FORMAT}\u0000${JSON.stringify(BUCKET_CUES)}\u0003`);
  hash.update(corpusBytes(corpus));
  for (const sig of signatures) {
    hash.update(`\u0001${sig.id}\u0000${sig.bucket}\u0000${sig.class}\u0000${sig.examples.match.join('\u0002')}\u0000${sig.examples.nomatch.join('\u0002')}`);
  }
  return hash.digest('hex');
}

/**
 * What a model's key depends on besides the signatures (the classifier's format, the cue
 * table, the shipped corpus), as a digest made without reading the corpus: its file's size
 * and time. Undefined when no corpus is shipped (running from source): then only libraryKey tells.
 */
export function modelInputs(): string | undefined {
  try {
    const corpus = statSync(new URL('./fallback-corpus.json', import.meta.url));
    return createHash('sha256').update(`${CLASSIFIER_FORMAT}\u0000${JSON.stringify(BUCKET_CUES)}\u0000${corpus.size}\u0000${corpus.mtimeMs}`).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * A cached model known to fit its library without libraryKey: it was cached with that
 * library's files (by their content) and the same modelInputs. libraryKey hashes every
 * example and the 800 KB corpus, a tenth of a short scan.
 */
export class FittingModel {
  constructor(readonly model: ModelData) {}
}

/**
 * A model read from a file (the cache, the bundle's) when it is one, trained on a library
 * with this key. Bytes (a PackedModel) were checked as they were read (unpackModel).
 */
function usable(model: unknown, key: string): ModelData | undefined {
  if ((model as { key?: unknown } | undefined)?.key !== key) return undefined;
  if (model instanceof Object && 'stream' in model) return model as PackedModel;
  const parsed = classifierModelSchema.safeParse(model);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The model for these signatures: `known` (a cached one) or the one shipped with the
 * bundle when trained on exactly their lines, else trained now. A damaged file only
 * costs the training.
 */
export function fallbackModel(signatures: readonly Signature[], known?: unknown, corpus?: readonly TrainingLine[]): ModelData {
  if (known instanceof FittingModel && corpus === undefined) return known.model;
  const key = libraryKey(signatures, corpus);
  const found = usable(known, key) ?? usable(shippedModel(), key);
  if (found) return found;
  // A process that opens the same library again (the MCP server, a second scan, a test file)
  // trains once: training is seconds, the last model is one entry.
  if (lastTrained?.key !== key) lastTrained = { key, model: trainClassifier(trainingLines(signatures, corpus ?? corpusLines()), key) };
  return lastTrained.model;
}

let lastTrained: { key: string; model: ModelData } | undefined;
