// The local log files a plan names, for the log tail to offer beside the cluster's
// workloads: `logs` entries and `logs` checks with a path, and `trace.sources` that are
// files or directories of files (`file:`, `dir:`, or a bare existing path).
import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plan } from '../plan/schema';
import { filesUnder, isGzip } from '../trace/sources/files';
import { TRACE_SOURCE_KINDS } from '../trace/sources';

export interface LogFile {
  /** As the plan names it: relative to the plan's directory, or absolute. A directory's file is the directory joined with its path inside. */
  path: string;
  /** Where the plan names it: `logs`, `checks.observability`, `trace.sources`. */
  from: string;
  /** Bytes, while it can be read. */
  size?: number;
  /** Why it cannot be read now (the tail still waits for it). */
  problem?: string;
}

export interface LogFileListing {
  /** In the plan's order, each file once. */
  files: LogFile[];
  /** Directories that could not be listed. */
  problems: string[];
}

/** `file:PATH`, `dir:PATH`, or a bare path: what a trace source spec names on disk, if anything. */
function pathOfSource(spec: string, baseDir: string): { path: string; dir: boolean } | undefined {
  const colon = spec.indexOf(':');
  const prefix = colon > 0 ? spec.slice(0, colon) : '';
  if (prefix === 'file' || prefix === 'dir') return { path: spec.slice(colon + 1), dir: prefix === 'dir' };
  if (TRACE_SOURCE_KINDS.some((k) => k.prefixes.includes(prefix))) return undefined;
  try {
    return { path: spec, dir: statSync(resolve(baseDir, spec)).isDirectory() };
  } catch {
    return undefined;
  }
}

export function planLogFiles(plan: Plan, baseDir: string): LogFileListing {
  const named: { path: string; from: string; dir?: boolean }[] = plan.logs.map((l) => ({ path: l.path, from: 'logs' }));
  for (const [step, specs] of Object.entries(plan.checks ?? {})) {
    for (const spec of specs ?? []) if (spec.kind === 'logs' && spec.path) named.push({ path: spec.path, from: `checks.${step}` });
  }
  for (const spec of plan.trace?.sources ?? []) {
    const source = pathOfSource(spec, baseDir);
    if (source) named.push({ ...source, from: 'trace.sources' });
  }

  const files: LogFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (path: string, from: string) => {
    const absolute = resolve(baseDir, path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    try {
      const st = statSync(absolute);
      files.push(st.isFile() ? { path, from, size: st.size } : { path, from, problem: 'not a regular file' });
    } catch {
      files.push({ path, from, problem: 'no such file' });
    }
  };
  for (const n of named) {
    if (!n.dir) {
      add(n.path, n.from);
      continue;
    }
    const dir = resolve(baseDir, n.path);
    try {
      // A compressed file is an archive of what was: nothing is appended to it.
      for (const file of filesUnder(dir)) if (!isGzip(file)) add(join(n.path, relative(dir, file)), n.from);
    } catch (error) {
      problems.push(`${n.path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
    }
  }
  return { files, problems };
}
