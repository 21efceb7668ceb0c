import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { GATEWAY_BUILD, WORKER_BUILD, WORKER_UNHEALTHY } from './story';

/**
 * The demo's running services: real listeners on loopback, inside this process so `kill -9`
 * takes them too. Each stands for an endpoint of the captured cluster's services.
 */
export interface DemoServices {
  /** The api-gateway's public endpoint, e.g. `http://127.0.0.1:41234`. */
  gatewayUrl: string;
  /** The payments-worker's health endpoint. */
  workerUrl: string;
  /** The broker of payments.requests: reachable, its consumer is the crash-looping payments-worker. */
  queue: { host: string; port: number };
  close(): Promise<void>;
}

type Route = () => { status: number; body: unknown };

function buildinfo(service: string, build: { version: string; sha: string }): Route {
  return () => ({ status: 200, body: { service, version: build.version, sha: build.sha } });
}

const gatewayRoutes: Record<string, Route> = {
  '/healthz': () => ({ status: 200, body: { status: 'ok' } }),
  '/buildinfo': buildinfo('api-gateway', GATEWAY_BUILD),
};

const workerRoutes: Record<string, Route> = {
  '/healthz': () => ({ status: 503, body: { status: 'unhealthy', error: WORKER_UNHEALTHY, restarting: true } }),
  '/buildinfo': buildinfo('payments-worker', WORKER_BUILD),
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

/** Start the api-gateway, the payments-worker and the queue on ephemeral loopback ports. */
export async function startDemoServices(): Promise<DemoServices> {
  const gateway = createServer(handler(gatewayRoutes));
  const worker = createServer(handler(workerRoutes));
  const sockets = new Set<Socket>();
  const queue = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.end();
  });
  const [gatewayPort, workerPort, queuePort] = await Promise.all([listen(gateway), listen(worker), listen(queue)]);
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    workerUrl: `http://127.0.0.1:${workerPort}`,
    queue: { host: '127.0.0.1', port: queuePort },
    close: async () => {
      await Promise.all([closeHttp(gateway), closeHttp(worker), closeTcp(queue, sockets)]);
    },
  };
}
