import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logsKind, logsSpec } from '../../src/checks/kinds/logs';
import { leadingTime, readTail } from '../../src/checks/text-files';
import { run, tempDir } from './support';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const logs = (spec: Record<string, unknown>) => logsKind.create(logsSpec.parse({ kind: 'logs', ...spec }), 'observability', 2);
const NOW = new Date('2026-11-22T10:40:00.000Z');
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

describe('logs check', () => {
  it('reads only the tail of a long file and cites matching lines as path:line with their time', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${at(5000 - i)} INFO request ${i + 1} ok`);
    lines[20] = `${at(4980)} INFO trace_id=early started`;
    lines[4990] = `${at(10)} INFO trace_id=4bf92f35 order ord_7f3a accepted`;
    writeFileSync(join(tmp.dir, 'api.log'), `${lines.join('\n')}\n`);
    const result = await run(logs({ path: 'api.log', tail: 50, mustMatch: ['trace_id=4bf92f35'] }), { baseDir: tmp.dir, now: () => NOW });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('50 lines read (the last 50 lines): every expected pattern seen');
    expect(result.evidence).toEqual([{ text: lines[4990], source: 'api.log:4991', time: at(10) }]);
    expect(result.replay).toBe(`cd ${tmp.dir} && tail -n 50 -- api.log | grep -nP '(trace_id=4bf92f35)'`);

    const early = await run(logs({ path: 'api.log', tail: 50, mustMatch: ['trace_id=early'] }), { baseDir: tmp.dir, now: () => NOW });
    expect(early).toMatchObject({ status: 'fail', summary: 'no line matches /trace_id=early/ in the last 50 lines', bucket: 'weak-observability' });
  });

  it('fails on lines that must not appear, listing them', async () => {
    const text = [
      `${at(3)} INFO worker online`,
      `${at(2)} ERROR pool exhausted: 20/20 connections in use`,
      '    at Pool.acquire (pool.js:88)',
      `${at(1)} ERROR pool exhausted: 20/20 connections in use`,
    ].join('\n');
    writeFileSync(join(tmp.dir, 'worker.log'), text);
    const result = await run(logs({ path: 'worker.log', mustNotMatch: ['pool exhausted'] }), { baseDir: tmp.dir, now: () => NOW });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('/pool exhausted/ appears 2 times: ' + `${at(1)} ERROR pool exhausted: 20/20 connections in use`);
    expect(result.evidence.map((e) => [e.source, e.time])).toEqual([
      ['worker.log:2', at(2)],
      ['worker.log:4', at(1)],
    ]);
  });

  it('keeps only the lines since a duration, by their leading timestamps', async () => {
    const text = [
      `${at(30)} ERROR lost leader`,
      `${at(20)} ERROR lost leader`,
      `${at(4)} INFO leader elected`,
      'continuation without a timestamp',
      `${at(1)} INFO serving`,
    ].join('\n');
    writeFileSync(join(tmp.dir, 'etcd.log'), text);
    const result = await run(logs({ path: 'etcd.log', since: '5m', mustNotMatch: ['lost leader'], mustMatch: ['serving'] }), {
      baseDir: tmp.dir,
      now: () => NOW,
    });
    expect(result).toMatchObject({ status: 'pass', summary: '3 lines read (lines since 5m): every expected pattern seen, no forbidden pattern' });
  });

  it('reads a command output as the log, citing the command and line', async () => {
    const check = logs({
      argv: ['node', '-e', 'console.log("boot\\nbootstrap data already found and encrypted with different token")'],
      mustNotMatch: ['already found'],
    });
    const result = await run(check, { baseDir: tmp.dir });
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([
      {
        text: 'bootstrap data already found and encrypted with different token',
        source: `$ node -e 'console.log("boot\\nbootstrap data already found and encrypted with different token")' (line 2)`,
      },
    ]);
    expect(result.replay).toMatch(/^cd .* && node -e .* 2>&1 \| tail -n 200 \| grep -nP '\(already found\)'$/);
  });

  it('reports a log command that fails as an error with its output', async () => {
    const result = await run(logs({ argv: ['node', '-e', 'console.error("Error from server (NotFound): pods \\"api-0\\" not found"); process.exit(1)'] }));
    expect(result).toMatchObject({ status: 'error', summary: 'could not read the log: node exited 1: Error from server (NotFound): pods "api-0" not found' });
    const missing = await run(logs({ argv: ['no-such-kubectl-xyz', 'logs', 'api-0'] }));
    expect(missing).toMatchObject({ status: 'error', summary: 'could not read the log: binary not found: no-such-kubectl-xyz' });
  });

  it('fails a log file that is not there', async () => {
    const result = await run(logs({ path: 'missing.log' }), { baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'fail', summary: 'log file not found: missing.log', bucket: 'weak-observability' });
  });

  it('rejects a spec with both a path and argv', () => {
    expect(logsSpec.safeParse({ kind: 'logs', path: 'a.log', argv: ['x'] }).success).toBe(false);
    expect(logsSpec.safeParse({ kind: 'logs', path: 'a.log', mustMatch: ['(unclosed'] }).success).toBe(false);
  });
});

describe('reading a tail', () => {
  it('returns exactly the last lines across chunk boundaries, numbered, with CRLF stripped', async () => {
    const path = join(tmp.dir, 'big.log');
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${String(i + 1).padStart(5, '0')} ${'x'.repeat(90)}`);
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const tail = await readTail(path, { maxLines: 1000 });
    expect(tail).toHaveLength(1000);
    expect(tail[0]).toEqual({ text: lines[2000], line: 2001 });
    expect(tail.at(-1)).toEqual({ text: lines[2999], line: 3000 });
  });

  it('reads a file without a final newline, and an empty one', async () => {
    writeFileSync(join(tmp.dir, 'a.log'), 'one\ntwo');
    expect((await readTail(join(tmp.dir, 'a.log'), { maxLines: 5 })).map((l) => l.text)).toEqual(['one', 'two']);
    writeFileSync(join(tmp.dir, 'empty.log'), '');
    expect(await readTail(join(tmp.dir, 'empty.log'), { maxLines: 5 })).toEqual([]);
  });

  it.each([
    ['2026-11-22T10:32:45.123456789Z api ready', '2026-11-22T10:32:45.123Z'],
    ['2026-11-22 10:32:45,120 INFO ready', '2026-11-22T10:32:45.120Z'],
    ['[2026-11-22T11:32:45+01:00] ready', '2026-11-22T10:32:45.000Z'],
    ['2026-11-22T11:32:45.5+0100 ready', '2026-11-22T10:32:45.500Z'],
  ])('reads the leading timestamp of %s', (line, iso) => {
    expect(leadingTime(line)?.toISOString()).toBe(iso);
  });

  it('finds no timestamp where a line does not start with one', () => {
    expect(leadingTime('I1122 10:32:45.123 klog line')).toBeUndefined();
    expect(leadingTime('order 2026-11-22T10:32:45Z created')).toBeUndefined();
  });
});
