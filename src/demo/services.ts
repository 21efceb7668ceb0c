import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { DEPLOYED_SHA, WORKER_UNHEALTHY } from './story';

/** The demo's running services: real listeners on loopback, inside this process so `kill -9` takes them too. */
export interface DemoServices {
  /** Base URL of the api, e.g. `http://127.0.0.1:41234`. */
  apiUrl: string;
  /** Base URL of the worker. */
  workerUrl: string;
  /** The queue's TCP port: reachable, it just has no consumer. */
  queue: { host: string; port: number };
  close(): Promise<void>;
}

type Route = () => { status: number; body: unknown };

const startedAt = new Date().toISOString();

function buildinfo(service: string): Route {
  return () => ({ status: 200, body: { service, sha: DEPLOYED_SHA, builtAt: startedAt } });
}

const apiRoutes: Record<string, Route> = {
  '/healthz': () => ({ status: 200, body: { status: 'ok' } }),
  '/buildinfo': buildinfo('api'),
};

const workerRoutes: Record<string, Route> = {
  '/healthz': () => ({ status: 503, body: { status: 'unhealthy', error: WORKER_UNHEALTHY, restarting: true } }),
  '/buildinfo': buildinfo('worker'),
};

function handler(routes: Record<string, Route>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    const route = routes[path];
    const { status, body } = route ? route() : { status: 404, body: { error: `no route ${path}` } };
    const text = `${JSON.stringify(body)}\n`;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function closeTcp(server: TcpServer, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}

/** Start the api, the worker and the queue on ephemeral loopback ports. */
export async function startDemoServices(): Promise<DemoServices> {
  const api = createServer(handler(apiRoutes));
  const worker = createServer(handler(workerRoutes));
  const sockets = new Set<Socket>();
  const queue = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.end();
  });
  const [apiPort, workerPort, queuePort] = await Promise.all([listen(api), listen(worker), listen(queue)]);
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    workerUrl: `http://127.0.0.1:${workerPort}`,
    queue: { host: '127.0.0.1', port: queuePort },
    close: async () => {
      await Promise.all([closeHttp(api), closeHttp(worker), closeTcp(queue, sockets)]);
    },
  };
}
