// Runs the CLI from its chunks converted to CommonJS-style scripts (dist/cjs/, made by
// scripts/cjs-chunks.mjs), each compiled with a V8 code cache as bin/vendor-load.ts does for
// the libraries: Node 20 keeps no compiled code for ES modules, and compiling the CLI's own
// chunks (and resolving, linking and evaluating each through the ES module loader) was a
// large share of a walk's and a first frame's start. The cache of a chunk is one file per
// chunk content, node version and architecture, never inside the package (bin/code-cache.ts
// writes and grows it); V8 checks it against the source, its version and its flags, and a
// missing, stale or damaged file only costs the compile, then is written again. Built to dist/chunk-load.mjs on its own (scripts/build.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isatty } from 'node:tty';
import { Script } from 'node:vm';
import { useLinearRegexFallback } from '../src/pattern/linear-engine';
import { keepCodeCache, readCodeCache } from './code-cache';

interface Manifest {
  [chunk: string]: { hash: string; async?: boolean };
}

interface Chunk {
  exports: Record<string, unknown>;
  /** An async chunk's body (it awaits at its top level), settled when the body is done. */
  done?: Promise<void>;
}

const dist = fileURLToPath(new URL('.', import.meta.url));
const loaded = new Map<string, Chunk>();
let manifest: Manifest | undefined;
const nodeRequire = createRequire(join(dist, 'triage.js'));

function cacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.TRIAGE_CODE_CACHE === '0') return undefined;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'triage', 'v8') : undefined;
}

function manifestOf(): Manifest {
  manifest ??= JSON.parse(readFileSync(join(dist, 'cjs', 'chunks.json'), 'utf8')) as Manifest;
  return manifest;
}

/** `./NAME.js` when it names a chunk, else undefined. */
function chunkName(id: string): string | undefined {
  if (!id.startsWith('./')) return undefined;
  const name = id.slice(2);
  return Object.hasOwn(manifestOf(), name) ? name : undefined;
}

/** A chunk's `require`: another chunk (never an async one: scripts/cjs-chunks.mjs checks), else Node's. */
function requireFor(id: string): unknown {
  const name = chunkName(id);
  if (name === undefined) return nodeRequire(id);
  const chunk = load(name);
  if (chunk.done) throw new Error(`${name} awaits at its top level and cannot be required`);
  return chunk.exports;
}

/** A chunk's `import()` of another: its exports once its body (async or not) is done. */
async function importChunk(id: string): Promise<Record<string, unknown>> {
  const name = chunkName(id);
  if (name === undefined) throw new Error(`${id} is not one of the CLI's chunks`);
  const chunk = load(name);
  await chunk.done;
  return chunk.exports;
}

function load(name: string): Chunk {
  const known = loaded.get(name);
  if (known) return known;
  const { hash, async } = manifestOf()[name]!;
  const path = join(dist, 'cjs', name.replace(/\.js$/, '.cjs'));
  const source = readFileSync(path, 'latin1');
  const dir = cacheDir();
  const cachePath = dir && join(dir, `cli-${name.replace(/\.js$/, '')}-${hash}-${process.version}-${process.arch}.bin`);
  const cache = readCodeCache(cachePath);
  const script = new Script(`(${async ? 'async ' : ''}function (exports, require, module, __triageImport, __triageImportMetaUrl) {"use strict";${source}\n})`, {
    filename: path,
    cachedData: cache.data,
  });
  const module = { exports: {} as Record<string, unknown> };
  const chunk: Chunk = {
    get exports() {
      return module.exports;
    },
  };
  loaded.set(name, chunk);
  // import.meta.url is the ES chunk's: files beside it (vendor bundles, the model, workers) resolve as they always did.
  let result: unknown;
  try {
    result = (script.runInThisContext() as (...args: unknown[]) => unknown)(
      module.exports,
      requireFor,
      module,
      importChunk,
      pathToFileURL(join(dist, name)).href,
    );
  } catch (error) {
    // A chunk whose body threw is not kept half made: the next import runs it again (and throws again).
    loaded.delete(name);
    throw error;
  }
  if (async) chunk.done = (result as Promise<void>).then(() => undefined);
  keepCodeCache(script, cachePath, cache);
  return chunk;
}

/**
 * Node's own modules that a walk, the demo and a first frame all load (and most other commands).
 * Node compiles its modules from code caches built into it, which V8 refuses once a flag has
 * changed: each of these loaded after useLinearRegexFallback was compiled from its source,
 * three times the work (~3% of a small walk's instructions). Loaded before the flags, they
 * come from those caches; what they do is only done when called, as before.
 */
const BUILTINS_BEFORE_FLAGS = [
  'node:worker_threads',
  'node:net',
  'node:child_process',
  'node:fs/promises',
  'node:os',
  'node:zlib',
  'node:crypto',
  'node:perf_hooks',
];

/**
 * Whether this start may draw the workbench: its first frame comes before it needs most of
 * those modules, and loading them first delayed it (~5%). A walk (`run`, `--headless`, output
 * not to a terminal) needs them all.
 */
const mayDraw = (): boolean => isatty(1) && !process.argv.includes('--headless') && !process.argv.includes('run');

/** Runs the entry chunk `name` (e.g. triage.js) and resolves when its body is done. */
export async function runChunk(name: string): Promise<void> {
  if (!mayDraw()) for (const id of BUILTINS_BEFORE_FLAGS) nodeRequire(id);
  // Before any chunk is compiled: V8 checks a code cache against the flags it was made with,
  // and the entry sets these first thing (src/pattern/linear-engine.ts).
  useLinearRegexFallback();
  await importChunk(`./${name}`);
}
