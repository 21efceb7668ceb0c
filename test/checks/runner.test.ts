import { describe, expect, it } from 'vitest';
import { runChecks, runOne } from '../../src/checks/runner';
import type { Check } from '../../src/checks/types';
import { planSchema } from '../../src/plan/schema';

const context = { plan: planSchema.parse({}), baseDir: process.cwd(), env: {}, now: () => new Date() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function check(id: string, run: Check['run'], timeoutMs?: number): Check {
  return { id: `environment/${id}`, step: 'environment', title: id, run, timeoutMs };
}

describe('runner', () => {
  it('turns a thrown error into an error result with the reason', async () => {
    const result = await runOne(
      check('boom', async () => {
        throw new Error('socket hang up');
      }),
      { defaultTimeoutMs: 1000, context },
    );
    expect(result).toMatchObject({ status: 'error', summary: 'socket hang up' });
  });

  it('gives a check that ignores its signal an error result at the deadline', async () => {
    const started = Date.now();
    const result = await runOne(
      check('hang', () => new Promise(() => {})),
      { defaultTimeoutMs: 150, context },
    );
    expect(result).toMatchObject({ status: 'error', summary: 'timed out after 150ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("aborts the check's signal at its own deadline", async () => {
    let aborted = false;
    const slow = check(
      'slow',
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(ctx.signal.reason);
          }),
        ),
      100,
    );
    const result = await runOne(slow, { defaultTimeoutMs: 10_000, context });
    expect(aborted).toBe(true);
    expect(result.summary).toBe('timed out after 100ms');
  });

  it('reports a missing binary as an error naming it', async () => {
    const { execa } = await import('execa');
    const missing = check('missing', async () => {
      await execa('definitely-not-a-binary-xyz', [], { stdin: 'ignore' });
      return { status: 'pass', summary: '', evidence: [] };
    });
    const result = await runOne(missing, { defaultTimeoutMs: 5000, context });
    expect(result.status).toBe('error');
    expect(result.summary).toContain('definitely-not-a-binary-xyz');
  });

  it('runs no more checks at once than the concurrency allows, and keeps result order', async () => {
    let running = 0;
    let peak = 0;
    const checks = Array.from({ length: 8 }, (_, i) =>
      check(`c${i}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(20 + (i % 3) * 10);
        running -= 1;
        return { status: 'pass', summary: `c${i}`, evidence: [] };
      }),
    );
    const results = await runChecks(checks, { concurrency: 3, defaultTimeoutMs: 5000, context });
    expect(peak).toBe(3);
    expect(results.map((r) => r.summary)).toEqual(checks.map((c) => c.title));
  });

  it('cancels every running check when the outer signal aborts (quit)', async () => {
    const quit = new AbortController();
    const checks = [1, 2].map((i) =>
      check(`wait${i}`, (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))),
    );
    const done = runChecks(checks, { concurrency: 2, defaultTimeoutMs: 60_000, context, signal: quit.signal });
    await sleep(20);
    quit.abort();
    const results = await done;
    expect(results.map((r) => `${r.status}:${r.summary}`)).toEqual(['error:cancelled', 'error:cancelled']);
  });

  it('does not start, or wait for, checks still queued when the outer signal aborts', async () => {
    const quit = new AbortController();
    const started: string[] = [];
    // The queued ones ignore their signal: run after the quit, the walk would wait out their whole deadline.
    const checks = [1, 2, 3].map((i) =>
      check(`slow${i}`, async (ctx) => {
        started.push(`slow${i}`);
        if (i === 1) await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        await sleep(5000);
        return { status: 'pass', summary: 'late', evidence: [] };
      }),
    );
    const done = runChecks(checks, { concurrency: 1, defaultTimeoutMs: 60_000, context, signal: quit.signal });
    await sleep(20);
    quit.abort();
    const before = performance.now();
    const results = await done;
    expect(performance.now() - before).toBeLessThan(2000);
    expect(started).toEqual(['slow1']);
    expect(results.map((r) => `${r.status}:${r.summary}`)).toEqual(['error:cancelled', 'error:cancelled', 'error:cancelled']);
  });
});
