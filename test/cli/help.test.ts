import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { COMMANDS } from '../../src/cli/commands';

const run = (argv: string[]) => runCli(argv);

describe('--help and --version', () => {
  it('lists every command in the global help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(out).toContain(`  ${c.name}`);
  });

  it.each(COMMANDS.map((c) => c.name))('prints usage and flags for `%s --help`', async (name) => {
    const { code, out } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: triage/);
    expect(out).toContain('--kubeconfig FILE');
  });

  it("lists a command's own flags apart from the global ones", async () => {
    const { out } = await run(['run', '--help']);
    const own = out.indexOf('\nFlags:\n');
    expect(own).toBeGreaterThan(0);
    const row = out.indexOf('--format md|json|ndjson', own);
    expect(row).toBeGreaterThan(own);
    expect(row).toBeLessThan(out.indexOf('Global flags:'));
  });

  it.each(COMMANDS.map((c) => c.name))('prints the version for `%s --version`', async (name) => {
    const { code, out } = await run([name, '--version']);
    expect(code).toBe(0);
    expect(out).toMatch(/^triage \d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const { code, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('unknown command "frobnicate"');
  });
});

describe('a malformed plan', () => {
  const expected = /^triage: \/.*fixtures\/plans\/malformed\.yaml:6: health\[0\]\.expectStatuss: unknown key/;

  it('is one error line naming file, line and field, exit 2, from `plan check`', async () => {
    const { code, err } = await run(['plan', 'check', 'fixtures/plans/malformed.yaml']);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(expected);
  });

  it('stops `run` before anything runs, with the same line', async () => {
    const { code, err, out } = await run(['run', '--plan', 'fixtures/plans/malformed.yaml']);
    expect(code).toBe(2);
    expect(err).toMatch(expected);
    expect(out).toBe('');
  });
});

describe('the documented example plan', () => {
  it('is valid, so the README never shows a plan that fails `plan check`', async () => {
    const { code, out, err } = await run(['plan', 'check', 'fixtures/plans/example.yaml']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('system "shop-staging"');
  });
});
