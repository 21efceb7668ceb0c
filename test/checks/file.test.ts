import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileKind, fileSpec } from '../../src/checks/kinds/file';
import { run, tempDir } from './support';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'results'));
});
afterEach(() => tmp.cleanup());

const file = (spec: Record<string, unknown>) => fileKind.create(fileSpec.parse({ kind: 'file', ...spec }), 'data-path', 0);
const write = (name: string, text: string, ageMs = 0) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  const t = new Date(NOW.getTime() - ageMs);
  utimesSync(path, t, t);
};
const HOUR = 3_600_000;
const NOW = new Date();
const at = { baseDir: '', now: () => NOW };

describe('file check', () => {
  it('passes a fresh, long enough file and names it with size, lines and time', async () => {
    write('results/orders.csv', 'id,status\n1,COMPLETED\n2,COMPLETED\n', 120_000);
    const result = await run(file({ path: 'results/*.csv', minLines: 2, maxAge: '1h' }), { ...at, baseDir: tmp.dir });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('results/orders.csv, newest 2m old (34 bytes, 3 lines)');
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0]).toMatchObject({ text: 'results/orders.csv: 34 bytes, 3 lines, modified 2m ago', source: 'results/orders.csv' });
    expect(result.evidence[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(result.replay).toBe(`cd ${tmp.dir} && ls -la --full-time -- results/*.csv && wc -l -- results/*.csv`);
  });

  it('fails an empty artifact as missing result data', async () => {
    write('results/out.parquet', '');
    const result = await run(file({ path: 'results/out.parquet' }), { ...at, baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'fail', summary: 'results/out.parquet is empty (0 bytes)', bucket: 'missing-result-data' });
  });

  it('fails a file with fewer lines than required', async () => {
    write('results/rows.ndjson', '{"id":1}\n{"id":2}');
    const result = await run(file({ path: 'results/rows.ndjson', minLines: 10 }), { ...at, baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'fail', summary: 'results/rows.ndjson has 2 lines, expected at least 10' });
  });

  it('fails when even the newest match is older than allowed', async () => {
    write('results/a.json', '{}', 5 * HOUR);
    write('results/b.json', '{}', 3 * HOUR);
    const result = await run(file({ path: 'results/*.json', maxAge: '1h' }), { ...at, baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'fail', summary: 'newest match results/b.json is 3h old, expected within 1h' });
    expect(result.evidence.map((e) => e.source)).toEqual(['results/b.json', 'results/a.json']);
  });

  it('fails when nothing matches', async () => {
    const result = await run(file({ path: 'results/*.parquet' }), { ...at, baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'fail', summary: 'no file matches results/*.parquet' });
  });

  it('names every matching file and lists each problem', async () => {
    write('results/1.csv', 'a\nb\n');
    write('results/2.csv', '');
    write('results/3.csv', '');
    const result = await run(file({ path: 'results/*.csv' }), { ...at, baseDir: tmp.dir });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^results\/[23]\.csv is empty \(0 bytes\) \(\+1 more\)$/);
    expect(result.evidence.map((e) => e.source).sort()).toEqual(['results/1.csv', 'results/2.csv', 'results/3.csv']);
  });
});
