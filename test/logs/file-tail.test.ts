import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Journal } from '../../src/investigation/journal';
import { redactorFor, rulesFromPlan } from '../../src/redact/redact';
import { Session } from '../../src/workbench/session';
import type { TailHandle, TailState } from '../../src/logs/tail-handle';
import { planSchema, type PlanInput } from '../../src/plan/schema';

// The workbench's file tail over real files and no cluster: the plan's log files listed,
// lines arriving redacted and batched, what happens to the file said once, close ending it.

const cleanups: (() => Promise<void> | void)[] = [];
/** Sessions a test quit itself. */
const quit = new WeakSet<Session>();
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionIn(plan: PlanInput): { session: Session; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'triage-file-tail-'));
  const parsed = planSchema.parse(plan);
  const root = join(dir, '.triage');
  const session = new Session({
    root,
    journal: Journal.open(root, 'file-tail', 'tester'),
    plan: parsed,
    baseDir: dir,
    checks: [],
    env: {},
    redact: redactorFor(rulesFromPlan(parsed.redact)),
  });
  cleanups.push(async () => {
    if (!quit.has(session)) await session.quit();
    rmSync(dir, { recursive: true, force: true });
  });
  return { session, dir };
}

const until = (handle: TailHandle, check: (s: TailState) => void) => vi.waitFor(() => check(handle.getState()), { timeout: 5000, interval: 20 });
const texts = (s: TailState) => [...s.lines].filter((l) => !l.event).map((l) => l.text);
const events = (s: TailState) => [...s.lines].filter((l) => l.event).map((l) => l.text);
const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;

describe('the file tail intents', () => {
  it("lists the plan's log files without a cluster: logs entries, logs checks, file: and dir: trace sources", async () => {
    const { session, dir } = sessionIn({
      logs: [{ path: 'app.log' }],
      checks: { observability: [{ kind: 'logs', name: 'worker-log', path: 'logs/worker.log' }] },
      trace: { sources: ['file:app.log', 'dir:harness', 'pods:shop/app=cart', 'missing.log'] },
    });
    writeFileSync(join(dir, 'app.log'), 'a\n');
    mkdirSync(join(dir, 'harness', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'harness', 'run.log'), 'run\n');
    writeFileSync(join(dir, 'harness', 'nested', 'step.log'), 'step\n');
    writeFileSync(join(dir, 'harness', 'old.log.gz'), gzipSync('old\n'));
    const { files, problems } = await session.listLogFiles();
    expect(files).toEqual([
      { path: 'app.log', from: 'logs', size: 2 },
      { path: 'logs/worker.log', from: 'checks.observability', problem: 'no such file' },
      { path: 'harness/nested/step.log', from: 'trace.sources', size: 5 },
      { path: 'harness/run.log', from: 'trace.sources', size: 4 },
    ]);
    expect(problems).toEqual([]);
  });

  it('follows a file from its last lines, appends arriving batched and redacted, timestamps read from the lines', async () => {
    const { session, dir } = sessionIn({ logs: [{ path: 'app.log' }] });
    const path = join(dir, 'app.log');
    writeFileSync(path, `${Array.from({ length: 150 }, (_, i) => `2026-06-15T09:00:${String(i % 60).padStart(2, '0')}Z old ${i}`).join('\n')}\n`);
    const tail = session.openTail({ kind: 'file', path: 'app.log' });
    cleanups.push(() => tail.close());
    expect(tail.getState()).toMatchObject({ title: 'app.log', source: 'file', phase: 'following' });
    await until(tail, (s) => expect(texts(s)).toHaveLength(100));
    expect(texts(tail.getState())[0]).toContain('old 50');
    const published: number[] = [];
    tail.subscribe(() => published.push(tail.getState().lines.length));
    appendFileSync(path, `2026-06-15T09:01:00Z {"level":"info","msg":"login","token":"${TOKEN}"}\n`);
    for (let i = 0; i < 50; i++) appendFileSync(path, `2026-06-15T09:01:01Z burst ${i}\n`);
    await until(tail, (s) => expect(texts(s).at(-1)).toContain('burst 49'));
    const state = tail.getState();
    const login = [...state.lines].find((l) => l.text.includes('login'))!;
    expect(login.text).not.toContain(TOKEN);
    expect(login.text).toContain('[REDACTED:github-token]');
    expect(login).toMatchObject({ file: 'app.log', stream: 'app.log', time: '2026-06-15T09:01:00.000Z' });
    // The leading timestamp is the line's time, as a pod line's is: the text starts after it.
    expect(login.text.startsWith('{"level":"info","msg":"login"')).toBe(true);
    // 51 lines written in a burst reach the view in a few batches, not one publish each.
    expect(published.length).toBeLessThan(10);
    expect(state.received).toBe(151);
  });

  it('says once in the tail that the file was truncated, then rotated by rename, and follows each from its start', async () => {
    const { session, dir } = sessionIn({});
    const path = join(dir, 'app.log');
    writeFileSync(path, 'first\n');
    const tail = session.openTail({ kind: 'file', path: 'app.log' });
    cleanups.push(() => tail.close());
    await until(tail, (s) => expect(texts(s)).toEqual(['first']));
    truncateSync(path, 0);
    appendFileSync(path, 'after truncation\n');
    await until(tail, (s) => expect(texts(s)).toEqual(['first', 'after truncation']));
    expect(events(tail.getState())).toEqual(['app.log was truncated: following it again from its start']);
    renameSync(path, join(dir, 'app.log.1'));
    writeFileSync(path, 'rotated in\n');
    await until(tail, (s) => expect(texts(s).at(-1)).toBe('rotated in'));
    expect(events(tail.getState()).at(-1)).toMatch(/^app\.log (was replaced \(rotated\)|can be read now)/);
  });

  it('shows a missing file as a state line and a notice, not a failure, and follows it once it is written', async () => {
    const { session, dir } = sessionIn({});
    const tail = session.openTail({ kind: 'file', path: 'logs/late.log' });
    cleanups.push(() => tail.close());
    await until(tail, (s) => expect(s.notice).toBe('logs/late.log: no such file; followed again once it can be read'));
    expect(tail.getState().phase).toBe('following');
    expect(events(tail.getState())).toEqual(['logs/late.log: no such file; followed again once it can be read']);
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'late.log'), 'finally\n');
    await until(tail, (s) => expect(texts(s)).toEqual(['finally']));
    expect(tail.getState().notice).toBeUndefined();
  });

  it('stops every watcher and timer on close, and on quit', async () => {
    const { session, dir } = sessionIn({});
    writeFileSync(join(dir, 'a.log'), 'a\n');
    writeFileSync(join(dir, 'b.log'), 'b\n');
    const active = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'Timeout').length;
    const settled = async (count: number) => {
      // Not vi.waitFor: its own timers would count.
      for (let waited = 0; waited < 2000 && active() !== count; waited += 10) await new Promise((r) => setTimeout(r, 10));
      return active();
    };
    await new Promise((r) => setTimeout(r, 100));
    const before = active();
    const a = session.openTail({ kind: 'file', path: 'a.log' });
    const b = session.openTail({ kind: 'file', path: 'b.log' });
    await until(a, (s) => expect(texts(s)).toEqual(['a']));
    await until(b, (s) => expect(texts(s)).toEqual(['b']));
    expect(await settled(before + 4)).toBe(before + 4);
    a.close();
    expect(a.getState().phase).toBe('closed');
    expect(await settled(before + 2)).toBe(before + 2);
    quit.add(session);
    await session.quit();
    expect(b.getState().phase).toBe('closed');
    expect(await settled(before)).toBe(before);
    appendFileSync(join(dir, 'a.log'), 'after close\n');
    await new Promise((r) => setTimeout(r, 150));
    expect(texts(a.getState())).toEqual(['a']);
  });
});
