// runProcess when its signal aborts: the check's deadline passing (the runner's TimeoutError),
// which can come before the process's own deadline on a loaded machine, or a cancel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/checks/process';
import { alive, tempDir } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A process that prints its pid, writes it to a file and waits for a minute; its own deadline is far off. */
function sleeper(controller: AbortController) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const pidFile = join(tmp.dir, 'pid');
  const running = runProcess(['sh', '-c', `echo "pid $$"; echo $$ > ${pidFile}; exec sleep 60`], {
    cwd: tmp.dir,
    env: process.env,
    signal: controller.signal,
    timeoutMs: 60_000,
  });
  const started = async () => {
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n')).toBe(true), { timeout: 20_000, interval: 20 });
    return Number(readFileSync(pidFile, 'utf8'));
  };
  return { running, started };
}

describe('a process whose signal aborts', () => {
  it('at the check’s deadline, before its own, is stopped with SIGTERM and answers with what it printed', async () => {
    const controller = new AbortController();
    const { running, started } = sleeper(controller);
    const pid = await started();
    controller.abort(new DOMException('timed out after 2.0s', 'TimeoutError'));
    const result = await running;
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGTERM', output: `pid ${pid}` });
    expect(alive(pid)).toBe(false);
  });

  it('for a cancel is killed at once, and the call rejects with the reason', async () => {
    const controller = new AbortController();
    const { running, started } = sleeper(controller);
    const pid = await started();
    const cancelled = new Error('cancelled');
    controller.abort(cancelled);
    await expect(running).rejects.toBe(cancelled);
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5000 });
  });
});
