// `replay --write-kubeconfig FILE` never replaces a file that is there (it may be someone's
// real kubeconfig) unless --force says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINI_BUNDLE, removeWorkdirs, triage, workdir } from '../bad-input/run';
import { runMain } from '../../src/cli/main';
import { PassThrough } from 'node:stream';

afterAll(removeWorkdirs);

describe('replay --write-kubeconfig', () => {
  it('leaves an existing file as it was, before serving anything', async () => {
    const dir = workdir({ kubeconfig: 'my real kubeconfig\n' });
    const ran = await triage(['replay', MINI_BUNDLE, '--write-kubeconfig', 'kubeconfig'], dir);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(readFileSync(join(dir, 'kubeconfig'), 'utf8')).toBe('my real kubeconfig\n');
  });

  it('replaces it with --force', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'kubeconfig'), 'old\n');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const running = runMain(['replay', MINI_BUNDLE, '--write-kubeconfig', 'kubeconfig', '--force'], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      isTTY: false,
      env: {},
      cwd: dir,
    });
    while (!out.includes('Ctrl-C stops it.')) await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(join(dir, 'kubeconfig'), 'utf8')).toContain('current-context: triage-replay');
    process.emit('SIGINT');
    expect(await running).toBe(0);
  });
});
