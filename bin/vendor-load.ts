// The libraries the CLI starts with (Ink and React, zod, yaml, regexpp, tinyglobby) are
// built apart as CommonJS bundles (dist/vendor/, scripts/build.mjs) and loaded here, with a
// V8 code cache: compiling them is a large share of a cold start, and Node 20 caches no
// compiled code for ES modules. The cache holds what V8 compiled by the time it is written
// (after first use, so the functions a first frame runs are in it), one file per bundle,
// node version and architecture, in $XDG_CACHE_HOME/triage/v8 (or ~/.cache/triage/v8):
// never inside the package. V8 checks the data against the source and its own version and
// flags (every entry sets the same regex flags first, so they share it); a missing, stale or
// damaged file only costs the compile, and it is written again.
// Imports nothing of the CLI's own: every other module may depend on what is loaded here.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { makePrivateDir } from '../src/files';

type Exports = Record<string, unknown>;

/** How long after a bundle's first use its code cache is written (or at exit, if sooner). */
const WRITE_AFTER_MS = 1500;

const loaded = new Map<string, Exports>();
const unwritten: { script: Script; path: string }[] = [];

/** Where a bundle's code cache is, or undefined when there is no cache folder. */
function codeCachePath(file: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'triage', 'v8', `${file.replace(/\.cjs$/, '')}-${process.version}-${process.arch}.bin`) : undefined;
}

function readCache(path: string | undefined): Buffer | undefined {
  if (!path || process.env.TRIAGE_CODE_CACHE === '0') return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function writeUnwritten(): void {
  for (const { script, path } of unwritten.splice(0)) {
    try {
      makePrivateDir(dirname(path));
      const tmp = `${path}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, path);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}

/**
 * The exports of dist/vendor/`file` (a bundle that assigns `module.exports`), loaded once.
 * `provided` answers its `require` for modules kept out of it (Yoga, loaded as an ES module
 * for its top-level await); anything else it requires is Node's.
 */
export function loadVendor(file: string, provided: Readonly<Record<string, unknown>> = {}): Exports {
  const known = loaded.get(file);
  if (known) return known;
  const path = fileURLToPath(new URL(`./vendor/${file}`, import.meta.url));
  const source = readFileSync(path, 'utf8');
  const cachePath = codeCachePath(file);
  const cachedData = readCache(cachePath);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, cachedData });
  const nodeRequire = createRequire(path);
  const require = (id: string): unknown => (Object.hasOwn(provided, id) ? provided[id] : nodeRequire(id));
  const module = { exports: {} as Exports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, path, dirname(path));
  loaded.set(file, module.exports);
  if (cachePath && process.env.TRIAGE_CODE_CACHE !== '0' && (!cachedData || script.cachedDataRejected)) {
    if (!unwritten.length) {
      setTimeout(writeUnwritten, WRITE_AFTER_MS).unref();
      process.once('exit', writeUnwritten);
    }
    unwritten.push({ script, path: cachePath });
  }
  return module.exports;
}
