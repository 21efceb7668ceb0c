import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The V8 code cache of the vendor bundles (bin/vendor-load.ts) and of the CLI's own chunks
// (bin/chunk-load.ts): written after first use, reused after, and a damaged one only costs
// the compile; the output never depends on it.
const BIN = new URL('../../bin/triage.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'triage-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const log = join(dir, 'small.log');
writeFileSync(log, 'INFO starting\nERROR connect ECONNREFUSED 10.0.0.1:5432\nWARN retrying\n');
const cacheHome = join(dir, 'cache');
const v8Dir = join(cacheHome, 'triage', 'v8');

function scan(env: Record<string, string> = {}): string {
  try {
    return execFileSync(process.execPath, [BIN, 'scan', log], {
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  } catch (error) {
    // A matched signature exits 1; its report is the output all the same.
    const { status, stdout } = error as { status?: number; stdout?: string };
    if (status === 1 && stdout) return stdout;
    throw error;
  }
}

const files = () => readdirSync(v8Dir).sort();
const mtimes = () => files().map((f) => statSync(join(v8Dir, f)).mtimeMs);

describe('the vendor code cache', () => {
  const uncached = scan({ TRIAGE_CODE_CACHE: '0' });

  it('is written by the first run, with the same output as a run without it', () => {
    expect(scan()).toBe(uncached);
    expect(files().length).toBeGreaterThan(0);
    // The CLI's chunks, each by its content (dist/cjs/chunks.json): a rebuilt chunk has a cache of its own.
    const chunks = JSON.parse(readFileSync(new URL('../../dist/cjs/chunks.json', import.meta.url), 'utf8')) as Record<string, { hash: string }>;
    const own = files().filter((f) => f.startsWith('cli-'));
    expect(own).toContain(`cli-triage-${chunks['triage.js']!.hash}-${process.version}-${process.arch}.bin`);
    expect(own.length).toBeGreaterThan(5);
    for (const f of files()) {
      expect(f).toMatch(new RegExp(`-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.bin$`));
      expect(statSync(join(v8Dir, f)).size).toBeGreaterThan(1000);
    }
  });

  it('is reused, not written again, by the next run', () => {
    const before = mtimes();
    expect(scan()).toBe(uncached);
    expect(mtimes()).toEqual(before);
  });

  it('is ignored when damaged, and written again', () => {
    for (const f of files()) writeFileSync(join(v8Dir, f), 'not a code cache');
    expect(scan()).toBe(uncached);
    for (const f of files()) expect(statSync(join(v8Dir, f)).size).toBeGreaterThan(1000);
  });
});
