import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import pkg from '../../package.json' with { type: 'json' };

// The package as a person installs it: `npm pack` of a fresh copy of the repository (its
// `prepack` builds dist/ there, not under the tests that run from this one), then
// `npm install -g --prefix` of the tarball, offline, and the installed commands run from a
// directory that is not the repository.

const ROOT = new URL('../..', import.meta.url).pathname;
let tmp: string;
let tarball: string;
let prefix: string;
let outside: string;

/** What git would check out, plus files not committed yet: a fresh clone of this tree. */
function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
  // `npm ci` would fill it; the build needs esbuild and the bundled packages from it.
  symlinkSync(join(ROOT, 'node_modules'), join(to, 'node_modules'));
}

function installed(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: outside,
    encoding: 'utf8',
    // The demo walk runs whole here; a loaded CI machine takes well over a minute for it.
    timeout: 150_000,
    env: { ...process.env, ...env, PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}` },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'triage-pack-'));
  const clone = join(tmp, 'clone');
  copyRepository(clone);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: clone, encoding: 'utf8', timeout: 240_000 });
  tarball = join(tmp, `triage-${pkg.version}.tgz`);
  prefix = join(tmp, 'prefix');
  outside = join(tmp, 'elsewhere');
  mkdirSync(outside);
  // --offline: nothing is left in `dependencies`, so the install must not need a registry.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--cache', join(tmp, 'npm-cache'), '--no-audit', '--no-fund', tarball], {
    cwd: outside,
    encoding: 'utf8',
    timeout: 120_000,
  });
}, 360_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built bundle, the signatures and the demo fixtures, and no sources, tests or source maps', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/dist/triage.js');
    expect(files).toContain('package/dist/fallback-model.bin');
    expect(files).toContain('package/bin/triage.js');
    expect(files).toContain('package/bin/kubectl_complete-triage.js');
    expect(files).toContain('package/dist/kubectl-complete.js');
    expect(files).toContain('package/fixtures/demo-bundle/bundle.json');
    expect(files).toContain('package/fixtures/demo/junit-e2e.xml');
    expect(files.filter((f) => f.startsWith('package/signatures/') && f.endsWith('.yaml')).length).toBeGreaterThan(50);
    const unwanted = files.filter(
      (f) => /^package\/(src|views|test|bench|scripts|packaging|fixtures\/(corpus|incidents|bundles))\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'),
    );
    expect(unwanted).toEqual([]);
  });

  it('installs without a dependency: everything it runs is in the bundle', () => {
    const manifest = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'triage', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'triage', 'node_modules'))).toBe(false);
  });
});

describe('the installed commands, from a directory outside the repository', () => {
  it('prints the version', () => {
    expect(installed('triage', ['--version'])).toMatchObject({ code: 0, out: `triage ${pkg.version}\n` });
  });

  it('walks the demo headless and prints the note (exit 1: checks failed)', () => {
    const { code, out, err } = installed('triage', ['demo', '--headless']);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toMatch(/^## Mechanism$/m);
    expect(out).toContain('payments-worker');
    expect(readdirSync(join(outside, '.triage', 'investigations')).length).toBeGreaterThan(0);
  }, 160_000);

  it('tests the shipped signature library', () => {
    const { code, out } = installed('triage', ['signatures', 'test']);
    expect(code).toBe(0);
    expect(out).toMatch(/signature\(s\), \d+ example\(s\): all pass/);
  }, 160_000);

  it('runs as a kubectl plugin found on PATH', () => {
    expect(installed('kubectl', ['triage', '--version'])).toMatchObject({ code: 0, out: `triage ${pkg.version}\n` });
    const list = installed('kubectl', ['plugin', 'list']);
    expect(list.out).toContain(join(prefix, 'bin', 'kubectl-triage'));
  });

  it("is completed by kubectl's own completion through kubectl_complete-triage", () => {
    const { out } = installed('kubectl', ['__complete', 'triage', 'run', '--format', '']);
    expect(out).toBe('md\njson\nndjson\n:4\n');
  });

  it('walks the demo as `kubectl triage demo --headless`, with kubectl global flags after the plugin name', () => {
    const { code, out } = installed('kubectl', ['triage', 'demo', '--headless', '--context', 'unused', '-n', 'shop']);
    expect(code).toBe(1);
    expect(out).toMatch(/^## Mechanism$/m);
  }, 160_000);
});

describe('the krew manifest', () => {
  it('fills from the tarball, and the layout it describes runs as kubectl-triage', () => {
    const manifest = parse(
      execFileSync('node', [join(ROOT, 'packaging', 'krew', 'fill.mjs'), tarball, 'https://example.test/triage.tgz', 'https://example.test/'], {
        encoding: 'utf8',
      }),
    );
    expect(manifest.spec.version).toBe(`v${pkg.version}`);
    const platform = manifest.spec.platforms[0];
    expect(platform.sha256).toBe(execFileSync('sha256sum', [tarball], { encoding: 'utf8' }).split(' ')[0]);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    // What krew does: unpack, move `files`, link `bin` as kubectl-<name> on PATH.
    const unpacked = join(tmp, 'krew-archive');
    const store = join(tmp, 'krew-store');
    const bin = join(tmp, 'krew-bin');
    mkdirSync(unpacked);
    mkdirSync(store);
    mkdirSync(bin);
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    expect(platform.files).toEqual([{ from: 'package/*', to: '.' }]);
    for (const entry of readdirSync(join(unpacked, 'package'))) cpSync(join(unpacked, 'package', entry), join(store, entry), { recursive: true });
    symlinkSync(join(store, platform.bin), join(bin, `kubectl-${manifest.metadata.name}`));
    const result = spawnSync('kubectl', ['triage', '--version'], {
      cwd: outside,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
    });
    expect(result.stdout).toBe(`triage ${pkg.version}\n`);
  });
});
