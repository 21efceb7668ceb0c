import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/investigation/journal';
import { foldAll, type InvestigationState } from '../../src/investigation/fold';
import { STEPS } from '../../src/plan/steps';
import { worstStatus } from '../../src/model';
import { TRIAGE, TmuxServer, describeInTmux, type Pane } from './terminal';
import { rowOf, showsAllSteps, stepRows, walkFinished } from './screen';

// The built binary in a real terminal: keys in with tmux send-keys, the screen out with
// capture-pane, and the files it leaves in the working directory.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cwd: string;
let tmux: TmuxServer;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-e2e-'));
  tmux = new TmuxServer();
});

afterEach(() => {
  tmux.kill();
  rmSync(cwd, { recursive: true, force: true });
});

function demo(name: string, author: string, ...flags: string[]): Pane {
  return tmux.open(name, ['node', TRIAGE, 'demo', ...flags], { cwd, env: { USER: author } });
}

// Ink draws a frame before React attaches that frame's key handlers, so a key sent the
// instant something appears can reach the previous handler. A person reacts in no less
// than this; the tests do too.
const REACTION_MS = 150;

/** Press a key once the screen that takes it has been up for a moment. */
async function press(pane: Pane, key: string): Promise<void> {
  await sleep(REACTION_MS);
  pane.keys(key);
}

/** Type a reason into the open prompt the way a person does: the text, then Enter. */
async function answer(pane: Pane, text: string): Promise<void> {
  await sleep(REACTION_MS);
  pane.type(text);
  await pane.waitFor((s) => s.includes(text), 'the typed reason');
  await press(pane, 'Enter');
}

async function markVerdict(pane: Pane, key: 'p' | 'f' | 's', stepTitle: string, reason: string): Promise<void> {
  await press(pane, key);
  await pane.waitFor(new RegExp(`Why is ${stepTitle.replace(/&/g, '\\&')} \\w+\\?`), `the reason prompt for ${stepTitle}`);
  await answer(pane, reason);
  await pane.waitFor((s) => rowOf(s, stepTitle)?.verdict === true, `${stepTitle} to show the verdict mark`);
}

async function investigationId(): Promise<string> {
  const dir = join(cwd, '.triage', 'investigations');
  for (let i = 0; i < 200; i++) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : [];
    if (files.length === 1) return files[0]!.replace(/\.ndjson$/, '');
    await sleep(25);
  }
  throw new Error(`no single investigation under ${dir}`);
}

function journalState(id: string): { state: InvestigationState; problems: number } {
  const journal = Journal.open(cwd, id, 'reader');
  try {
    const { events, problems } = journal.readNew();
    return { state: foldAll(id, events), problems: problems.length + (journal.tornTail() ? 1 : 0) };
  } finally {
    journal.close();
  }
}

/** The process and every process under it, from /proc (each stat's fourth field is its parent). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The pids holding a listening TCP socket on the port (its inode in /proc/net/tcp*, then the
 * fds naming it): a port open after the demo ended may be another test's server on a reused
 * port, which says nothing about the demo.
 */
function listenersOf(port: number): number[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = row.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]!);
    }
  }
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      for (const fd of readdirSync(`/proc/${name}/fd`))
        if (inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${name}/fd/${fd}`))?.[1] ?? '')) pids.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function workspacesOf(pid: number): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`triage-demo-${pid}-`));
}

/** The demo workspaces kept in the folder it ran in: the note's replay lines read them after quit. */
function keptWorkspaces(): string[] {
  const dir = join(cwd, '.triage', 'demo');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describeInTmux('triage demo in a real terminal', () => {
  it('walks all steps, takes a verdict with its reason, writes the note and stops everything on quit', async () => {
    const pane = demo('walk', 'alice');
    const pid = pane.pid();
    await pane.waitFor(showsAllSteps, 'the first frame');

    await press(pane, 'a');
    const walked = await pane.waitFor(walkFinished, 'every step to show a result', 30_000);
    expect(stepRows(walked).filter((r) => r.status === 'fail').length).toBeGreaterThan(0);
    expect(rowOf(walked, 'Contract')?.status).toBe('fail');

    const reason = 'stale contract: the product renamed COMPLETED to SUCCEEDED';
    await markVerdict(pane, 'f', 'Contract', reason);

    await press(pane, 'w');
    const written = await pane.waitFor(/note written: /, 'the note path');
    const id = await investigationId();
    const notePath = join(cwd, '.triage', 'notes', `${id}.md`);
    expect(written).toContain(notePath);

    const tree = processTree(pid);
    // While it runs, the demo's endpoints are its own listeners (what the check after quit relies on).
    const running = readFileSync(join(cwd, '.triage', 'investigations', `${id}.ndjson`), 'utf8');
    const heldNow = [...new Set([...running.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])))].flatMap(listenersOf);
    expect(heldNow.filter((p) => tree.includes(p)).length).toBeGreaterThan(0);
    await press(pane, 'q');
    expect(await pane.waitForExit()).toBe(1);

    const note = readFileSync(notePath, 'utf8');
    // Each step has its line in the walk, whatever its layout; Contract's carries the verdict and who gave it.
    const lines = note.split('\n');
    const stepLine = (number: number, title: string) => lines.find((l) => new RegExp(`(^|\\D)${number}\\D.*${title}`).test(l));
    for (const step of STEPS) expect(stepLine(step.number, step.title), step.title).toMatch(/\b(FAIL|WARN|PASS|ERROR|skip)\b/);
    expect(stepLine(1, 'Contract')).toContain(reason);
    expect(stepLine(1, 'Contract')).toContain('alice');

    // Everything the demo started stopped with it: its listeners; nothing is left in the temp
    // dir, and the workspace the note's replay lines read is kept under .triage/demo/<id>.
    expect(workspacesOf(pid)).toEqual([]);
    expect(keptWorkspaces()).toEqual([id]);
    const journal = readFileSync(join(cwd, '.triage', 'investigations', `${id}.ndjson`), 'utf8');
    const ports = [...new Set([...journal.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])))];
    expect(ports.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(tree.filter(alive)).toEqual([]), { timeout: 10_000 });
    for (const port of ports)
      if (await portOpen(port))
        expect(
          listenersOf(port).filter((p) => tree.includes(p)),
          `port ${port}`,
        ).toEqual([]);
  }, 90_000);

  it('shows each terminal the verdicts the other records on the same investigation', async () => {
    const first = demo('first', 'alice');
    await first.waitFor(showsAllSteps, 'the first terminal');
    const id = await investigationId();
    const second = demo('second', 'bob', '--investigation', id);
    await second.waitFor(showsAllSteps, 'the second terminal');
    expect(rowOf(second.screen(), 'Contract')?.verdict).toBe(false);

    await markVerdict(first, 'f', 'Contract', 'renamed status: the test expects COMPLETED');
    const seenByBob = await second.waitFor((s) => rowOf(s, 'Contract')?.verdict === true, "alice's verdict in bob's terminal", 5_000);
    expect(rowOf(seenByBob, 'Contract')?.status).toBe('fail');

    await press(second, 'j');
    await second.waitFor(/›\S 2 Environment/, 'Environment to be selected');
    await markVerdict(second, 's', 'Environment', 'no cluster in the demo');
    const seenByAlice = await first.waitFor((s) => rowOf(s, 'Environment')?.verdict === true, "bob's verdict in alice's terminal", 5_000);
    expect(rowOf(seenByAlice, 'Environment')?.status).toBe('skip');

    await press(first, 'q');
    await press(second, 'q');
    await Promise.all([first.waitForExit(), second.waitForExit()]);
    const { state } = journalState(id);
    expect(state.steps.contract.verdict).toMatchObject({ status: 'fail', author: 'alice' });
    expect(state.steps.environment.verdict).toMatchObject({ status: 'skip', author: 'bob' });
  }, 90_000);

  it('stops on Ctrl-C and on SIGTERM, its workspace kept under .triage/demo and nothing left in the temp dir', async () => {
    const byKey = demo('ctrl-c', 'alice');
    const bySignal = demo('sigterm', 'alice');
    const pids = [byKey.pid(), bySignal.pid()];
    await Promise.all([byKey.waitFor(showsAllSteps, 'the first frame'), bySignal.waitFor(showsAllSteps, 'the first frame')]);
    expect(keptWorkspaces()).toHaveLength(2);

    await press(byKey, 'C-c');
    process.kill(pids[1]!, 'SIGTERM');
    expect(await byKey.waitForExit()).toBeLessThan(128);
    expect(await bySignal.waitForExit()).toBe(128 + 15);
    expect(pids.flatMap(workspacesOf)).toEqual([]);
    expect(keptWorkspaces()).toHaveLength(2);
  }, 90_000);

  it('stops on Ctrl-C while the walk runs, with the walk exit code and no internal error', async () => {
    const pane = demo('ctrl-c-mid-walk', 'alice');
    const pid = pane.pid();
    await pane.waitFor(showsAllSteps, 'the first frame');
    await press(pane, 'a');
    // Quit while requests and file reads are in flight: aborted before anyone listened, they once
    // ended the process with "internal error: socket hang up" (exit 70).
    await pane.waitFor((s) => stepRows(s).some((r) => r.status === 'running'), 'a step running', 30_000);
    pane.keys('C-c');
    const status = await pane.waitForExit();
    expect(pane.screen()).not.toMatch(/internal error/);
    expect([0, 1]).toContain(status);
    expect(workspacesOf(pid)).toEqual([]);
  }, 90_000);

  it('loses nothing the screen showed as recorded when it is killed with -9 mid-walk', async () => {
    const pane = demo('crash', 'alice');
    const pid = pane.pid();
    await pane.waitFor(showsAllSteps, 'the first frame');
    await markVerdict(pane, 'f', 'Contract', 'stale contract, recorded before the crash');

    await press(pane, 'a');
    // Kill as soon as any check-driven result is on screen, while the rest may still run.
    const shown = await pane.waitFor(
      (s) => stepRows(s).some((r) => !r.verdict && r.status !== 'pending' && r.status !== 'running'),
      'the first step result',
      30_000,
    );
    process.kill(pid, 'SIGKILL');
    expect(await pane.waitForExit()).toBe(128 + 9);

    const id = await investigationId();
    const { state, problems } = journalState(id);
    expect(problems).toBe(0);
    expect(state.steps.contract.verdict?.reason).toBe('stale contract, recorded before the crash');
    for (const row of stepRows(shown)) {
      if (row.status === 'pending' || row.status === 'running') continue;
      const step = state.steps[STEPS.find((s) => s.number === row.number)!.id];
      // A check of the same step may have started after the frame (the walk runs on): what the
      // screen showed is then the verdict or the worst of the results the journal already holds for the step.
      const finished = step.checks.flatMap((c) => (c.result ? [c.result.status] : []));
      const recorded = step.status !== 'running' ? step.status : (step.verdict?.status ?? (finished.length > 0 ? worstStatus(finished) : 'running'));
      expect({ step: row.title, status: recorded }).toEqual({ step: row.title, status: row.status });
    }

    // A demo killed with -9 cannot clean up; the next one removes what it left behind.
    const next = demo('next', 'alice', '--headless');
    expect(await next.waitForExit(30_000), next.screen()).toBe(1);
    expect(workspacesOf(pid)).toEqual([]);
  }, 90_000);
});
