// readLog (src/kube/replay/logs.ts), the one-piece read a bundle's pod log takes when the query
// passes the file through, against streamLog's line-by-line answer: the same bytes for every
// tail and limit, on logs with and without a last newline, empty, blank-lined and multi-byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog, streamLogBytes, type LogQuery } from '../../src/kube/replay/logs';

const work = mkdtempSync(join(tmpdir(), 'triage-read-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readLog', () => {
  const logs: Record<string, string> = {
    'newline.log': Array.from({ length: 300 }, (_, i) => `2026-06-15T09:00:${String(i % 60).padStart(2, '0')}Z line ${i}\n`).join(''),
    'no-newline.log': 'a\nb\nc',
    'empty.log': '',
    'blank.log': '\n\n\nx\n',
    'utf8.log': 'é日本\nzz\nyy',
  };
  for (const [name, text] of Object.entries(logs)) writeFileSync(join(work, name), text);

  it('answers what streamLog writes, for every tail and limit', async () => {
    let cases = 0;
    for (const name of Object.keys(logs))
      for (const tailLines of [undefined, 0, 1, 2, 3, 299, 300, 1000])
        for (const limitBytes of [undefined, 0, 1, 2, 3, 5, 100, 1 << 24]) {
          const query: LogQuery = { timestamps: true, tailLines, limitBytes, follow: false };
          const one = await readLog(join(work, name), { ...query });
          expect(one, `${name} tail ${tailLines} limit ${limitBytes}`).toEqual(await streamLogBytes(join(work, name), { ...query }));
          cases++;
        }
    expect(cases).toBe(320);
  });

  it('leaves to streamLog a query that changes lines or waits', async () => {
    const file = join(work, 'newline.log');
    for (const query of [
      { timestamps: false, follow: false },
      { timestamps: true, follow: true },
      { timestamps: true, follow: false, sinceMs: 0 },
      { timestamps: true, follow: false, shiftMs: 1000 },
    ])
      expect(await readLog(file, query)).toBeUndefined();
  });
});
