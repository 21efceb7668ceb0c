// Processes that never end: commands that hang, spew or leave children behind, and triage
// itself ended by a signal. Every child leads its own process group; the group goes with it.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandKind, commandSpec } from '../../src/checks/kinds/command';
import { run } from '../checks/support';
import { alive, binary, processesWith, removeTempDirs, tempDir, until } from './support';

afterAll(removeTempDirs);

const command = (argv: string[], extra: Record<string, unknown> = {}) =>
  commandKind.create(commandSpec.parse({ kind: 'command', argv, ...extra }), 'auth-config', 0);

/** A marker no other process on the machine carries, so its processes can be found in /proc. */
const marker = () => `triage-fault-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

describe('a command check', () => {
  it('whose child waits on a background sleep ends within its timeout plus a second, and the sleep goes with it', async () => {
    const tag = marker();
    const result = await run(command(['sh', '-c', `sleep 600 & echo "bg $!"; wait; : ${tag}`]), { timeoutMs: 2000 });
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^sh killed by SIGTERM after the 1\.8s deadline$/);
    expect(result.durationMs).toBeLessThan(2000 + 1000);
    const sleeper = Number(/bg (\d+)/.exec(result.evidence.map((e) => e.text).join('\n'))?.[1]);
    expect(await until(() => !alive(sleeper), 2000)).toBe(true);
    expect(processesWith(tag)).toEqual([]);
  });

  it('that exits leaving an orphan holding its output is done at once, and the orphan is killed', async () => {
    const started = performance.now();
    const result = await run(command(['sh', '-c', 'sleep 600 & echo "bg $!"']), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 'pass' });
    expect(performance.now() - started).toBeLessThan(3000);
    const orphan = Number(/bg (\d+)/.exec(result.summary)?.[1]);
    expect(orphan).toBeGreaterThan(0);
    expect(await until(() => !alive(orphan), 2000)).toBe(true);
  });

  it('whose grandchild ignores SIGTERM still ends: the group gets SIGKILL after the grace second', async () => {
    const result = await run(command(['sh', '-c', `sh -c 'trap "" TERM; echo "stubborn $$"; while :; do sleep 0.1; done' & wait`]), { timeoutMs: 1500 });
    expect(result.status).toBe('error');
    expect(result.durationMs).toBeLessThan(1500 + 1000);
    const stubborn = Number(/stubborn (\d+)/.exec(result.evidence.map((e) => e.text).join('\n'))?.[1]);
    expect(await until(() => !alive(stubborn), 3000)).toBe(true);
  });

  it('that hangs is killed at its deadline', async () => {
    const tag = marker();
    const result = await run(command(['sh', '-c', `sleep 600; : ${tag}`]), { timeoutMs: 1000 });
    // Its own deadline, or on a busy machine the runner's a moment later: either stops it the same way.
    expect(result.status).toBe('error');
    expect(result.summary).toBe('sh killed by SIGTERM after the 900ms deadline');
    expect(result.durationMs).toBeLessThan(2000);
    expect(await until(() => processesWith(tag).length === 0, 2000)).toBe(true);
  });

  it('whose output passes 8 MB says it was truncated, keeps its last line, and passes on its own exit code', async () => {
    const script = 'const line = "x".repeat(1023) + "\\n"; for (let i = 0; i < 12 * 1024; i++) process.stdout.write(line); console.log("the last line")';
    const result = await run(command(['node', '-e', script]), { timeoutMs: 20_000 });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('node exited 0, output truncated at 8 MB: the last line');
    expect(result.evidence.at(-1)?.text).toBe('the last line');
  });

  it('that spews without end is stopped at its deadline, saying the output was truncated', async () => {
    const result = await run(command(['yes', 'spew']), { timeoutMs: 2000 });
    expect(result.status).toBe('error');
    expect(result.summary).toBe('yes killed by SIGTERM after the 1.8s deadline, output truncated at 8 MB');
    expect(result.evidence.at(-1)?.text).toBe('spew');
  });
});

describe('triage run with a command check', () => {
  const walk = (dir: string, argv: string[], timeout: string) => {
    writeFileSync(
      join(dir, 'triage.yaml'),
      `name: faults\nchecks:\n  auth-config:\n    - { kind: command, name: hang, timeout: ${timeout}, argv: ${JSON.stringify(argv)} }\n`,
    );
  };

  it('ends after the orphaning command times out, with its JSON on stdout (sh -c "sleep 600 & wait")', async () => {
    const dir = tempDir();
    const tag = marker();
    walk(dir, ['sh', '-c', `sleep 600 & wait; : ${tag}`], '2s');
    const ran = await binary(['run', '--format', 'json'], { cwd: dir, limitMs: 60_000 });
    expect(ran.hung).toBe(false);
    const checks = (JSON.parse(ran.stdout) as { steps: { checks: { id: string; status: string; durationMs: number }[] }[] }).steps.flatMap((s) => s.checks);
    const hang = checks.find((c) => c.id === 'auth-config/hang')!;
    expect(hang.status).toBe('error');
    expect(hang.durationMs).toBeLessThan(2000 + 1000);
    expect(ran.code).toBe(1);
    expect(processesWith(tag)).toEqual([]);
  });

  it('ended by SIGTERM takes the running command and all it started with it', async () => {
    const dir = tempDir();
    const tag = marker();
    walk(dir, ['sh', '-c', `sleep 600 & sleep 600; : ${tag}`], '60s');
    let pid = 0;
    const done = binary(['run'], { cwd: dir, limitMs: 30_000, onStart: (child) => (pid = child.pid!) });
    expect(await until(() => processesWith(tag).length > 0, 15_000)).toBe(true);
    const children = processesWith(tag);
    process.kill(pid, 'SIGTERM');
    const ran = await done;
    expect(ran.hung).toBe(false);
    expect(ran.code).toBe(143);
    expect(await until(() => children.every((c) => !alive(c)), 3000)).toBe(true);
  });
});
