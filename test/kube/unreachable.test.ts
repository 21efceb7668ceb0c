// A dead address never hangs triage: a closed port, or a server that accepts the connection
// and never answers, is reported as "cluster unreachable" while other checks finish. The
// bounds come from the test, not from how fast the machine is: a closed port says ECONNREFUSED
// (no deadline waited for), the silent server's cases set their own request deadline
// (--request-timeout 2s) and must not answer before it, and a hang is the test's own timeout.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFor } from '../../src/cli/cluster';
import { main } from '../../src/cli/main';
import { removeTempDirs, tempDir } from './support';
import { closedPort as holdClosedPort, type ClosedPort } from '../support/ports';

let silent: Server;
const sockets = new Set<Socket>();
let closed: ClosedPort;
let closedPort: number;
let dir: string;

function kubeconfigFor(name: string, server: string): string {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: ${name}\nclusters:\n- name: ${name}\n  cluster: {server: "${server}"}\ncontexts:\n- name: ${name}\n  context: {cluster: ${name}, user: u}\nusers:\n- name: u\n  user: {token: t}\n`,
  );
  return file;
}

beforeAll(async () => {
  dir = tempDir();
  // Accepts every connection and never writes a byte.
  silent = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  closed = await holdClosedPort();
  closedPort = closed.port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  closed?.close();
  removeTempDirs();
});

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
}

describe('an unreachable API server', () => {
  it('a closed port is reported at once, and every later call fails the same way without waiting', async () => {
    const file = kubeconfigFor('closed', `https://127.0.0.1:${closedPort}`);
    const cluster = clusterFor({ positionals: [], flags: { kubeconfig: file } }, { env: {}, cwd: dir })!;
    const [error, took] = await timed(() => cluster.list('pods', '').catch((e: Error) => e));
    console.log(`closed port: reported after ${took} ms`);
    expect((error as Error).message).toBe(`cluster unreachable: connect ECONNREFUSED 127.0.0.1:${closedPort} (context closed)`);
    const [again, tookAgain] = await timed(() => cluster.canI('list', 'pods').catch((e: Error) => e));
    expect((again as Error).message).toBe((error as Error).message);
    expect(tookAgain).toBeLessThan(1000);
  });

  it('a server that accepts and never answers is reported after the request deadline', async () => {
    const port = (silent.address() as { port: number }).port;
    const file = kubeconfigFor('silent', `https://127.0.0.1:${port}`);
    const cluster = clusterFor({ positionals: [], flags: { kubeconfig: file, 'request-timeout': '2s' } }, { env: {}, cwd: dir })!;
    const [error, took] = await timed(() => cluster.serverVersion().catch((e: Error) => e));
    console.log(`silent server: reported after ${took} ms`);
    expect((error as Error).message).toBe(`cluster unreachable: no answer from https://127.0.0.1:${port} within 2s (context silent)`);
    expect(took).toBeGreaterThanOrEqual(1900);
  }, 60_000);

  it('the headless walk reports the cluster unreachable in its kubectl check while the other checks complete', async () => {
    const port = (silent.address() as { port: number }).port;
    const file = kubeconfigFor('walk', `https://127.0.0.1:${port}`);
    const cwd = tempDir();
    writeFileSync(join(cwd, 'evidence.log'), 'one line\n');
    writeFileSync(
      join(cwd, 'triage.yaml'),
      'name: shop\nchecks:\n  environment:\n    - { kind: kubectl, name: kubectl-pods, argv: [get, pods, -A] }\n  data-path:\n    - { kind: file, name: evidence, path: evidence.log }\n',
    );
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { PATH: process.env.PATH ?? '' }, cwd };
    const [code, took] = await timed(() => main(['run', '--kubeconfig', file, '--request-timeout', '2s', '--format', 'json'], io));
    console.log(`headless walk against a silent server: ${took} ms`);
    expect(took).toBeGreaterThanOrEqual(1900);
    const walk = JSON.parse(out) as { steps: { id: string; checks: { id: string; status: string; summary: string }[] }[] };
    const checks = Object.fromEntries(walk.steps.flatMap((s) => s.checks).map((c) => [c.id, c]));
    expect(checks['environment/kubectl-pods']).toMatchObject({
      status: 'error',
      summary: `cluster unreachable: no answer from https://127.0.0.1:${port} within 2s (context walk)`,
    });
    expect(checks['data-path/evidence']?.status).toBe('pass');
    // The built-in cluster checks share one probe: each says the same, none waits on its own.
    const environment = walk.steps.find((s) => s.id === 'environment')!.checks;
    expect(environment.length).toBeGreaterThan(1);
    for (const check of environment) expect([check.id, check.status, check.summary]).toEqual([check.id, 'error', checks['environment/kubectl-pods']!.summary]);
    expect(code).not.toBe(0);
  }, 60_000);
});
