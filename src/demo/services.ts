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
  /** The command that serves these endpoints again on the same ports, after the demo quit. */
  serveCommand: string;
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

/** Where the demo's endpoints listen when the ports are free: a note's curl lines then reach them again with `triage demo --serve`. */
export const DEMO_PORTS = { gateway: 47311, worker: 47312, queue: 47313 } as const;
export type DemoPorts = { gateway: number; worker: number; queue: number };

function listen(server: Server | TcpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
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

/**
 * Start the api-gateway, the payments-worker and the queue on loopback: on `ports` exactly
 * (`--serve`), else on the demo's own ports when all are free, else on ephemeral ones.
 */
export async function startDemoServices(ports?: DemoPorts, preferred: DemoPorts | undefined = DEMO_PORTS): Promise<DemoServices> {
  if (!ports && preferred) {
    try {
      return await startDemoServices(preferred, undefined);
    } catch {
      // Taken (a second demo, a served one): any free ports will do for this walk.
    }
  }
  const gateway = createServer(handler(gatewayRoutes));
  const worker = createServer(handler(workerRoutes));
  const sockets = new Set<Socket>();
  const queue = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.end();
  });
  const listening = await Promise.allSettled([listen(gateway, ports?.gateway), listen(worker, ports?.worker), listen(queue, ports?.queue)]);
  const refused = listening.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (refused) {
    await Promise.all([closeHttp(gateway), closeHttp(worker), closeTcp(queue, sockets)]);
    throw refused.reason as Error;
  }
  const [gatewayPort, workerPort, queuePort] = listening.map((r) => (r as PromiseFulfilledResult<number>).value) as [number, number, number];
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    workerUrl: `http://127.0.0.1:${workerPort}`,
    queue: { host: '127.0.0.1', port: queuePort },
    serveCommand: `triage demo --serve --ports ${gatewayPort},${workerPort},${queuePort}`,
    close: async () => {
      await Promise.all([closeHttp(gateway), closeHttp(worker), closeTcp(queue, sockets)]);
    },
  };
}
