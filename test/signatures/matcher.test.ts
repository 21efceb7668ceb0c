import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { loadLibrary, builtinDir } from '../../src/signatures/load';
import { prepareLibrary, scanPaths, type Library, type ScanMatch } from '../../src/signatures/scan';

let dir: string;
let library: Library;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-matcher-'));
  library = prepareLibrary(loadLibrary([builtinDir()]).signatures);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OOM = 'pod shop/payments-worker-5c8d7b9f4-qp9zr container payments-worker last state terminated reason OOMKilled exit code 137';
const hits = (matches: ScanMatch[], id: string) => matches.filter((m) => m.signature === id).map((m) => m.line);

async function scanFile(name: string, content: Buffer | string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return scanPaths(library, [path], { cwd: dir, parallel: false });
}

describe('the matcher on hostile input', () => {
  it('scans past a 64 MiB line without a newline and finds matches inside and after it', async () => {
    const path = join(dir, 'huge-line.log');
    const fd = openSync(path, 'w');
    const filler = Buffer.alloc(8 << 20, 'a');
    for (let i = 0; i < 5; i++) writeSync(fd, filler);
    writeSync(fd, ' Back-off restarting failed container api ');
    for (let i = 0; i < 3; i++) writeSync(fd, filler);
    writeSync(fd, `\n${OOM}\n`);
    closeSync(fd);
    const result = await scanPaths(library, [path], { cwd: dir, parallel: false });
    expect(hits(result.matches, 'crashloop-backoff')).toEqual([1]);
    expect(hits(result.matches, 'container-oom-killed')).toEqual([2]);
  });

  it('does not let NUL bytes or binary junk hide later lines', async () => {
    const junk = Buffer.alloc(300_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251 === 10 ? 0 : (i * 7919) % 251;
    const newlines = junk.filter((b) => b === 10).length;
    const result = await scanFile('binary.log', Buffer.concat([Buffer.from('start\0\0\0 of a core dump\n'), junk, Buffer.from(`\nabc\0def ${OOM}\n`)]));
    expect(hits(result.matches, 'container-oom-killed')).toEqual([newlines + 3]);
    expect(result.matches.find((m) => m.signature === 'container-oom-killed')!.text).toContain('\0def pod shop/');
  });

  it('tolerates invalid UTF-8 on and before the matching line', async () => {
    const result = await scanFile('latin.log', Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x0a]), Buffer.from([0xc3, 0x28]), Buffer.from(' dial tcp 10.0.0.1:5432: connect: connection refused\n')]));
    const m = result.matches.find((x) => x.signature === 'connection-refused')!;
    expect(m.line).toBe(2);
    expect(m.text).toContain('\ufffd');
  });

  it('ignores ANSI colour codes, even inside the matched words', async () => {
    const result = await scanFile('ansi.log', `\u001b[1;31mOOM\u001b[0mKilled\r\n\u001b]0;title\u0007x509: certificate signed by unknown \u001b[33mauthority\u001b[0m\n`);
    expect(hits(result.matches, 'container-oom-killed')).toEqual([1]);
    expect(result.matches.find((m) => m.signature === 'container-oom-killed')!.text).toBe('OOMKilled');
    expect(hits(result.matches, 'tls-certificate-invalid')).toEqual([2]);
  });

  it('reads gzip by its content, whatever the name', async () => {
    const text = `line one\n${OOM}\n`;
    expect(hits((await scanFile('app.log.gz', gzipSync(text))).matches, 'container-oom-killed')).toEqual([2]);
    expect(hits((await scanFile('rotated.1', gzipSync(text))).matches, 'container-oom-killed')).toEqual([2]);
  });

  it('reads standard input for -', async () => {
    const stdin = Readable.from([Buffer.from('first\nsecond: connect: conn'), Buffer.from('ection refused\nthird\n')]);
    const result = await scanPaths(library, ['-'], { cwd: dir, stdin, parallel: false });
    expect(result.matches.map((m) => [m.signature, m.source, m.line])).toEqual([['connection-refused', '(stdin)', 2]]);
  });

  it('counts lines right across chunk boundaries', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 120_000; i++) lines.push(i % 40_000 === 0 ? `${i} ${OOM}` : `${i} ts=2026-06-15T09:00:00Z level=info msg="request completed" status=200 duration_ms=12`);
    const result = await scanFile('long.log', `${lines.join('\n')}\n`);
    expect(hits(result.matches, 'container-oom-killed')).toEqual([40_000, 80_000, 120_000]);
  });

  it('walks directories and names bundle logs by namespace, pod and container', async () => {
    const logDir = join(dir, 'bundle', 'logs', 'shop', 'api-7d9f8b6c5-x2x9z');
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, 'api.previous.log'), 'Error: connect ECONNREFUSED 10.96.3.4:5432\n');
    const result = await scanPaths(library, ['bundle'], { cwd: dir, parallel: false });
    const m = result.matches.find((x) => x.signature === 'connection-refused')!;
    expect(m.source).toBe('bundle/logs/shop/api-7d9f8b6c5-x2x9z/api.previous.log');
    expect(m.context).toMatchObject({ namespace: 'shop', pod: 'api-7d9f8b6c5-x2x9z', container: 'api' });
  });
});

describe('patterns that could backtrack', () => {
  it('refuses a user pattern with overlapping alternatives at load, naming file, line and field', () => {
    const userDir = join(dir, 'user-sigs');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(
      join(userDir, 'slow.yaml'),
      `id: overlapping-alternatives
title: t
bucket: timing-race
class: product
step: rerun
severity: low
match:
  any:
    - regex: 'xxxx(x|xx)+y'
hypothesis: check a because b
next: n
examples:
  match: ['xxxxxxy', 'xxxxxy']
  nomatch: ['xxxx', 'y']
`,
    );
    const loaded = loadLibrary([userDir]);
    expect(loaded.signatures).toEqual([]);
    expect(loaded.problems.map((p) => p.message)).toEqual([expect.stringMatching(/slow\.yaml:9: match\.any\[0\]\.regex: overlapping alternation: .* \(at character 11\)$/)]);
  });

  it("runs such a pattern in linear time all the same, on V8's fallback engine (the safety net set at the entry)", () => {
    // Exponential for a backtracking engine; V8's linear fallback finishes it.
    const re = new RegExp('xxxx(x|xx)+y');
    expect(re.test(`${'x'.repeat(200_000)}!`)).toBe(false);
    expect(re.test('xxxxxxxy')).toBe(true);
  });
});
