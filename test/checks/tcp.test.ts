import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import net from 'node:net';
import { tcpKind, tcpSpec } from '../../src/checks/kinds/tcp';
import { coldListener, run } from './support';
import { closedPort } from '../support/ports';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const tcp = (spec: Record<string, unknown>) => tcpKind.create(tcpSpec.parse({ kind: 'tcp', ...spec }), 'environment', 1);

describe('tcp check', () => {
  it('passes a listening port with its connect time and an nc replay', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as net.AddressInfo).port;
    const check = tcp({ host: '127.0.0.1', port, name: 'postgres' });
    expect(check).toMatchObject({ id: 'environment/postgres', title: `TCP postgres:${port}` });
    const result = await run(check);
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(new RegExp(`^postgres 127\\.0\\.0\\.1:${port} reachable, connected in \\d+ms$`));
    expect(result.replay).toBe(`nc -vz -w 5 127.0.0.1 ${port}`);
  });

  it('fails a closed port as refused', async () => {
    const { port, close } = await closedPort();
    onTestFinished(close);
    const result = await run(tcp({ host: '127.0.0.1', port }));
    expect(result).toMatchObject({
      status: 'fail',
      summary: `127.0.0.1:${port} not reachable: connection refused: nothing listens there`,
      bucket: 'environment-not-ready',
    });
  });

  it('retries a connect that times out, then fails saying it tried twice', async () => {
    const cold = await coldListener();
    cleanups.push(() => cold.close());
    const result = await run(tcp({ host: '127.0.0.1', port: cold.port, connectTimeout: '200ms' }), { timeoutMs: 3000 });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(`127.0.0.1:${cold.port} no answer: connect timed out after 200ms (twice)`);
    expect(result.evidence[0]?.text).toMatch(/retried once \(a cold first connection is a known false alarm\)$/);
  });
});
