import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The V8 code cache of the vendor bundles (bin/vendor-load.ts) and of the CLI's own chunks
// (bin/chunk-load.ts), bin/code-cache.ts: written after first use as provisional, grown by the
// runs that compile more of a script, settled by the first that adds nothing, read only after;
// a damaged one only costs the compile; the output never depends on it.
const BIN = new URL('../../bin/triage.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'triage-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const log = join(dir, 'small.log');
writeFileSync(log, 'INFO starting\nERROR connect ECONNREFUSED 10.0.0.1:5432\nWARN retrying\n');
const cacheHome = join(dir, 'cache');
const v8Dir = join(cacheHome, 'triage', 'v8');

function scan(env: Record<string, string> = {}, args = ['scan', log], home = cacheHome): string {
  try {
    return execFileSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, XDG_CACHE_HOME: home, ...env },
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

const files = (folder = v8Dir) => readdirSync(folder).sort();
const mtimes = () => files().map((f) => statSync(join(v8Dir, f)).mtimeMs);
const sizes = (folder: string) => new Map(files(folder).map((f) => [f.replace(/\.grow\.bin$/, '.bin'), statSync(join(folder, f)).size]));

describe('the vendor code cache', () => {
  const uncached = scan({ TRIAGE_CODE_CACHE: '0' });

  it('is written by the first run, provisional, with the same output as a run without it', () => {
    expect(scan()).toBe(uncached);
    expect(files().length).toBeGreaterThan(0);
    expect(files().every((f) => f.endsWith('.grow.bin'))).toBe(true);
    // The CLI's chunks, each by its content (dist/cjs/chunks.json): a rebuilt chunk has a cache of its own.
    const chunks = JSON.parse(readFileSync(new URL('../../dist/cjs/chunks.json', import.meta.url), 'utf8')) as Record<string, { hash: string }>;
    const own = files().filter((f) => f.startsWith('cli-'));
    expect(own).toContain(`cli-triage-${chunks['triage.js']!.hash}-${process.version}-${process.arch}.grow.bin`);
    expect(own.length).toBeGreaterThan(5);
    for (const f of files()) {
      expect(f).toMatch(new RegExp(`-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.(?:grow\\.)?bin$`));
      expect(statSync(join(v8Dir, f)).size).toBeGreaterThan(1000);
    }
  });

  it('is settled by the first run that compiles nothing new, and only read after', () => {
    // Runs of the same command until one changes nothing: a loaded machine can make the first run's
    // caches partial (written 1.5 s in), and the next then grows them instead of settling them.
    const state = () => JSON.stringify([files(), mtimes()]);
    let last = state();
    for (let run = 0; run < 5; run++) {
      expect(scan()).toBe(uncached);
      const now = state();
      if (now === last) break;
      last = now;
    }
    expect(files().filter((f) => !f.endsWith('.grow.bin')).length).toBeGreaterThan(5);
    expect(scan()).toBe(uncached);
    expect(state()).toBe(last);
  });

  it('grows when another command compiles more of a script a first command cached', () => {
    const home = join(dir, 'grow');
    const folder = join(home, 'triage', 'v8');
    scan({}, ['scan', log], home);
    const afterScan = sizes(folder);
    const demo = new URL('../../fixtures/demo-bundle', import.meta.url).pathname;
    scan({}, ['run', '--bundle', demo, '--format', 'json'], home);
    const afterWalk = sizes(folder);
    // The chunks both load: the walk's functions join the scan's in them.
    const grown = [...afterScan].filter(([f, size]) => (afterWalk.get(f) ?? 0) > size * 1.02);
    expect(grown.length).toBeGreaterThan(0);
    expect(files(folder).some((f) => f.endsWith('.grow.bin'))).toBe(true);
  });

  it('is ignored when damaged, and written again', () => {
    for (const f of files()) writeFileSync(join(v8Dir, f), 'not a code cache');
    expect(scan()).toBe(uncached);
    // A damaged settled file is replaced by a provisional one (else it would be read, and rejected, first every time).
    for (const f of files()) expect(statSync(join(v8Dir, f)).size).toBeGreaterThan(1000);
  });
});
