// A connection the server resets on a fresh socket (a loaded API server, or the in-process
// replay on a busy CI machine) is asked again within the deadline: a read is safe to repeat,
// so one dropped connection is not "cluster unreachable". A server that resets every time
// still is, after a bounded number of tries.
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFor } from '../../src/cli/cluster';
import { removeTempDirs, tempDir } from './support';

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
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Connection', 'close');
    if (path === '/version') res.end(JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' }));
    else if (path === '/api/v1')
      res.end(JSON.stringify({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'] }] }));
    else res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }));
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
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: ${name}\nclusters:\n- name: ${name}\n  cluster: {server: "http://127.0.0.1:${port}"}\ncontexts:\n- name: ${name}\n  context: {cluster: ${name}, user: u}\nusers:\n- name: u\n  user: {token: t}\n`,
  );
  return clusterFor({ positionals: [], flags: { kubeconfig: file } }, { env: {}, cwd: dir })!;
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
