// The compiled library, kept between runs: parsing and validating the YAML (and the
// patterns in it) costs more than scanning a hundred megabytes, and a CLI starts over
// every time. The cache is keyed by the triage version and every signature file's path,
// size and modification time, so an edited, added or removed file rebuilds it; and, for
// when those differ, by the files' contents: a library checked out, copied or written
// again unchanged is read from the cache rather than compiled (which takes seconds for a
// large one), and its entry takes the new times. It lives in $XDG_CACHE_HOME/triage (or
// ~/.cache/triage); anything wrong with it is ignored.
// The fallback classifier's model is cached beside it, in a file of its own read only when
// a scan has a line to classify, so a cold scan trains it once and others do not read it.
// The matcher's tables are cached beside it too, as bytes (matcher-tables.ts): building
// them costs more than a short scan does. The model and the tables are keyed by content.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };
import { InputError } from '../errors';
import { packModel, unpackModel, type ModelData } from './classifier';
import { fallbackModel, FittingModel, libraryKey, modelInputs } from './fallback';
import type { MatcherSpec } from './compile';
import { loadLibrary, yamlFiles, type LoadedLibrary } from './load';
import { decodeTables, encodeTables, TABLE_MODULES, type MatcherTables } from './matcher-tables';
import type { Signature } from './schema';
import { makePrivateDir } from '../files';
import { bestEffort, readJson, writeAtomically } from './cache-files';
import { registerSignatureTexts } from './signature-ids';

export { asciiJson, readJson } from './cache-files';

// 4: entries carry their files' content key, the matcher tables (prefilter and atom owners) and
// the model are keyed by it; the model's own key hashes the corpus file's bytes (fallback.ts).
// 5: the entry is ASCII (asciiJson).
// 6: the signatures' examples are in a file of their own, read when first asked for.
// 7: each signature is a JSON text of its own, parsed when first read (lazySignatures).
// 8: a signature's spec may carry `unless` patterns.
const FORMAT = 8;

interface CacheFile {
  format: number;
  key: string;
  /** contentKey of the files the entry was compiled from. */
  content: string;
  /** Each without its examples (ExamplesFile), as its own JSON text: parsed when first read (withExamples). */
  signatures: string[];
  problems: { file: string; line?: number; field?: string; reason: string }[];
  files: string[];
  spec: MatcherSpec;
  /** modelInputs() when the model was cached with it (absent when none could be had). */
  modelInputs?: string;
}

/** The signatures' examples, in library order: only lint, `signatures test` and training read them, not a scan. */
interface ExamplesFile {
  content: string;
  examples: Signature['examples'][];
}

export interface CachedLibrary {
  loaded: LoadedLibrary;
  spec: MatcherSpec;
  /** The matcher's tables for `spec` (matcher-tables.ts), when they were cached with it. */
  tables?: MatcherTables;
  /** contentKey of its files: what its tables are keyed by (writeMatcherTables). */
  content: string;
  /** The fallback model cached with it, read on call (unchecked: fallback.ts parses it). */
  fallback: () => unknown;
}

export function cacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'triage') : undefined;
}

/**
 * Files in code point order for the keys: any fixed order does, and the first
 * localeCompare of a process starts ICU's collator, a fifth of a short scan's time.
 */
const keyOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the cache entry depends on: the version and each file's identity and freshness. */
export function cacheKey(sources: readonly string[]): string {
  const hash = createHash('sha256').update(`${pkg.version}\u0000${FORMAT}`);
  for (const source of sources) {
    hash.update(`\u0001${source}`);
    if (!existsSync(source)) continue;
    for (const file of yamlFiles(source, keyOrder)) {
      const st = statSync(file);
      hash.update(`\u0000${file}\u0000${st.size}\u0000${st.mtimeMs}`);
    }
  }
  return hash.digest('hex');
}

/** What the entry depends on, by content: the version and each file's path and bytes (read whole: slower than cacheKey). */
export function contentKey(sources: readonly string[]): string {
  const hash = createHash('sha256').update(`${pkg.version}\u0000${FORMAT}`);
  for (const source of sources) {
    hash.update(`\u0001${source}`);
    if (!existsSync(source)) continue;
    for (const file of yamlFiles(source, keyOrder)) {
      const bytes = readFileSync(file);
      hash.update(`\u0000${file}\u0000${bytes.length}\u0000`).update(bytes);
    }
  }
  return hash.digest('hex');
}

function entryPath(dir: string, sources: readonly string[], what: 'signatures' | 'examples' | 'fallback' | 'prefilter' = 'signatures'): string {
  const name = `${what}-${createHash('sha256').update(sources.join('\u0000')).digest('hex').slice(0, 16)}`;
  return join(dir, what === 'signatures' || what === 'examples' ? `${name}.json` : `${name}.bin`);
}

/**
 * The cached signatures, each parsed from its JSON text when first read (a scan reads the few
 * that match: parsing all 1,600 was most of a small walk's JSON and a tenth of its
 * allocations), and each with its examples read on first use: a fifth of the entry's bytes
 * and of the objects a scan would make and never read. When the examples file does not match
 * the entry (removed, damaged), they come from the signature files themselves.
 */
function withExamples(dir: string, sources: readonly string[], content: string, texts: readonly string[]): Signature[] {
  let examples: ((index: number, id: string) => Signature['examples'] | undefined) | undefined;
  const examplesOf = (index: number, id: string): Signature['examples'] => {
    if (!examples) {
      try {
        const file = readJson(entryPath(dir, sources, 'examples')) as ExamplesFile;
        if (file.content !== content || file.examples.length !== texts.length) throw new Error('not this entry\'s examples');
        examples = (i) => file.examples[i];
      } catch {
        const byId = new Map(loadLibrary(sources, true).signatures.map((s) => [s.id, s.examples]));
        examples = (_, signatureId) => byId.get(signatureId);
      }
    }
    return examples(index, id) ?? { match: [], nomatch: [] };
  };
  const parse = (index: number): Signature => {
    const signature = JSON.parse(texts[index]!) as Omit<Signature, 'examples'>;
    let own: Signature['examples'] | undefined;
    return Object.defineProperty(signature, 'examples', {
      get: () => (own ??= examplesOf(index, signature.id)),
      set: (value: Signature['examples']) => (own = value),
      enumerable: true,
      configurable: true,
    }) as Signature;
  };
  // An array of getters, each replaced by its signature once read: indexing, iterating, map
  // and JSON.stringify see plain elements, the same object each time.
  const signatures: Signature[] = new Array<Signature>(texts.length);
  const settle = (index: number, value: Signature) => Object.defineProperty(signatures, index, { value, writable: true, enumerable: true, configurable: true });
  for (let i = 0; i < texts.length; i++) {
    Object.defineProperty(signatures, i, {
      get: () => {
        const signature = parse(i);
        settle(i, signature);
        return signature;
      },
      set: (value: Signature) => settle(i, value),
      enumerable: true,
      configurable: true,
    });
  }
  registerSignatureTexts(signatures, texts);
  return signatures;
}

/**
 * What the matcher tables depend on besides the library: the code that builds and reads
 * them, by its content (a rebuild that changes nothing keeps the tables; a file's mtime
 * would change with every build and rebuild them on every run after it). Hashed once per
 * process.
 */
let moduleDigest: string | undefined;
function tablesKey(key: string): string {
  if (moduleDigest === undefined) {
    let built = '';
    for (const module of TABLE_MODULES) {
      built += `\u0000${module}`;
      try {
        built += `\u0000${createHash('sha256').update(readFileSync(fileURLToPath(module))).digest('hex')}`;
      } catch {
        // Not a file: the version and the library's key still hold.
      }
    }
    moduleDigest = built;
  }
  return createHash('sha256').update(`${key}\u0000${moduleDigest}`).digest('hex');
}

/** The matcher tables file: tablesKey (64 hex digits), then encodeTables' bytes. */
function readTables(path: string, key: string): MatcherTables | undefined {
  try {
    const data = readFileSync(path);
    const expected = tablesKey(key);
    if (data.toString('latin1', 0, expected.length) !== expected) return undefined;
    return decodeTables(data.subarray(expected.length));
  } catch {
    return undefined;
  }
}

/** Whether the cache holds the library for this key, read from the head of its entry only (format and key lead it). */
export function cacheHolds(dir: string, sources: readonly string[], key: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(entryPath(dir, sources), 'r');
    const head = Buffer.alloc(160);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.toString('utf8', 0, n).startsWith(`{"format":${FORMAT},"key":"${key}"`);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The cached library for these sources, or undefined when there is none or neither its key
 * nor its content matches. Matched by content only, the entry is written again with `key`.
 */
export function readCache(dir: string, sources: readonly string[], key: string): CachedLibrary | undefined {
  try {
    const entry = readJson(entryPath(dir, sources)) as CacheFile;
    if (entry.format !== FORMAT) return undefined;
    if (entry.key !== key) {
      if (contentKey(sources) !== entry.content) return undefined;
      bestEffort(() => writeAtomically(entryPath(dir, sources), { ...entry, key }));
    }
    const { content } = entry;
    const problems = entry.problems.map((p) => new InputError(p.file, p.line, p.field, p.reason));
    const fallback = () => {
      let model: ModelData | undefined;
      try {
        const cached = readFileSync(entryPath(dir, sources, 'fallback'));
        if (cached.toString('latin1', 0, content.length) === content) model = unpackModel(cached.subarray(content.length));
      } catch {
        model = undefined; // none or unreadable: made again below
      }
      const inputs = modelInputs();
      if (model && entry.modelInputs !== undefined && entry.modelInputs === inputs) return new FittingModel(model);
      if (inputs === undefined) return model;
      // The corpus's file written anew (a build, an upgrade): a model still fitting takes the new inputs; one
      // missing, damaged or made with another corpus is replaced by the one that fits (shipped, or trained once).
      const fitting = model && model.key === libraryKey(signatures) ? model : fallbackModel(signatures);
      if (fitting !== model)
        bestEffort(() => writeAtomically(entryPath(dir, sources, 'fallback'), Buffer.concat([Buffer.from(content, 'latin1'), packModel(fitting)])));
      bestEffort(() => writeAtomically(entryPath(dir, sources), { ...entry, key, modelInputs: inputs }));
      return new FittingModel(fitting);
    };
    const tables = readTables(entryPath(dir, sources, 'prefilter'), content);
    const signatures = withExamples(dir, sources, content, entry.signatures);
    return { loaded: { signatures, problems, files: entry.files }, spec: entry.spec, tables, content, fallback };
  } catch {
    return undefined;
  }
}

function writeTables(dir: string, sources: readonly string[], content: string, tables: MatcherTables): void {
  // 64 hex digits, so the tables after them stay 4-aligned, as their views need.
  writeAtomically(entryPath(dir, sources, 'prefilter'), Buffer.concat([Buffer.from(tablesKey(content), 'latin1'), encodeTables(tables)]));
}

/** Tables built because the cached ones were missing or made by other code: kept for the next run. */
export function writeMatcherTables(dir: string, sources: readonly string[], content: string, tables: MatcherTables): void {
  bestEffort(() => writeTables(dir, sources, content, tables));
}

/** `key` and `content` are taken before loading: a file edited meanwhile then misses next time instead of hiding. */
export function writeCache(
  dir: string,
  sources: readonly string[],
  key: string,
  content: string,
  loaded: LoadedLibrary,
  spec: MatcherSpec,
  fallback: ModelData,
  tables?: MatcherTables,
): void {
  bestEffort(() => {
    makePrivateDir(dir);
    const entry: CacheFile = {
      format: FORMAT,
      key,
      content,
      signatures: loaded.signatures.map(({ examples: _examples, ...rest }) => JSON.stringify(rest)),
      problems: loaded.problems.map((p) => ({ file: p.file, line: p.line, field: p.field, reason: p.reason })),
      files: loaded.files,
      spec,
      modelInputs: modelInputs(),
    };
    // The model first: a library entry never points at a model of other files.
    // Its content key (64 hex digits) first, so the bytes after it stay 4-aligned (classifier-pack.ts).
    writeAtomically(entryPath(dir, sources, 'fallback'), Buffer.concat([Buffer.from(content, 'latin1'), packModel(fallback)]));
    if (tables) writeTables(dir, sources, content, tables);
    const examples: ExamplesFile = { content, examples: loaded.signatures.map((s) => s.examples) };
    writeAtomically(entryPath(dir, sources, 'examples'), examples);
    writeAtomically(entryPath(dir, sources), entry);
  });
}
