// `git` / `--since-green`: the commits between the last green run and the deployed build
// (build.expectedSha, else HEAD), each a change before onset. Read-only: rev-parse, merge-base
// and log, never a fetch or a checkout.
import { resolve } from 'node:path';
import { timelineOutcome, type Change } from '../checks/change-timeline';
import type { Check, CheckContext } from '../checks/types';
import { describeEnd, lastLines, runProcess, type ProcessResult } from '../checks/process';
import { shellJoin } from '../checks/shell';
import type { CheckOutcome, Evidence } from '../model';
import type { Plan } from './schema';

/** Enough to date a regression; a longer range says how many more there are. */
const MAX_COMMITS = 500;

export interface Commit {
  sha: string;
  author: string;
  /** Committer date (RFC 3339, UTC): when the commit landed where it is, after rebases and merges. */
  time: string;
  subject: string;
  paths: string[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';
/** Hash, author, committer date, subject; then the changed paths, one a line. */
const LOG_FORMAT = `--format=${RECORD}%H${FIELD}%an${FIELD}%cI${FIELD}%s`;

/** `git log LOG_FORMAT --name-only` output → commits, newest first as git prints them. */
export function parseGitLog(output: string): Commit[] {
  return output
    .split(RECORD)
    .slice(1)
    .flatMap((record) => {
      const [head = '', ...rest] = record.split('\n');
      const [sha, author, time, subject] = head.split(FIELD);
      if (!sha || !/^[0-9a-f]{40,64}$/.test(sha) || time === undefined) return [];
      // In UTC like every other time on the timeline (git prints the committer's own offset).
      const instant = new Date(time);
      const utc = Number.isFinite(instant.getTime()) ? instant.toISOString().replace('.000Z', 'Z') : time;
      return [{ sha, author: author ?? '', time: utc, subject: subject ?? '', paths: rest.map((p) => p.trim()).filter(Boolean) }];
    });
}

/** The plan's services, by the names the trace and the mechanisms use. */
function planServices(plan: Pick<Plan, 'trace' | 'health' | 'build'>): string[] {
  return [...new Set([...(plan.trace?.services ?? []), ...plan.health.map((h) => h.name), ...(plan.build?.deployed ?? []).map((d) => d.name)])];
}

/** The services whose name is a folder of a changed path (`checkout/src/pay.ts`, `services/checkout/main.go`). */
export function servicesTouched(paths: readonly string[], services: readonly string[]): string[] {
  const wanted = new Set(services);
  const found = new Set<string>();
  for (const path of paths) {
    for (const folder of path.split('/').slice(0, -1)) if (wanted.has(folder)) found.add(folder);
  }
  return [...found].sort();
}

function firstPaths(paths: readonly string[]): string {
  if (!paths.length) return 'no paths (a merge)';
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}

function commitChange(c: Commit, services: readonly string[], repo: string): Change {
  const short = c.sha.slice(0, 7);
  const touched = servicesTouched(c.paths, services);
  return {
    type: 'commit',
    object: `commit:${short}`,
    subjects: touched.length ? touched : ['repository'],
    bucket: 'version-drift',
    phrase: `commit ${short} '${c.subject}' by ${c.author}`,
    time: c.time,
    details: [{ text: `changed ${firstPaths(c.paths)}`, time: c.time, source: `git ${repo}` }],
    replay: shellJoin(['git', '-C', repo, 'show', '--stat', c.sha]),
  };
}

/** Git as a person's shell runs it, minus anything that could point it at another repository or prompt. */
function gitEnv(env: CheckContext['env']): Record<string, string | undefined> {
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('GIT_')));
  return { ...clean, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

interface Target {
  sha: string;
  /** `build.expectedSha` or `HEAD`: which one the range ends at. */
  label: string;
}

async function listCommits(repoSetting: string, lastGreen: string, plan: Plan, ctx: CheckContext<Plan>): Promise<CheckOutcome> {
  const repo = resolve(ctx.baseDir, repoSetting);
  const started = performance.now();
  const git = async (...args: string[]): Promise<ProcessResult> =>
    runProcess(['git', ...args], {
      cwd: repo,
      env: gitEnv(ctx.env),
      signal: ctx.signal,
      // One deadline for the whole check, shared by its git calls.
      timeoutMs: Math.max(100, ctx.timeoutMs - (performance.now() - started)),
    });
  const failed = (what: string, r: ProcessResult) =>
    r.notStarted ?? (r.timedOut ? describeEnd(r, ctx.timeoutMs) : `${what}: ${lastLines(r.output, 1)[0] ?? describeEnd(r, ctx.timeoutMs)}`);
  const target: Target = plan.build?.expectedSha ? { sha: plan.build.expectedSha, label: 'build.expectedSha' } : { sha: 'HEAD', label: 'HEAD' };
  const replay = shellJoin(['git', '-C', repo, 'log', '--stat', `${lastGreen}..${target.sha}`]);

  const top = await git('rev-parse', '--show-toplevel');
  if (top.notStarted || top.exitCode !== 0) {
    const why = top.notStarted?.startsWith('working directory not found') ? `no such directory ${repo}` : failed(`${repo} is not a git repository`, top);
    return { status: 'error', summary: `cannot list commits since the last green run: ${why} (plan git.repo)`, evidence: [], replay };
  }
  const resolveCommit = async (sha: string): Promise<string | undefined> => {
    const r = await git('rev-parse', '--verify', '--quiet', `${sha}^{commit}`);
    return r.exitCode === 0 ? r.output.trim().split('\n')[0] : undefined;
  };
  const [green, head] = [await resolveCommit(lastGreen), await resolveCommit(target.sha)];
  const unknown = [...(green ? [] : [`last green ${lastGreen}`]), ...(head ? [] : [`${target.label} ${target.sha}`])];
  if (unknown.length || !green || !head) {
    return {
      status: 'error',
      summary: `cannot list commits since the last green run: ${unknown.join(' and ')} ${unknown.length > 1 ? 'are not commits' : 'is not a commit'} in ${top.output.trim()} (fetch it, or check the SHA)`,
      evidence: [],
      replay: shellJoin(['git', '-C', repo, 'rev-parse', '--verify', `${unknown[0]!.split(' ').pop()}^{commit}`]),
    };
  }
  const ancestry = await git('merge-base', '--is-ancestor', green, head);
  const log = await git('log', LOG_FORMAT, '--name-only', '--no-renames', `--max-count=${MAX_COMMITS + 1}`, `${green}..${head}`);
  if (log.exitCode !== 0) return { status: 'error', summary: `cannot list commits: ${failed('git log', log)}`, evidence: [], replay };
  const commits = parseGitLog(log.output);
  const shown = commits.slice(0, MAX_COMMITS);
  const services = planServices(plan);
  const range = `between last green ${green.slice(0, 7)} and ${target.label === 'HEAD' ? 'HEAD' : 'the expected build'} ${head.slice(0, 7)}`;
  const context: Evidence[] = [];
  if (commits.length > MAX_COMMITS) context.push({ text: `more than ${MAX_COMMITS} commits ${range}: the oldest are not listed`, source: `git ${repo}` });
  // Not an ancestor: the range is "in one, not the other", not "since": history was rewritten or the build is on another branch.
  const diverged = ancestry.exitCode === 1;
  if (diverged)
    context.push({
      text: `last green ${green.slice(0, 7)} is not an ancestor of ${head.slice(0, 7)}: these are the commits in ${head.slice(0, 7)} that ${green.slice(0, 7)} lacks (a rewritten history or another branch)`,
      source: `git ${repo}`,
    });
  const outcome = timelineOutcome(
    shown.map((c) => commitChange(c, services, repo)),
    { window: range, quiet: `no commits ${range}`, replay, context },
  );
  return diverged ? { ...outcome, status: 'warn', bucket: 'version-drift' } : outcome;
}

/** `git` (with `lastGreen`, or `--since-green`) → the commits since the last green run (versions). */
export function commitChecks(plan: Plan): Check<Plan>[] {
  const git = plan.git;
  if (!git) return [];
  return [
    {
      id: 'versions/commits',
      step: 'versions',
      title: 'Commits since the last green run',
      run: async (ctx) =>
        git.lastGreen
          ? listCommits(git.repo, git.lastGreen, ctx.plan, ctx)
          : { status: 'skip', summary: 'no last green SHA: set git.lastGreen in the plan or pass --since-green SHA', evidence: [] },
    },
  ];
}
