// Large files are split at line starts into byte ranges, one per core: this thread scans
// the first range while worker threads scan the others, then line numbers are stitched
// back together. A worker runs scan-worker.ts (an entry of its own in the bundle, so it
// compiles the matcher and the reader only, not the CLI's other modules), which builds
// its matcher from the plain-data library and the prefilter tables and answers with
// what it found. The command starts the workers before it loads the library
// (prestartWorkers), so their startup overlaps the loading; each then waits for its job.
//
// One limit: an `all` signature whose lines straddle a range boundary is not matched
// across it (ranges are tens of megabytes; windows are a few lines).

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MatcherSpec } from './compile';
import { LineMatcher } from './matcher';
import { MAX_MATCHES_PER_SIGNATURE, type RawMatch, type ScanState } from './scan-state';
import type { MatcherTables } from './matcher-tables';
import { scanFileRange } from './read';
import type { UnexplainedEntry } from './unexplained';

/** The worker's module, next to this one's chunk in the built CLI (scripts/build.mjs names it). */
const WORKER_MODULE = 'scan-worker.js';

/** Below this a file is scanned on one thread: starting workers costs more. */
export const PARALLEL_MIN_BYTES = 48 << 20;
const MAX_THREADS = 8;
const NO_ATOMS: string[] = [];

export interface RangeJob {
  /** The library's spec with no atoms: `tables` hold what the matcher needs of them. */
  spec: MatcherSpec;
  tables: MatcherTables;
  path: string;
  source: string;
  kinds: number;
  start: number;
  end: number;
}

export interface RangeResult {
  matches: RawMatch[];
  counts: number[];
  unexplained: UnexplainedEntry[];
  newlines: number;
}

/** Workers need the module as a JavaScript file: true in the built CLI, not under a TypeScript test runner. */
export function canUseWorkers(): boolean {
  return import.meta.url.endsWith('.js') && availableParallelism() > 1;
}

export function rangeResult(state: ScanState): RangeResult {
  return { matches: state.matches, counts: state.counts, unexplained: [...state.unexplained.values()], newlines: state.newlines };
}

/** Byte offsets that split the file into `n` ranges, each starting at a line start. */
function splitPoints(path: string, size: number, n: number): number[] {
  const fd = openSync(path, 'r');
  try {
    const probe = Buffer.allocUnsafe(1 << 16);
    const points = [0];
    for (let k = 1; k < n; k++) {
      let at = Math.floor((size * k) / n);
      // Find the next newline; a line longer than the probe is simply cut (it is scanned in segments anyway).
      const got = readSync(fd, probe, 0, probe.length, at);
      const nl = probe.subarray(0, got).indexOf(10);
      if (nl >= 0) at += nl + 1;
      if (at > points[points.length - 1]! && at < size) points.push(at);
    }
    points.push(size);
    return points;
  } finally {
    closeSync(fd);
  }
}

const threadsFor = (size: number) => Math.min(MAX_THREADS, availableParallelism(), Math.ceil(size / (PARALLEL_MIN_BYTES / 2)));

const startWorker = () => new Worker(fileURLToPath(new URL(WORKER_MODULE, import.meta.url)));

/** Workers started ahead of their job (prestartWorkers), idle until runWorker posts it. */
const waiting: Worker[] = [];

/**
 * Starts the workers a scan of the largest regular file among `paths` will use, before the
 * library is loaded. Waiting ones do not keep the process alive; one that fails is dropped.
 */
export function prestartWorkers(paths: readonly string[]): void {
  if (!canUseWorkers()) return;
  let size = 0;
  for (const path of paths) {
    try {
      const st = statSync(path);
      if (st.isFile()) size = Math.max(size, st.size);
    } catch {
      // Not there: the scan says so.
    }
  }
  if (size < PARALLEL_MIN_BYTES) return;
  while (waiting.length < threadsFor(size) - 1) {
    const worker = startWorker();
    worker.unref();
    worker.on('error', () => undefined);
    worker.once('exit', () => waiting.includes(worker) && waiting.splice(waiting.indexOf(worker), 1));
    waiting.push(worker);
  }
}

/** Ends the workers started ahead that no scan took (a gzip or JSON file needs none). */
export function releaseWorkers(): void {
  for (const worker of waiting.splice(0)) void worker.terminate();
}

function runWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = waiting.shift() ?? startWorker();
    worker.ref();
    worker.postMessage(job);
    worker.once('message', (result: RangeResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`signature scan worker exited with code ${code}`));
    });
  });
}

/** Scans a large regular file across threads; the state ends as if scanned in one pass. */
export async function scanFileParallel(matcher: LineMatcher, state: ScanState, path: string, size: number): Promise<void> {
  const points = splitPoints(path, size, threadsFor(size));
  // The atoms stay here: the tables hold what the worker needs of them, and a job is cloned per worker.
  const spec: MatcherSpec = { patterns: matcher.spec.patterns.map((p) => ({ js: p.js, names: p.names, atoms: NO_ATOMS })), signatures: matcher.spec.signatures };
  const jobs = points.slice(1, -1).map((start, k): RangeJob => ({
    spec,
    tables: matcher.tables,
    path,
    source: state.source,
    kinds: state.kinds,
    start,
    end: points[k + 2]!,
  }));
  const others = Promise.all(jobs.map(runWorker));
  // Scan the first range here meanwhile; a rejected worker surfaces after.
  others.catch(() => undefined);
  scanFileRange(matcher, state, path, 0, points[1]!);
  const kept = state.counts.map(() => 0);
  for (const m of state.matches) kept[m.sig]!++;
  for (const part of await others) {
    const offset = state.newlines;
    for (const m of part.matches) {
      if (kept[m.sig]! >= MAX_MATCHES_PER_SIGNATURE) continue;
      kept[m.sig]!++;
      state.matches.push({ ...m, line: m.line + offset });
    }
    part.counts.forEach((c, sig) => (state.counts[sig]! += c));
    for (const u of part.unexplained) {
      const mine = state.unexplained.get(u.template);
      if (mine) mine.count += u.count;
      else state.unexplained.set(u.template, { ...u, line: u.line + offset });
    }
    state.newlines += part.newlines;
  }
}
