import type { InputError } from '../errors';
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
 * loaded and compiled once per process for the same inputs.
 */
export function openLibrary(cwd: string, extraDirs: readonly string[] = []): OpenedLibrary {
  const sources = librarySources(cwd, extraDirs);
  const key = sources.join('\u0000');
  let entry = opened.get(key);
  if (!entry) {
    const loaded = loadLibrary(sources);
    entry = { library: prepareLibrary(loaded.signatures), problems: loaded.problems };
    opened.set(key, entry);
  }
  return entry;
}
