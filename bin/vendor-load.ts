// The libraries the CLI starts with (Ink and React, zod, yaml, regexpp, tinyglobby) are
// built apart as CommonJS bundles (dist/vendor/, scripts/build.mjs) and loaded here, with a
// V8 code cache: compiling them is a large share of a cold start, and Node 20 caches no
// compiled code for ES modules. One cache file per bundle, node version and architecture,
// never inside the package; how it is written and grown: bin/code-cache.ts. V8 checks the data
// against the source and its own version and flags (every entry sets the same regex flags
// first, so they share it); a missing, stale or damaged file only costs the compile, and it is
// written again.
// Imports nothing of the CLI's own: every other module may depend on what is loaded here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { keepCodeCache, readCodeCache } from './code-cache';

type Exports = Record<string, unknown>;

const loaded = new Map<string, Exports>();

/** Where a bundle's code cache is, or undefined when there is no cache folder. */
function codeCachePath(file: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'triage', 'v8', `${file.replace(/\.cjs$/, '')}-${process.version}-${process.arch}.bin`) : undefined;
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
  const cache = readCodeCache(cachePath);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, cachedData: cache.data });
  const nodeRequire = createRequire(path);
  const require = (id: string): unknown => (Object.hasOwn(provided, id) ? provided[id] : nodeRequire(id));
  const module = { exports: {} as Exports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, path, dirname(path));
  loaded.set(file, module.exports);
  keepCodeCache(script, cachePath, cache);
  return module.exports;
}
