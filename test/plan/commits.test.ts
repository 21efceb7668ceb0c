// The commits since the last green run, read with the real git from a real repository made
// in a temp directory: commits with fixed authors and dates, a side branch, a missing SHA.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { commitChecks, parseGitLog, servicesTouched } from '../../src/plan/commits';
import { checksFor } from '../../src/walk/assemble';
import { loadPlan, parsePlan } from '../../src/plan/load';
import { planSchema, type Plan, type PlanInput } from '../../src/plan/schema';
import type { CheckContext } from '../../src/checks/types';
import type { CheckOutcome } from '../../src/model';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** git as the test's own tool, isolated from the machine's configuration. */
function gitIn(repo: string, home: string) {
  return async (args: string[], who?: { name: string; date: string }) => {
    const r = await execa('git', args, {
      cwd: repo,
      stdin: 'ignore',
      extendEnv: false,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        GIT_CONFIG_NOSYSTEM: '1',
        ...(who
          ? {
              GIT_AUTHOR_NAME: who.name,
              GIT_AUTHOR_EMAIL: `${who.name.toLowerCase()}@example.com`,
              GIT_AUTHOR_DATE: who.date,
              GIT_COMMITTER_NAME: who.name,
              GIT_COMMITTER_EMAIL: `${who.name.toLowerCase()}@example.com`,
              GIT_COMMITTER_DATE: who.date,
            }
          : {}),
      },
    });
    return r.stdout.trim();
  };
}

interface Repo {
  dir: string;
  green: string;
  fix: string;
  live: string;
  docs: string;
  side: string;
}

async function makeRepo(): Promise<Repo> {
  const dir = temp('triage-git-');
  const home = temp('triage-git-home-');
  const git = gitIn(dir, home);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = async (message: string, name: string, date: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) write(path, text);
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', message], { name, date });
    return git(['rev-parse', 'HEAD']);
  };
  await git(['init', '-q', '-b', 'main']);
  const green = await commit('release 1.4.2', 'Lee', '2025-03-13T08:00:00Z', { 'checkout/src/pay.ts': 'v1\n', 'README.md': 'shop\n' });
  const fix = await commit('fix: cap settlement batch', 'Dana', '2025-03-14T07:30:00Z', { 'payments-worker/src/batch.go': 'cap\n' });
  const live = await commit('feat: live payment mode', 'Ari', '2025-03-14T08:10:00Z', {
    'checkout/config/mode.yaml': 'live\n',
    'services/payments-worker/mode.yaml': 'live\n',
  });
  const docs = await commit('docs: runbook', 'Ari', '2025-03-14T09:00:00Z', {
    'docs/runbook.md': 'steps\n',
    'checkout.md': 'a file named like a service is not its folder\n',
  });
  await git(['checkout', '-q', '-b', 'side', green]);
  const side = await commit('experiment on a side branch', 'Lee', '2025-03-13T12:00:00Z', { 'cart/x.ts': 'x\n' });
  await git(['checkout', '-q', 'main']);
  return { dir, green, fix, live, docs, side };
}

const SERVICES = ['api-gateway', 'checkout', 'payments-worker'];

function contextFor(plan: PlanInput, baseDir: string, timeoutMs = 10_000): CheckContext<Plan> {
  const parsed = planSchema.parse({ trace: { services: SERVICES }, ...plan });
  return {
    signal: new AbortController().signal,
    timeoutMs,
    plan: parsed,
    baseDir,
    env: { PATH: process.env.PATH, HOME: baseDir },
    now: () => new Date(),
    cluster: undefined,
  };
}

async function commits(plan: PlanInput, baseDir: string): Promise<CheckOutcome> {
  const ctx = contextFor(plan, baseDir);
  const [check] = commitChecks(ctx.plan);
  expect(check!.id).toBe('versions/commits');
  return check!.run(ctx);
}

describe('commits since the last green run', () => {
  let repo: Repo;
  beforeAll(async () => {
    repo = await makeRepo();
  });

  it('lists each commit after the last green one as a change, newest first, with its author, committer time and the services its folders name', async () => {
    const r = await commits({ git: { repo: '.', lastGreen: repo.green } }, repo.dir);
    const short = (sha: string) => sha.slice(0, 7);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe(`3 changes between last green ${short(repo.green)} and HEAD ${short(repo.docs)}: 3 commits`);
    expect(r.evidence.map((e) => `${e.time} [${e.source}] ${e.text}`)).toEqual([
      `2025-03-14T09:00:00Z [commit:${short(repo.docs)}] commit ${short(repo.docs)} 'docs: runbook' by Ari`,
      `2025-03-14T08:10:00Z [commit:${short(repo.live)}] commit ${short(repo.live)} 'feat: live payment mode' by Ari`,
      `2025-03-14T07:30:00Z [commit:${short(repo.fix)}] commit ${short(repo.fix)} 'fix: cap settlement batch' by Dana`,
    ]);
    expect(r.facts!.map((f) => `${f.object} ${f.subject} ${f.kind} ${f.status} ${f.bucket}`)).toEqual([
      `commit:${short(repo.docs)} repository change info version-drift`,
      `commit:${short(repo.live)} checkout change info version-drift`,
      `commit:${short(repo.live)} payments-worker change info version-drift`,
      `commit:${short(repo.fix)} payments-worker change info version-drift`,
    ]);
    const fix = r.facts!.find((f) => f.object === `commit:${short(repo.fix)}`)!;
    expect(fix.evidence[1]).toEqual({ text: 'changed payments-worker/src/batch.go', source: `git ${repo.dir}`, time: '2025-03-14T07:30:00Z' });
    expect(fix.replay).toBe(`git -C ${repo.dir} show --stat ${repo.fix}`);
  });

  it('prints a replay that runs as printed and shows the same commits', async () => {
    const r = await commits({ git: { repo: '.', lastGreen: repo.green } }, repo.dir);
    expect(r.replay).toBe(`git -C ${repo.dir} log --stat ${repo.green}..HEAD`);
    const shown = await execa('sh', ['-c', r.replay!], {
      reject: false,
      stdin: 'ignore',
      env: { PATH: process.env.PATH ?? '', HOME: repo.dir, GIT_PAGER: 'cat' },
      extendEnv: false,
    });
    expect(shown.exitCode).toBe(0);
    for (const subject of ['docs: runbook', 'feat: live payment mode', 'fix: cap settlement batch']) expect(shown.stdout).toContain(subject);
    expect(shown.stdout).not.toContain('release 1.4.2');
  });

  it('ends the range at build.expectedSha when the plan names one, a short SHA resolved', async () => {
    const r = await commits({ git: { repo: repo.dir, lastGreen: repo.green.slice(0, 7) }, build: { expectedSha: repo.live.slice(0, 10) } }, '/');
    expect(r.summary).toBe(`2 changes between last green ${repo.green.slice(0, 7)} and the expected build ${repo.live.slice(0, 7)}: 2 commits`);
    expect(r.evidence.map((e) => e.text)).not.toContain(expect.stringContaining('docs: runbook'));
  });

  it('says there is nothing between when the last green is the deployed commit', async () => {
    const r = await commits({ git: { repo: '.', lastGreen: repo.docs } }, repo.dir);
    expect(r).toMatchObject({ status: 'pass', summary: `no commits between last green ${repo.docs.slice(0, 7)} and HEAD ${repo.docs.slice(0, 7)}` });
    expect(r.facts).toBeUndefined();
  });

  it('warns when the last green is not an ancestor, and lists what the build has that it lacks', async () => {
    const r = await commits({ git: { repo: '.', lastGreen: repo.side } }, repo.dir);
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/^3 changes between last green \w{7} and HEAD \w{7}: 3 commits$/);
    expect(r.evidence.at(-1)!.text).toBe(
      `last green ${repo.side.slice(0, 7)} is not an ancestor of ${repo.docs.slice(0, 7)}: these are the commits in ${repo.docs.slice(0, 7)} that ${repo.side.slice(0, 7)} lacks (a rewritten history or another branch)`,
    );
  });

  it.each([
    [
      'an unknown last green SHA',
      (_r: Repo) => ({ git: { repo: '.', lastGreen: '0123456789abcdef' } }),
      (r: Repo) => `cannot list commits since the last green run: last green 0123456789abcdef is not a commit in ${r.dir} (fetch it, or check the SHA)`,
    ],
    [
      'an unknown expected SHA',
      (r: Repo) => ({ git: { repo: '.', lastGreen: r.green }, build: { expectedSha: 'fedcba9876543' } }),
      (r: Repo) => `cannot list commits since the last green run: build.expectedSha fedcba9876543 is not a commit in ${r.dir} (fetch it, or check the SHA)`,
    ],
    [
      'a missing repository',
      (r: Repo) => ({ git: { repo: 'nowhere', lastGreen: r.green } }),
      (r: Repo) => `cannot list commits since the last green run: no such directory ${join(r.dir, 'nowhere')} (plan git.repo)`,
    ],
  ])('is a clear error result for %s, not a crash', async (_what, plan, summary) => {
    const r = await commits(plan(repo), repo.dir);
    expect(r.status).toBe('error');
    expect(r.summary).toBe(summary(repo));
  });

  it('is a clear error result for a directory that is not a repository', async () => {
    const plain = temp('triage-not-git-');
    const r = await commits({ git: { repo: '.', lastGreen: repo.green } }, plain);
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(new RegExp(`^cannot list commits since the last green run: ${plain} is not a git repository: fatal: not a git repository`));
  });

  it('skips with a hint when the plan names a repository but no last green SHA', async () => {
    const r = await commits({ git: { repo: '.' } }, repo.dir);
    expect(r).toMatchObject({ status: 'skip', summary: 'no last green SHA: set git.lastGreen in the plan or pass --since-green SHA' });
  });

  it('joins the walk only when the plan has a git section', () => {
    expect(checksFor(planSchema.parse({})).map((c) => c.id)).not.toContain('versions/commits');
    expect(checksFor(planSchema.parse({ git: { lastGreen: repo.green } })).map((c) => c.id)).toContain('versions/commits');
  });
});

describe('reading git', () => {
  it('reads records by their separators and drops anything that is not one', () => {
    const sha = 'a'.repeat(40);
    const out = `warning: something on stderr\n\x1e${sha}\x1fDana\x1f2025-03-14T09:30:00+02:00\x1ffix: cap\n\npayments-worker/a.go\nREADME.md\n\x1enot-a-sha\x1fX\x1f2025\x1fy\n`;
    expect(parseGitLog(out)).toEqual([
      { sha, author: 'Dana', time: '2025-03-14T07:30:00Z', subject: 'fix: cap', paths: ['payments-worker/a.go', 'README.md'] },
    ]);
  });

  it.each([
    [['checkout/src/a.ts'], ['checkout']],
    [
      ['services/payments-worker/main.go', 'checkout/x'],
      ['checkout', 'payments-worker'],
    ],
    [['checkout.md', 'docs/checkout-notes.md'], []],
    [['api-gatewayx/a'], []],
  ])('%j touches %j', (paths, services) => {
    expect(servicesTouched(paths, SERVICES)).toEqual(services);
  });
});

describe('the git plan section and --since-green', () => {
  it.each([
    ['git:\n  repo: .\n  lastGreen: main\n', 'plan.yaml:3: git.lastGreen: expected a commit SHA (7 to 40 hex digits)'],
    ['git:\n  repo: .\n  lastgreen: 1a2b3c4\n', 'plan.yaml:3: git.lastgreen: unknown key'],
    ['git:\n  lastGreen: 1234567\n', 'plan.yaml:2: git.lastGreen: expected a commit SHA in quotes (YAML reads some SHAs as numbers)'],
    ['changes:\n  lookback: a day\n', 'plan.yaml:2: changes.lookback: expected a duration'],
  ])('rejects %j with file, line and field', (text, message) => {
    expect(() => parsePlan(text, 'plan.yaml')).toThrow(message);
  });

  it("are in the documented example plan and in the README's plan", () => {
    const example = loadPlan(process.cwd(), 'fixtures/plans/example.yaml').plan;
    expect(example.git).toEqual({ repo: '.', lastGreen: '4c1d8e2a7b9f0c3d5e6f7a8b9c0d1e2f3a4b5c6d' });
    expect(example.changes).toEqual({ lookback: '24h' });
    expect(example.trace?.metrics.map((m) => [m.name, m.window])).toEqual([['checkout-p99', '15m']]);
    const readme = readFileSync('README.md', 'utf8');
    const block = /## The plan: `triage\.yaml`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(parsePlan(block, 'README.md').git).toEqual({ repo: '.', lastGreen: '4c1d8e2' });
  });

  async function triage(argv: string[], cwd: string) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    const env = { PATH: process.env.PATH, HOME: cwd, KUBECONFIG: join(cwd, 'no-kubeconfig') };
    const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env, cwd };
    const code = await main(argv, io);
    return { code, out, err };
  }

  it('lists the commits since --since-green in a headless run, in the repository of the working directory', async () => {
    const repo = await makeRepo();
    const { code, out, err } = await triage(['run', '--since-green', repo.fix, '--format', 'json'], repo.dir);
    expect(err).toBe('');
    const versions = JSON.parse(out).steps.find((s: { id: string }) => s.id === 'versions');
    const check = versions.checks.find((c: { id: string }) => c.id === 'versions/commits');
    expect(check).toMatchObject({
      status: 'pass',
      summary: `2 changes between last green ${repo.fix.slice(0, 7)} and HEAD ${repo.docs.slice(0, 7)}: 2 commits`,
    });
    expect(code).toBe(0);
  });

  it('refuses a --since-green that is not a SHA in one line, exit 2', async () => {
    const dir = temp('triage-git-cli-');
    const { code, out, err } = await triage(['run', '--since-green', '--oneline', '--format', 'json'], dir);
    expect(out).toBe('');
    expect(err).toBe('triage run: --since-green must be a commit SHA (7 to 40 hex digits), got "--oneline"\n');
    expect(code).toBe(2);
  });
});
