// Every run ends, and ends saying one line: an internal error late in a walk (a note path
// that is a file, a full disk under the journal or the note), an unhandled rejection, a
// kill -9 (its temp folders), and inputs large or looping enough to exhaust a process.
import { afterAll, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync, writeSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, binary, removeTempDirs, smallTmpfs, tempDir, until } from './support';
import { MINI_BUNDLE, STACK, triage } from '../bad-input/run';

afterAll(removeTempDirs);

const PLAN = 'name: faults\nchecks:\n  data-path:\n    - { kind: file, name: plan-file, path: triage.yaml }\n';

function planned(dir = tempDir()): string {
  writeFileSync(join(dir, 'triage.yaml'), PLAN);
  return dir;
}

/** The walk printed whole: JSON that parses, with every step. */
function walkOf(stdout: string): { investigation: string; note: string | null; steps: unknown[] } {
  return JSON.parse(stdout) as { investigation: string; note: string | null; steps: unknown[] };
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(stderr).not.toMatch(STACK);
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

describe('an internal error late in run', () => {
  it('(the notes path is a file) prints the walk, then one line, exit 70, and the process ends', async () => {
    const dir = planned();
    mkdirSync(join(dir, '.triage'));
    writeFileSync(join(dir, '.triage/notes'), 'a file where the notes folder goes');
    const ran = await binary(['run', '--format', 'json'], { cwd: dir, limitMs: 30_000 });
    expect(ran.hung).toBe(false);
    expect(ran.code).toBe(70);
    expect(oneLine(ran.stderr)).toMatch(/^triage: internal error: EEXIST: file already exists, mkdir '.*\/\.triage\/notes' \(TRIAGE_DEBUG=1 shows where\)$/);
    expect(walkOf(ran.stdout).steps).toHaveLength(7);
  });

  it('(disk full under the journal, /dev/full) prints the walk, one line naming the journal, exit 70', async () => {
    const dir = planned();
    mkdirSync(join(dir, '.triage/investigations'), { recursive: true });
    symlinkSync('/dev/full', join(dir, '.triage/investigations/inv-full.ndjson'));
    const ran = await binary(['run', '--investigation', 'inv-full', '--format', 'json'], { cwd: dir, limitMs: 30_000 });
    expect(ran.hung).toBe(false);
    expect(ran.code).toBe(70);
    expect(oneLine(ran.stderr)).toMatch(/^triage: internal error: cannot append to the journal .*inv-full\.ndjson: no space left on the device \(ENOSPC\)/);
    expect(walkOf(ran.stdout).investigation).toBe('inv-full');
  });

  it('(disk full under the note, /dev/full) prints the walk without a note path, one line, exit 70', async () => {
    const dir = planned();
    mkdirSync(join(dir, '.triage/notes'), { recursive: true });
    symlinkSync('/dev/full', join(dir, '.triage/notes/inv-note.md'));
    const ran = await triage(['run', '--investigation', 'inv-note', '--format', 'json'], dir);
    expect(ran.code).toBe(70);
    expect(oneLine(ran.stderr)).toMatch(/^triage: internal error: ENOSPC: no space left on device, write/);
    expect(walkOf(ran.stdout).note).toBeNull();
  });

  it('(a tmpfs that fills up, where mounting is allowed) ends with one line and exit 70', async (ctx) => {
    const fs = smallTmpfs(256);
    if (!fs) return ctx.skip();
    try {
      planned(fs.dir);
      // Fill it: whatever triage writes next finds no room.
      const fd = openSync(join(fs.dir, 'filler'), 'w');
      try {
        const block = Buffer.alloc(4096, 120);
        for (;;) writeSync(fd, block);
      } catch {
        // ENOSPC: full
      } finally {
        closeSync(fd);
      }
      const ran = await binary(['run', '--format', 'json'], { cwd: fs.dir, limitMs: 30_000 });
      expect(ran.hung).toBe(false);
      expect(ran.code).toBe(70);
      expect(oneLine(ran.stderr)).toMatch(/no space left/i);
    } finally {
      fs.unmount();
    }
  });

  it('with TRIAGE_DEBUG=1 adds the stack for whoever fixes it', async () => {
    const dir = planned();
    mkdirSync(join(dir, '.triage'));
    writeFileSync(join(dir, '.triage/notes'), '');
    const ran = await triage(['run'], dir, { PATH: process.env.PATH ?? '', HOME: dir, TRIAGE_DEBUG: '1' });
    expect(ran.code).toBe(70);
    expect(ran.stderr).toMatch(/^triage: internal error: EEXIST/);
    expect(ran.stderr).toMatch(/\n\s+at /);
  });
});

describe('an unhandled rejection', () => {
  it('in a long-running command is one line and exit 70, not a stack and not a process left running', async () => {
    const dir = tempDir();
    // The rejection comes once replay has said where it serves (not after a fixed delay, which
    // a loaded machine can outrun before the server is up).
    const late =
      'data:text/javascript,' +
      encodeURIComponent(
        'const write = process.stdout.write.bind(process.stdout);' +
          'process.stdout.write = (chunk, ...rest) => { const done = write(chunk, ...rest);' +
          ' if (String(chunk).includes("read-only at")) setImmediate(() => Promise.reject(new Error("late boom")));' +
          ' return done; };',
      );
    const ran = await binary(['replay', MINI_BUNDLE], { cwd: dir, nodeArgs: ['--import', late], limitMs: 20_000 });
    expect(ran.hung).toBe(false);
    expect(ran.code).toBe(70);
    expect(oneLine(ran.stderr)).toBe('triage: internal error: late boom (TRIAGE_DEBUG=1 shows where)');
    expect(ran.stdout).toContain('read-only at https://127.0.0.1:');
  });
});

describe('--out', () => {
  it('creates a folder that does not exist yet, before the walk, and writes the note there', async () => {
    const dir = planned();
    const ran = await triage(['run', '--out', 'reports/triage/note.md'], dir);
    expect(ran.stderr).toBe('');
    expect([0, 1]).toContain(ran.code);
    expect(readFileSync(join(dir, 'reports/triage/note.md'), 'utf8')).toMatch(/^# /);
  });
});

describe('torn and garbage journal lines', () => {
  it('are reported by run --investigation as note render reports them, and the walk goes on', async () => {
    const dir = planned();
    const first = await triage(['run', '--investigation', 'inv-torn', '--format', 'json'], dir);
    expect([0, 1]).toContain(first.code);
    const journal = join(dir, '.triage/investigations/inv-torn.ndjson');
    const lines = readFileSync(journal, 'utf8').split('\n').length - 1;
    appendFileSync(journal, 'this is not json\n{"type":"check.finished"}\n{"id":"x","at":"2026-');
    const again = await triage(['run', '--investigation', 'inv-torn', '--format', 'json'], dir);
    const rendered = await triage(['note', 'render', '--investigation', 'inv-torn'], dir);
    const said = again.stderr.trim().split('\n');
    expect(said).toEqual([
      expect.stringMatching(new RegExp(`^triage: .*inv-torn\\.ndjson:${lines + 1}: not JSON`)),
      expect.stringMatching(new RegExp(`^triage: .*inv-torn\\.ndjson:${lines + 2}: `)),
      expect.stringMatching(new RegExp(`^triage: .*inv-torn\\.ndjson:${lines + 3}: torn last line`)),
    ]);
    expect(rendered.stderr).toContain(`inv-torn.ndjson:${lines + 1}: not JSON`);
    expect(walkOf(again.stdout).investigation).toBe('inv-torn');
  });
});

describe('kill -9', () => {
  it('leaves a triage-replay folder that the next run removes, since its owner is gone', async () => {
    const tmp = tempDir('triage-tmpdir-');
    const dir = tempDir();
    writeFileSync(join(dir, 'triage.yaml'), 'name: faults\nchecks:\n  data-path:\n    - { kind: command, name: wait, timeout: 30s, argv: [sleep, "5"] }\n');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, TMPDIR: tmp };
    let pid = 0;
    const killed = binary(['run', '--bundle', MINI_BUNDLE], { cwd: dir, env, limitMs: 30_000, onStart: (c) => (pid = c.pid!) });
    const mine = () => readdirSync(tmp).filter((n) => n.startsWith(`triage-replay-${pid}-`));
    expect(await until(() => pid > 0 && mine().length > 0, 15_000)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await killed;
    expect(alive(pid)).toBe(false);
    const left = mine();
    expect(left).toHaveLength(1);
    writeFileSync(join(dir, 'triage.yaml'), PLAN);
    const next = await binary(['run', '--bundle', MINI_BUNDLE], { cwd: dir, env, limitMs: 30_000 });
    expect(next.hung).toBe(false);
    expect(existsSync(join(tmp, left[0]!))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith('triage-replay-'))).toEqual([]);
  });
});

describe('inputs large or looping enough to exhaust a process', () => {
  it('scan follows a folder symlinked into itself once: the matches of the log, not forty copies', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs/app.log'), '2026-11-22T10:00:00Z ERROR write /var/lib/x: no space left on device\n'.repeat(3));
    const alone = await triage(['scan', 'logs/app.log', '--format', 'json'], dir);
    symlinkSync(join(dir, 'logs'), join(dir, 'logs/loop'));
    const looped = await triage(['scan', 'logs', '--format', 'json'], dir);
    const matches = (out: string) => (JSON.parse(out) as { matches: unknown[] }).matches.length;
    expect(matches(alone.stdout)).toBe(3);
    expect(matches(looped.stdout)).toBe(3);
    expect(looped.stderr).toBe('');
  });

  it('a 25 MB JUnit report goes through diff and scan in a 48 MB heap (it streams)', async () => {
    const dir = tempDir();
    const fd = openSync(join(dir, 'big.xml'), 'w');
    writeSync(fd, '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="big">\n');
    const out = `<system-out>${'2026-11-22T10:00:00Z INFO a line of ordinary test output &amp; more\n'.repeat(60)}</system-out>`;
    for (let i = 0; i < 6000; i++) {
      const failure = i % 100 === 0 ? `<failure message="expected 200 but got 503" type="AssertionError">at test ${i}</failure>` : '';
      writeSync(fd, `<testcase name="case ${i}" classname="big" time="0.1">${failure}${out}</testcase>\n`);
    }
    writeSync(fd, '</testsuite>\n</testsuites>\n');
    closeSync(fd);
    // The library is compiled into the suite's cache first, at the default heap: what this measures is the report
    // streamed, not the one-time compile of 2,700 signatures (which no longer fits in 48 MB; any run does it once).
    writeFileSync(join(dir, 'one.log'), 'ok\n');
    expect([0, 1]).toContain((await binary(['scan', 'one.log'], { cwd: dir })).code);
    const heap = ['--max-old-space-size=48'];
    const diff = await binary(['diff', 'big.xml', 'big.xml', '--format', 'json'], { cwd: dir, nodeArgs: heap, limitMs: 120_000 });
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect((JSON.parse(diff.stdout) as { counts: Record<string, number> }).counts['still-failing']).toBe(60);
    const scan = await binary(['scan', 'big.xml', '--format', 'json'], { cwd: dir, nodeArgs: heap, limitMs: 120_000 });
    expect(scan.stderr).not.toMatch(/heap|memory/i);
    expect([0, 1]).toContain(scan.code);
  }, 180_000);
});

describe('a port already in use', () => {
  it('demo --serve names the port and exits 2 (the person settles it), with no internal error', async () => {
    const net = await import('node:net');
    const hold = net.createServer();
    await new Promise<void>((r) => hold.listen(0, '127.0.0.1', r));
    const held = (hold.address() as import('node:net').AddressInfo).port;
    try {
      const dir = tempDir();
      const ran = await binary(['demo', '--serve', '--ports', `${held},${held + 1},${held + 2}`], { cwd: dir, limitMs: 30_000 });
      expect(ran.hung).toBe(false);
      expect(ran.code).toBe(2);
      expect(ran.stderr.trim().split('\n')).toEqual([
        `triage demo: --ports: ${held} is already in use (another triage demo --serve?); stop what holds it or pass other ports`,
      ]);
    } finally {
      await new Promise((r) => hold.close(r));
    }
  });
});

describe('a cache folder that cannot be made', () => {
  // Node's recursive mkdirSync loops for ever where a parent exists but refuses children;
  // /proc is such a parent. The scan must still answer, only without a cache.
  it.runIf(existsSync('/proc/self'))(
    'under /proc: the scan answers, uncached, and ends',
    async () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'ci.log'),
        'Error from server (Forbidden): pods is forbidden: User "ci" cannot list resource "pods" in API group "" in the namespace "shop"\n',
      );
      const ran = await binary(['scan', 'ci.log'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CACHE_HOME: '/proc/triage-no-cache' },
        limitMs: 90_000,
      });
      expect(ran.hung).toBe(false);
      expect(ran.code).toBe(1); // a known failure matched
      expect(ran.stdout).toContain('auth-config-mismatch');
      expect(ran.stderr).not.toMatch(STACK);
    },
    120_000,
  );
});
