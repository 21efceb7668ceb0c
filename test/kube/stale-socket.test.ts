// A keep-alive socket the server closes just as the client reuses it (Node's documented race,
// seen under load against the replay) is no "cluster unreachable": the read goes out again
// once on a fresh socket.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFor } from '../../src/cli/cluster';
import { answerMinimalApi, plainKubeconfig, removeTempDirs, tempDir } from './support';

let server: Server;
let dir: string;
let port: number;
const served = new WeakMap<Socket, number>();
let resets = 0;

beforeAll(async () => {
  dir = tempDir();
  server = createServer((req, res) => {
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    // Every socket serves one answer; a reused one is reset before any byte, as one closed by
    // the server's keep-alive timeout is.
    if (count > 1) {
      resets++;
      req.socket.destroy();
      return;
    }
    answerMinimalApi((req.url ?? '').split('?')[0]!, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  removeTempDirs();
});

describe('a reused keep-alive socket the server reset', () => {
  it('is sent again on a fresh socket, so a read after a quiet moment still answers', async () => {
    const file = plainKubeconfig(dir, 'stale', port);
    const cluster = clusterFor({ positionals: [], flags: { kubeconfig: file } }, { env: {}, cwd: dir })!;
    for (let i = 0; i < 4; i++) expect(await cluster.list('pods', '')).toMatchObject({ items: [] });
    expect(resets).toBeGreaterThan(0);
  });
});
