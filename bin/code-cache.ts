// The V8 code cache files of the scripts bin/vendor-load.ts and bin/chunk-load.ts compile
// (the libraries' bundles and the CLI's own chunks): one file per script content, node version
// and architecture, in $XDG_CACHE_HOME/triage/v8 (or ~/.cache/triage/v8).
//
// A cache holds the functions V8 had compiled when it was written, so the first command to
// write one decided what every later command found in it: a `scan` wrote the caches a walk
// then shared, without the walk's functions, and a cold walk's caches, written 1.5 s in, lacked
// what ran after (a demo walk compiled ~10% of its instructions lazily, cache or not). So a new
// cache is provisional (NAME.grow.bin): a run that used one serializes it again at exit (V8 keeps
// the functions it read from the cache and those it compiled since) and writes it when it holds
// more; the first run that adds nothing settles it (renamed NAME.bin), read only from then on.
// Serializing every loaded script costs ~25–70 ms, paid only by the few runs before a settle.
// Imports nothing of the CLI's own but the private-folder helper.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { makePrivateDir } from '../src/files';

/** How long after a script's first use a new cache is written (or at exit, if sooner). */
const WRITE_AFTER_MS = 1500;
/** A provisional cache is written again only when it grows by more than this share (sizes wobble by a few bytes). */
const GROWTH = 0.02;

/** A settled cache file's path; its provisional one ends `.grow.bin`. */
export type CachePath = string;
const growing = (path: CachePath) => path.replace(/\.bin$/, '.grow.bin');

export interface CodeCache {
  data?: Buffer;
  /** Read from a provisional file: the run serializes the script again at exit. */
  provisional: boolean;
}

/** The cache of the script at `path` (settled first, else provisional), or none. */
export function readCodeCache(path: CachePath | undefined): CodeCache {
  if (!path || process.env.TRIAGE_CODE_CACHE === '0') return { provisional: false };
  for (const [file, provisional] of [
    [path, false],
    [growing(path), true],
  ] as const) {
    try {
      return { data: readFileSync(file), provisional };
    } catch {
      // Not there: the other one, or none.
    }
  }
  return { provisional: false };
}

const unwritten: { script: Script; path: CachePath; damaged: boolean }[] = [];
const provisional: { script: Script; path: CachePath; size: number }[] = [];
let exitHooked = false;

function write(file: string, data: Buffer): void {
  makePrivateDir(dirname(file));
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, file);
}

function writeUnwritten(): void {
  for (const { script, path, damaged } of unwritten.splice(0)) {
    try {
      write(growing(path), script.createCachedData());
      // A settled file V8 rejected would be read first again, and rejected again.
      if (damaged) rmSync(path, { force: true });
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}

function growOrSettle(): void {
  for (const { script, path, size } of provisional.splice(0)) {
    try {
      const data = script.createCachedData();
      if (data.length > size * (1 + GROWTH)) write(growing(path), data);
      else renameSync(growing(path), path);
    } catch {
      // Another process settled or replaced it first: either way a cache is there.
    }
  }
}

function onExit(): void {
  writeUnwritten();
  growOrSettle();
}

/** After `script` ran: schedules writing its cache when it had none (or V8 rejected it), or growing a provisional one. */
export function keepCodeCache(script: Script, path: CachePath | undefined, cache: CodeCache): void {
  if (!path || process.env.TRIAGE_CODE_CACHE === '0') return;
  const fresh = !cache.data || script.cachedDataRejected === true;
  if (!fresh && !cache.provisional) return;
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', onExit);
  }
  if (fresh) {
    if (!unwritten.length) setTimeout(writeUnwritten, WRITE_AFTER_MS).unref();
    unwritten.push({ script, path, damaged: cache.data !== undefined && !cache.provisional });
  } else provisional.push({ script, path, size: cache.data!.length });
}
