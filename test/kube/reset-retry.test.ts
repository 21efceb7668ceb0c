// A connection the server resets on a fresh socket (a loaded API server, or the in-process
// replay on a busy CI machine) is asked again within the deadline: a read is safe to repeat,
// so one dropped connection is not "cluster unreachable". A server that resets every time
// still is, after a bounded number of tries.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFor } from '../../src/cli/cluster';
import { answerMinimalApi, plainKubeconfig, removeTempDirs, tempDir } from './support';

let server: Server;
let dir: string;
let port: number;
/** Per path: how many of its next requests are reset before any byte, and how many were. */
const resetNext = new Map<string, number>();
const resetCount = new Map<string, number>();

beforeAll(async () => {
  dir = tempDir();
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const left = resetNext.get(path) ?? 0;
    if (left > 0) {
      resetNext.set(path, left - 1);
      resetCount.set(path, (resetCount.get(path) ?? 0) + 1);
      req.socket.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    answerMinimalApi(path, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  removeTempDirs();
});

function cluster(name: string) {
  return clusterFor({ positionals: [], flags: { kubeconfig: plainKubeconfig(dir, name, port) } }, { env: {}, cwd: dir })!;
}

describe('a connection the server resets on a fresh socket', () => {
  it('is asked again: the reachability probe and a list both answer', async () => {
    resetNext.set('/version', 1);
    resetNext.set('/api/v1/pods', 2);
    expect(await cluster('flaky').list('pods', '')).toMatchObject({ items: [] });
    expect(resetCount.get('/version')).toBe(1);
    expect(resetCount.get('/api/v1/pods')).toBe(2);
  });

  it('is still "unreachable" when every try is reset, after a bounded number of tries', async () => {
    resetNext.set('/version', 0);
    resetCount.clear();
    resetNext.set('/api/v1/pods', 100);
    await expect(cluster('dead').list('pods', '')).rejects.toThrow(/cluster unreachable: .*(ECONNRESET|socket hang up)/);
    expect(resetCount.get('/api/v1/pods')).toBe(3);
    resetNext.set('/api/v1/pods', 0);
  });
});
