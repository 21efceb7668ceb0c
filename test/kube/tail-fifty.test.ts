// A tail of 50 pods against a real API over loopback: every follow holds a socket as long as
// it follows, so the live client must not make the 50 streams, or the pod list, wait for one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clusterOf } from '../../src/kube/access';
import type { LiveCluster } from '../../src/kube/client';
import { LogTail, type TailLine } from '../../src/kube/tail';
import { removeTempDirs, tempDir } from './support';

const NS = 'shop';
const PODS = Array.from({ length: 50 }, (_, i) => `cart-7d9f-${String(i).padStart(2, '0')}`);

let server: Server;
let port: number;
let dir: string;
/** Follow responses open now, by pod. */
const following = new Map<string, ServerResponse>();
const sockets = new Set<Socket>();
let ticker: NodeJS.Timeout;

const json = (res: ServerResponse, body: unknown) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
};

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { app: 'cart' } },
  spec: { containers: [{ name: 'cart', image: 'cart:1' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      { name: 'cart', ready: true, restartCount: 0, image: 'cart:1', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } },
    ],
  },
});

function serve(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/version') return json(res, { major: '1', minor: '30', gitVersion: 'v1.30.4' });
  if (url.pathname === '/api/v1')
    return json(res, { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] }] });
  if (url.pathname === `/api/v1/namespaces/${NS}/pods`)
    return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: PODS.map(pod) });
  const log = new RegExp(`^/api/v1/namespaces/${NS}/pods/([^/]+)/log$`).exec(url.pathname);
  if (log && url.searchParams.get('follow') === 'true') {
    const name = decodeURIComponent(log[1]!);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    following.set(name, res);
    res.on('close', () => following.delete(name));
    return;
  }
  res.statusCode = 404;
  json(res, { kind: 'Status', reason: 'NotFound', message: `${url.pathname} not found` });
}

beforeAll(async () => {
  dir = tempDir();
  server = createServer(serve);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
  // Each open follow gets a line every 50 ms, as a busy pod writes them.
  let n = 0;
  ticker = setInterval(() => {
    n++;
    for (const [name, res] of following) res.write(`${new Date().toISOString()} ${name} line ${n}\n`);
  }, 50);
});

afterAll(async () => {
  clearInterval(ticker);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  removeTempDirs();
});

const opened: { tail: LogTail; cluster: LiveCluster }[] = [];
afterEach(async () => {
  for (const { tail, cluster } of opened.splice(0)) {
    tail.stop();
    await cluster.close();
  }
});

function cluster(): LiveCluster {
  const file = join(dir, 'fifty.kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: fifty\nclusters:\n- name: fifty\n  cluster: {server: "http://127.0.0.1:${port}"}\ncontexts:\n- name: fifty\n  context: {cluster: fifty, user: u}\nusers:\n- name: u\n  user: {token: t}\n`,
  );
  return clusterOf({ kubeconfig: file }, { env: {}, cwd: dir }) as LiveCluster;
}

/** A started tail of the 50 pods, and the pods each batch brought lines from. */
async function followFifty(): Promise<{ tail: LogTail; cluster: LiveCluster; delivered: Set<string> }> {
  const live = cluster();
  const delivered = new Set<string>();
  const tail = new LogTail(
    live,
    { namespace: NS, selector: 'app=cart' },
    {
      refreshMs: 0,
      flushMs: 20,
      onBatch: (batch: readonly TailLine[]) => {
        for (const line of batch) delivered.add(line.pod);
      },
    },
  );
  opened.push({ tail, cluster: live });
  await tail.start();
  return { tail, cluster: live, delivered };
}

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('a tail of 50 pods over a live connection', () => {
  it('delivers lines from every one of the 50 pods, each streaming at once', async () => {
    const { tail, delivered } = await followFifty();
    await vi.waitFor(() => expect(delivered.size, `pods that delivered lines (of ${PODS.length})`).toBe(PODS.length), { timeout: 10_000, interval: 50 });
    expect(following.size).toBe(PODS.length);
    const snap = tail.snapshot();
    expect(snap.queued).toBe(0);
    expect(snap.streams.filter((s) => s.state === 'streaming' && s.lines > 0)).toHaveLength(PODS.length);
  });

  it('answers a pod list while the 50 streams follow', async () => {
    const { cluster: live } = await followFifty();
    // Every follow the client sends is held by the server; wait until the agent has sent all it will.
    await vi.waitFor(() => expect(following.size).toBeGreaterThanOrEqual(16), { timeout: 10_000, interval: 50 });
    const list = await within(3_000, live.list('pods', '', NS, 'app=cart'), 'listing pods behind the follows');
    expect(list.items).toHaveLength(PODS.length);
    await vi.waitFor(() => expect(following.size).toBe(PODS.length), { timeout: 10_000, interval: 50 });
  });

  it('leaves no connection open once the tail stops and the cluster closes', async () => {
    const { tail, cluster: live, delivered } = await followFifty();
    await vi.waitFor(() => expect(delivered.size).toBe(PODS.length), { timeout: 10_000, interval: 50 });
    tail.stop();
    await live.close();
    // Idle keep-alive sockets (the list's, the ended follows') would otherwise stay until the server's timeout.
    await vi.waitFor(() => expect(sockets.size).toBe(0), { timeout: 2_000, interval: 20 });
  });
});
