import type { InputError } from '../errors';
import { cacheDir, cacheHolds, cacheKey, contentKey, readCache, writeCache, writeMatcherTables } from './cache';
import { compileLibrary } from './compile';
import { fallbackModel } from './fallback';
import { librarySources, loadLibrary } from './load';
import { prepareLibrary, type Library } from './scan';

export interface OpenedLibrary {
  library: Library;
  /** Signature files that did not load (reported, the rest loaded). */
  problems: InputError[];
}

const opened = new Map<string, OpenedLibrary>();

/**
 * The built-in library plus `.triage/signatures` under cwd and each extra directory,
 * loaded and compiled once per process for the same inputs, and across processes
 * through the cache when `env` names a cache directory (cache.ts).
 */
export function openLibrary(
  cwd: string,
  extraDirs: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = {},
  checked?: LibraryCheck,
): OpenedLibrary {
  const sources = librarySources(cwd, extraDirs);
  const dir = cacheDir(env);
  const memoKey = `${dir ?? ''}\u0001${sources.join('\u0000')}`;
  let entry = opened.get(memoKey);
  if (entry) return entry;
  const key = dir ? (checked?.memoKey === memoKey && checked.key) || cacheKey(sources) : '';
  const cached = dir ? readCache(dir, sources, key) : undefined;
  if (cached) {
    entry = { library: prepareLibrary(cached.loaded.signatures, cached.spec, cached.fallback, cached.tables), problems: cached.loaded.problems };
    if (!cached.tables) writeMatcherTables(dir!, sources, cached.content, entry.library.matcher.tables);
  } else {
    const content = dir ? contentKey(sources) : '';
    const loaded = loadLibrary(sources, true);
    const spec = compileLibrary(loaded.signatures);
    // Made now only when it is cached: otherwise on first use, which most scans never reach.
    const fallback = dir ? fallbackModel(loaded.signatures) : undefined;
    const library = prepareLibrary(loaded.signatures, spec, () => fallback);
    if (dir) writeCache(dir, sources, key, content, loaded, spec, fallback!, library.matcher.tables);
    entry = { library, problems: loaded.problems };
  }
  opened.set(memoKey, entry);
  return entry;
}

/**
 * What checkLibrary found: whether opening the library is a cache read, and the cache key it
 * computed (every signature file's size and time), which an openLibrary right after takes
 * instead of reading them all again.
 */
export interface LibraryCheck {
  cached: boolean;
  memoKey: string;
  key?: string;
}

/** Whether opening this library is a cache read (or done already in this process), not a load and compile of every file. */
export function checkLibrary(cwd: string, extraDirs: readonly string[] = [], env: Readonly<Record<string, string | undefined>> = {}): LibraryCheck {
  const sources = librarySources(cwd, extraDirs);
  const dir = cacheDir(env);
  const memoKey = `${dir ?? ''}\u0001${sources.join('\u0000')}`;
  if (opened.has(memoKey)) return { cached: true, memoKey };
  if (dir === undefined) return { cached: false, memoKey };
  const key = cacheKey(sources);
  return { cached: cacheHolds(dir, sources, key), memoKey, key };
}

export function libraryIsCached(cwd: string, extraDirs: readonly string[] = [], env: Readonly<Record<string, string | undefined>> = {}): boolean {
  return checkLibrary(cwd, extraDirs, env).cached;
}
