// `triage replay BUNDLE --write-kubeconfig FILE`: serves until Ctrl-C, and the kubeconfig it
// writes is all kubectl needs.
import { statSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { MINI, removeTempDirs, tempDir } from './support';

afterAll(() => removeTempDirs());

function io(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d) => (text.out += d));
  stderr.on('data', (d) => (text.err += d));
  return { io: { stdout, stderr, stdin: new PassThrough(), isTTY: false, env: {}, cwd }, text };
}

describe('triage replay', () => {
  it("serves the bundle to kubectl through the kubeconfig it writes (its folder made, as a note's replay names a folder that is gone), until SIGINT", async () => {
    const cwd = tempDir();
    const { io: streams, text } = io(cwd);
    const running = main(['replay', MINI, '--write-kubeconfig', 'gone/replay.kubeconfig'], streams);
    while (!text.out.includes('Ctrl-C stops it.')) await new Promise((r) => setTimeout(r, 20));
    expect(text.out).toMatch(/^triage replay: .*mini \(context kind-staging, captured 2025-03-14T09:30:00Z\) read-only at https:\/\/127\.0\.0\.1:\d+\n/);
    const kubeconfig = join(cwd, 'gone/replay.kubeconfig');
    expect(readFileSync(kubeconfig, 'utf8')).toContain('current-context: triage-replay');
    // Only its owner may read it: it holds the replay's token.
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    const pods = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(cwd, 'cache'), 'get', 'pods', '-o', 'name'], {
      stdin: 'ignore',
      reject: false,
    });
    // The context's namespace is the bundle's first.
    expect(pods.stdout.split('\n')).toEqual(['pod/checkout-7d9f8c6b5-x2k4p', 'pod/checkout-7d9f8c6b5-q8m2z', 'pod/frontend-5c8d7b9f4-m7wqt']);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    const after = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(cwd, 'cache'), '--request-timeout=2s', 'get', 'pods'], {
      stdin: 'ignore',
      reject: false,
    });
    expect(after.exitCode).not.toBe(0);
  });

  it('exits 2 naming the file of a malformed bundle, and asks for a bundle when none is given', async () => {
    const cwd = tempDir();
    const bundle = join(cwd, 'b');
    cpSync(MINI, bundle, { recursive: true });
    writeFileSync(join(bundle, 'resources/nodes.json'), '{"kind": "List", "items": [}');
    const bad = io(cwd);
    expect(await main(['replay', bundle], bad.io)).toBe(2);
    expect(bad.text.err).toContain(`${join(bundle, 'resources/nodes.json')}:1: malformed JSON`);
    const none = io(cwd);
    expect(await main(['replay'], none.io)).toBe(2);
    expect(none.text.err).toContain('which bundle?');
  });
});
