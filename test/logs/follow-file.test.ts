import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followFile, type FileEvent, type FileFollower } from '../../src/logs/follow-file';

// The file follower over real files in a temp directory: what `tail -F` does, as data.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-follow-file-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Followed {
  lines: string[];
  events: FileEvent[];
  follower: FileFollower;
}

function follow(path: string, tailLines = 3, pollMs = 50): Followed {
  const seen: Followed = { lines: [], events: [], follower: undefined as unknown as FileFollower };
  seen.follower = followFile(path, { tailLines, pollMs, onLines: (l) => seen.lines.push(...l), onEvent: (e) => seen.events.push(e) });
  cleanups.push(() => seen.follower.close());
  return seen;
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 20 });
const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('following a local file', () => {
  it('starts from the last lines and sees each append arrive, a half-written line once it ends', async () => {
    const path = join(tempDir(), 'app.log');
    writeFileSync(path, `${numbered(1, 10).join('\n')}\n`);
    const f = follow(path);
    await until(() => expect(f.lines).toEqual(numbered(8, 10)));
    appendFileSync(path, 'line 11\nline 1');
    await until(() => expect(f.lines).toEqual(numbered(8, 11)));
    appendFileSync(path, '2\r\n');
    await until(() => expect(f.lines).toEqual(numbered(8, 12)));
    expect(f.events).toEqual([]);
  });

  it('reads a truncated file again from its start and says so once', async () => {
    const path = join(tempDir(), 'app.log');
    writeFileSync(path, `${numbered(1, 5).join('\n')}\n`);
    const f = follow(path);
    await until(() => expect(f.lines).toEqual(numbered(3, 5)));
    truncateSync(path, 0);
    appendFileSync(path, 'after truncation\n');
    await until(() => expect(f.lines.at(-1)).toBe('after truncation'));
    expect(f.events).toEqual([{ kind: 'truncated' }]);
    expect(f.lines).toEqual([...numbered(3, 5), 'after truncation']);
  });

  it('notices a file truncated and written past where it was read before it looked (copytruncate)', async () => {
    const path = join(tempDir(), 'app.log');
    writeFileSync(path, 'short\n');
    const f = follow(path);
    await until(() => expect(f.lines).toEqual(['short']));
    // One tick: the follower cannot look between the truncation and the write.
    truncateSync(path, 0);
    appendFileSync(path, 'a much longer first line\nsecond\n');
    await until(() => expect(f.lines).toEqual(['short', 'a much longer first line', 'second']));
    expect(f.events).toEqual([{ kind: 'truncated' }]);
  });

  it('follows the new file after a rotation by rename, from its start, and not the renamed one', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    writeFileSync(path, 'old 1\nold 2\n');
    const f = follow(path);
    await until(() => expect(f.lines).toEqual(['old 1', 'old 2']));
    renameSync(path, join(dir, 'app.log.1'));
    writeFileSync(path, 'new 1\n');
    await until(() => expect(f.lines.at(-1)).toBe('new 1'));
    // Once it follows the new file, what the renamed one gets is not its to read. (Written
    // before it looked, it may be read: a look that opened the file just before the rename
    // reads it to its end, as tail -F does; which one comes first is the scheduler's luck.)
    appendFileSync(join(dir, 'app.log.1'), 'old 3\n');
    appendFileSync(path, 'new 2\n');
    await until(() => expect(f.lines).toEqual(['old 1', 'old 2', 'new 1', 'new 2']));
    // Between the rename and the new file the path may be missing for a poll: said once either way.
    expect(f.events.filter((e) => e.kind === 'rotated' || e.kind === 'appeared')).toHaveLength(1);
  });

  it('says a missing file is missing, once, and follows it from its start when it appears', async () => {
    const path = join(tempDir(), 'later.log');
    const f = follow(path);
    await until(() => expect(f.events).toEqual([{ kind: 'missing', reason: 'no such file' }]));
    await new Promise((r) => setTimeout(r, 150));
    expect(f.events).toHaveLength(1);
    writeFileSync(path, 'first\nsecond\nthird\nfourth\n');
    await until(() => expect(f.lines).toEqual(['first', 'second', 'third', 'fourth']));
    expect(f.events.at(-1)).toEqual({ kind: 'appeared' });
  });

  it('stops its watcher and poll on close: no handle is left and no line arrives after', async () => {
    const path = join(tempDir(), 'app.log');
    writeFileSync(path, 'one\n');
    const active = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'Timeout').length;
    // What earlier tests closed finishes closing first: a watcher's close is itself asynchronous.
    await new Promise((r) => setTimeout(r, 100));
    const before = active();
    const f = follow(path);
    await until(() => expect(f.lines).toEqual(['one']));
    expect(active()).toBe(before + 2);
    f.follower.close();
    await f.follower.closed;
    // Not vi.waitFor: its own timers would count.
    for (let waited = 0; waited < 2000 && active() !== before; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(active()).toBe(before);
    appendFileSync(path, 'two\n');
    await new Promise((r) => setTimeout(r, 150));
    expect(f.lines).toEqual(['one']);
  });
});
