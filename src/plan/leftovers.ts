// `leftovers.paths`: files and directories an earlier run left behind (locks, state dirs,
// "already exists" markers) block an identical rerun, so finding any is a failure.
import { lstat, readdir } from 'node:fs/promises';
import type { CheckOutcome, Evidence, Fact } from '../model';
import type { Check, CheckContext } from '../checks/types';
import { formatBytes, matchPaths, shownPath } from '../checks/paths';
import { inDirectory, shellGlob } from '../checks/shell';
import { formatDuration } from '../model/duration';
import type { Plan } from './schema';

async function describe(path: string, ctx: CheckContext): Promise<Evidence> {
  const s = await lstat(path);
  const shown = shownPath(ctx.baseDir, path);
  const age = formatDuration(Math.max(0, ctx.now().getTime() - s.mtime.getTime()));
  const entries = s.isDirectory() ? (await readdir(path)).length : 0;
  const what = s.isDirectory() ? `directory, ${entries} ${entries === 1 ? 'entry' : 'entries'}` : `file, ${formatBytes(s.size)}`;
  return { text: `${shown} (${what}, ${age} old)`, source: shown, time: s.mtime.toISOString() };
}

async function runLeftovers(patterns: string[], ctx: CheckContext): Promise<CheckOutcome> {
  const replay = inDirectory(ctx.baseDir, `ls -la -d --full-time -- ${patterns.map(shellGlob).join(' ')}`);
  const found = [...new Set((await Promise.all(patterns.map((p) => matchPaths(p, ctx.baseDir, false)))).flat())].sort();
  const evidence = await Promise.all(found.map((p) => describe(p, ctx)));
  if (evidence.length === 0) {
    return { status: 'pass', summary: `no leftovers from an earlier run (${patterns.join(', ')})`, evidence, replay };
  }
  const more = evidence.length > 1 ? ` (+${evidence.length - 1} more)` : '';
  // Each leftover is its own fact: two runs' locks are two things to clean.
  const facts: Fact[] = evidence.slice(0, 20).map((e) => ({
    object: `file:${e.source}`,
    subject: e.source,
    kind: 'leftover',
    status: 'fail',
    bucket: 'replay-dedupe',
    class: 'tooling',
    phrase: `left by an earlier run blocks an identical rerun (${e.text.replace(`${e.source} `, '')})`,
    ...(e.time ? { time: e.time } : {}),
    evidence: [e],
    replay,
  }));
  return {
    facts,
    status: 'fail',
    summary: `${evidence.length} leftover${evidence.length === 1 ? '' : 's'} from an earlier run would block an identical rerun: ${evidence[0]!.text}${more}`,
    evidence,
    replay,
    bucket: 'replay-dedupe',
  };
}

/** `leftovers.paths` → one check (rerun). Namespaces, labels and Jobs are the cluster's built-ins. */
export function leftoverPathChecks(plan: Plan): Check[] {
  const patterns = plan.leftovers?.paths ?? [];
  if (patterns.length === 0) return [];
  return [{ id: 'rerun/leftover-paths', step: 'rerun', title: 'Files left by an earlier run', run: (ctx) => runLeftovers(patterns, ctx) }];
}
