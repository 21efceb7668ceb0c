import { afterEach, describe, expect, it, vi } from 'vitest';
import { askResume, runWorkbench } from '../../views/run';
import { makeSession } from './fixture';
import { memoryTerminal } from './terminal';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** True as soon as `promise` settles; false when it has not within `ms`. */
async function settles(promise: Promise<unknown>, ms = 2000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Types once Ink reads the terminal's input (it starts to in an effect after its first frame). */
async function type(terminal: ReturnType<typeof memoryTerminal>, keys: string) {
  await vi.waitFor(() => expect(terminal.stdin.listenerCount('readable')).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
  terminal.stdin.type(keys);
}

describe('runWorkbench', () => {
  it('draws the workbench and resolves only when q is pressed', async () => {
    const { session, dispose } = makeSession();
    cleanups.push(dispose);
    const terminal = memoryTerminal();
    let finished = false;
    const running = runWorkbench(session, { title: 'checkout smoke', ...terminal.streams }).then(() => (finished = true));
    const drawn = () => terminal.stdout.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    // Ink throttles the frames of a real render (about 30 a second): wait for the frames
    // themselves, the first one and then the one the key draws, not for a fixed 20 ms.
    await vi.waitFor(() => expect(drawn()).toContain('checkout smoke'), { timeout: 5000, interval: 10 });
    await type(terminal, 'j');
    await vi.waitFor(() => expect(drawn()).toContain('›○ 2 Environment'), { timeout: 2000, interval: 10 });
    expect(finished).toBe(false);
    await type(terminal, 'q');
    expect(await settles(running)).toBe(true);
  });

  it('resolves on Ctrl-C', async () => {
    const { session, dispose } = makeSession();
    cleanups.push(dispose);
    const terminal = memoryTerminal();
    const running = runWorkbench(session, terminal.streams);
    await type(terminal, '\u0003');
    expect(await settles(running)).toBe(true);
  });
});

describe('askResume', () => {
  const candidate = { id: '20240501-100000Z-abc123', title: 'red smoke run', updatedAt: '2024-05-01T10:05:00.000Z' };

  it('asks about the candidate and resumes on Enter', async () => {
    const terminal = memoryTerminal();
    terminal.stdout.columns = 160;
    const answer = askResume(candidate, terminal.streams);
    await type(terminal, '\r');
    expect(await answer).toBe(true);
    expect(terminal.stdout.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toContain(
      'Resume investigation red smoke run (20240501-100000Z-abc123, updated 2024-05-01T10:05:00.000Z)? [Y/n]',
    );
  });

  it('starts afresh on n', async () => {
    const terminal = memoryTerminal();
    const answer = askResume(candidate, terminal.streams);
    await type(terminal, 'n');
    expect(await answer).toBe(false);
  });

  it('answers neither on Ctrl-C, so the caller quits instead of opening a new investigation', async () => {
    const terminal = memoryTerminal();
    const answer = askResume(candidate, terminal.streams);
    await type(terminal, '\u0003');
    expect(await answer).toBeUndefined();
  });
});
