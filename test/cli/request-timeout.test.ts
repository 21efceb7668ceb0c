import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { clusterFor } from '../../src/cli/cluster';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';
import { parseRequestTimeout } from '../../src/cli/request-timeout';

// `--request-timeout DUR` as kubectl reads it: every command takes it, a bad value is bad
// usage in one line, and a request to a server that never answers gives up after it.

const run = (argv: string[]) => runCli(argv);

let silent: Server;
const sockets = new Set<Socket>();
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-request-timeout-'));
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('--request-timeout', () => {
  it('reads durations as kubectl does: units, a bare number of seconds, 0 for none', () => {
    expect(parseRequestTimeout('30s')).toBe(30_000);
    expect(parseRequestTimeout('1m')).toBe(60_000);
    expect(parseRequestTimeout('1m30s')).toBe(90_000);
    expect(parseRequestTimeout('1.5h')).toBe(5_400_000);
    expect(parseRequestTimeout('250ms')).toBe(250);
    expect(parseRequestTimeout('5')).toBe(5_000);
    expect(parseRequestTimeout('0')).toBe(0);
    for (const bad of ['', 'soon', '-1s', '10x', '1m ', 's', '1s2'])
      expect(() => parseRequestTimeout(bad), bad).toThrow(/--request-timeout must be a duration/);
  });

  it('refuses a bad value in one line with exit 2, whatever the command', async () => {
    for (const argv of [
      ['--request-timeout', 'soon'],
      ['run', '--request-timeout=10x'],
      ['scan', '--request-timeout', '-1s', '-'],
    ]) {
      const { code, err, out } = await run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/--request-timeout must be a duration such as 30s, 1m or 0 for none/);
    }
  });

  it('is in the help of every command and in shell completion', async () => {
    expect((await run(['--help'])).out).toContain('--request-timeout DUR');
    expect((await run(['run', '--help'])).out).toContain('--request-timeout DUR');
    for (const shell of ['bash', 'zsh', 'fish']) expect((await run(['completion', shell])).out, shell).toContain('request-timeout');
  });

  it('gives up on a server that never answers after the duration given', async () => {
    const file = join(dir, 'silent.kubeconfig');
    const port = (silent.address() as { port: number }).port;
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\ncurrent-context: silent\nclusters:\n- name: silent\n  cluster: {server: "https://127.0.0.1:${port}"}\ncontexts:\n- name: silent\n  context: {cluster: silent, user: u}\nusers:\n- name: u\n  user: {token: t}\n`,
    );
    const cluster = clusterFor(parseArgs(['--kubeconfig', file, '--request-timeout', '300ms'], GLOBAL_FLAGS), { env: {}, cwd: dir })!;
    const started = performance.now();
    const error = await cluster.serverVersion().catch((e: Error) => e);
    const took = performance.now() - started;
    expect((error as Error).message).toBe(`cluster unreachable: no answer from https://127.0.0.1:${port} within 0.3s (context silent)`);
    expect(took).toBeLessThan(5_000);
    // kubectl (a check's, a replay line's) is given the same deadline, in its own syntax.
    expect(cluster.kubectlFlags.at(-1)).toBe('--request-timeout=300ms');
    await cluster.close?.();
    const whole = clusterFor(parseArgs(['--kubeconfig', file, '--request-timeout', '1m'], GLOBAL_FLAGS), { env: {}, cwd: dir })!;
    expect(whole.kubectlFlags.at(-1)).toBe('--request-timeout=60s');
    const unset = clusterFor(parseArgs(['--kubeconfig', file], GLOBAL_FLAGS), { env: {}, cwd: dir })!;
    expect(unset.kubectlFlags.join(' ')).not.toContain('--request-timeout');
  });
});
