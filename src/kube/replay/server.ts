// `triage replay`: a bundle served on loopback as a read-only Kubernetes API, so the real
// kubectl, client-node and the workbench work against it unchanged. Only GET, HEAD and
// the access-review POSTs are answered; every other method gets a 405 Status.
// Loopback alone does not keep a web page out (DNS rebinding points a page's own name at
// 127.0.0.1): every request must name a loopback Host and carry the bearer token the server
// made at start, which only the kubeconfig it hands out holds.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:https';
import { stringify } from 'yaml';
import { openBundle, type Bundle } from '../bundle';
import type { ReplayStore } from './store';
import { replayCertificate } from './certificate';
import { ReplayClock } from './clock';
import { ReplayHandler } from './handler';

export interface ReplayOptions {
  /** Default: an ephemeral port. */
  port?: number;
  /** Let the process exit while the server still listens (in-process use behind `--bundle`). */
  unref?: boolean;
  /**
   * Serve every timestamp moved forward so the bundle reads as captured when the replay
   * started (kubectl describe computes ages from its own clock). Default: as captured.
   */
  shiftClock?: boolean;
  /** Serve this bundle, already loaded (a `--bundle` walk's own), instead of loading `dir` again. */
  store?: ReplayStore;
}

export interface ReplayServer {
  bundle: Bundle;
  url: string;
  port: number;
  /** The bearer token every request must carry; the kubeconfig holds it. */
  token: string;
  /** PEM of the self-signed certificate it serves TLS with: the authority its clients trust. */
  certificate: string;
  /** Seconds from the call to listening, for the benchmark and the banner. */
  startMs: number;
  /** How far every timestamp is moved for clients that do not ask for the bundle's own times (0: served as captured). */
  shiftMs: number;
  /** A kubeconfig whose only context reaches this server. */
  kubeconfig(): string;
  close(): Promise<void>;
}

/** A kubeconfig for a replay at `url`, holding its token and certificate. Its context is never a real cluster's name. */
function replayKubeconfig(url: string, bundle: Bundle, token: string, certificate: string): string {
  const name = 'triage-replay';
  const namespace = bundle.manifest.namespaces[0];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'certificate-authority-data': Buffer.from(certificate).toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(namespace ? { namespace } : {}) } }],
    'current-context': name,
    preferences: {},
  });
}

/** Load and validate the bundle, then listen on 127.0.0.1. Rejects with InputError on a malformed bundle. */
export async function startReplay(dir: string, options: ReplayOptions = {}): Promise<ReplayServer> {
  const started = performance.now();
  const bundle = options.store?.bundle ?? openBundle(dir);
  const closing = new AbortController();
  let port = 0;
  const token = randomBytes(32).toString('base64url');
  const tls = replayCertificate();
  const clock = ReplayClock.start(new Date(bundle.manifest.capturedAt), options.shiftClock === true);
  const handler = new ReplayHandler(bundle, () => `127.0.0.1:${port}`, closing.signal, token, clock, options.store);
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => void handler.handle(req, res));
  server.keepAliveTimeout = 5_000;
  if (options.unref) server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`replay: port ${options.port} is already in use`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  if (options.unref) server.unref();
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `https://127.0.0.1:${port}`;
  return {
    bundle,
    url,
    port,
    token,
    certificate: tls.cert,
    startMs: performance.now() - started,
    shiftMs: clock.shiftMs,
    kubeconfig: () => replayKubeconfig(url, bundle, token, tls.cert),
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
