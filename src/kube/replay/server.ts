// `triage replay`: a bundle served on loopback as a read-only Kubernetes API, so the real
// kubectl, client-node and the workbench work against it unchanged. Only GET, HEAD and
// the access-review POSTs are answered; every other method gets a 405 Status.
// Loopback alone does not keep a web page out (DNS rebinding points a page's own name at
// 127.0.0.1): every request must name a loopback Host and carry the bearer token the server
// made at start, which only the kubeconfig it hands out holds.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { stringify } from 'yaml';
import type { KubeObject } from '../../model/cluster';
import { openBundle, type Bundle } from '../bundle';
import { ReplayStore, type ServedType } from './store';
import { apiGroupList, apiGroupOf, apiResourceList, apiVersions, REVIEW_GROUPS } from './discovery';
import { BadContinueError, listBody, loadPrinter, objectBody, RESOURCE_VERSION, selectPage, shapeOf, watchEvent } from './objects';
import { SelectorError } from './selectors';
import { answerReview, ReviewError } from './reviews';
import { streamLog, type LogQuery } from './logs';
import { containerLogFile } from './log-target';
import { openApiGroupVersion, openApiRoot, openApiV2 } from './openapi';
import { replayCertificate } from './certificate';
import { CAPTURED_AT_HEADER, ReplayClock, SHIFT_HEADER, shiftedJson } from './clock';

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

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function statusBody(code: number, reason: string, message: string, details?: object) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function sendJson(res: ServerResponse, code: number, body: unknown, shiftMs = 0): void {
  const text = shiftedJson(body, shiftMs);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

const notFound = (message: string) => new HttpError(404, 'NotFound', message);
const badRequest = (message: string) => new HttpError(400, 'BadRequest', message);

function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new HttpError(413, 'RequestEntityTooLarge', 'request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`${name}: expected an integer, got "${raw}"`);
  return n;
}

interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1/namespaces/shop/pods/api-1/log` → its parts; undefined for discovery paths. */
function resourcePath(group: string, version: string, rest: string[]): ResourcePath | undefined {
  if (rest.length === 0) return undefined;
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3;
  const [namespace, plural, name, subresource, extra] = namespaced ? rest.slice(1) : [undefined, ...rest];
  if (extra !== undefined) throw notFound('the server could not find the requested resource');
  return { group, version, namespace, plural: plural!, name, subresource };
}

class ReplayHandler {
  private readonly store: ReplayStore;

  constructor(
    readonly bundle: Bundle,
    private readonly hostPort: () => string,
    private readonly closing: AbortSignal,
    private readonly token: string,
    private readonly clock: ReplayClock,
    store?: ReplayStore,
  ) {
    this.store = store ?? new ReplayStore(bundle);
  }

  /** A loopback Host (a rebound name is refused) and the bearer token. */
  private admit(req: IncomingMessage): void {
    if (!isLoopbackHost(req.headers.host)) {
      throw new HttpError(403, 'Forbidden', `the replay answers only requests to 127.0.0.1, localhost or [::1] (Host: ${JSON.stringify(req.headers.host ?? '')})`);
    }
    const presented = /^Bearer[ \t]+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(presented);
    const b = Buffer.from(this.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new HttpError(401, 'Unauthorized', 'Unauthorized: use the kubeconfig triage replay wrote (--write-kubeconfig)');
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://replay');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const signal = AbortSignal.any([this.closing, abortOnClose(res)]);
    // Every answer says when the bundle was captured, so a client can keep its clock.
    res.setHeader(CAPTURED_AT_HEADER, this.bundle.manifest.capturedAt);
    const shift = this.clock.shiftFor(req.headers);
    if (shift) res.setHeader(SHIFT_HEADER, String(shift / 1000));
    try {
      this.admit(req);
      if (method === 'POST' && this.isReview(parts)) {
        sendJson(res, 201, answerReview(parts[3]!, await readBody(req)));
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        req.resume();
        const where = this.bundle.manifest.context;
        throw new HttpError(
          405,
          'MethodNotAllowed',
          `the bundle is read-only: ${method} ${url.pathname} refused (triage replay of ${this.bundle.dir}, context ${where}, captured ${this.bundle.manifest.capturedAt})`,
        );
      }
      await this.route(parts, url.searchParams, req, res, signal, shift);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) sendJson(res, error.code, statusBody(error.code, error.reason, error.message));
      else if (error instanceof SelectorError || error instanceof BadContinueError || error instanceof ReviewError) sendJson(res, 400, statusBody(400, 'BadRequest', error.message));
      else sendJson(res, 500, statusBody(500, 'InternalError', `replay: ${(error as Error).message}`));
    }
  }

  private isReview(parts: string[]): boolean {
    return parts.length === 4 && parts[0] === 'apis' && REVIEW_GROUPS.some((g) => g.group === parts[1] && g.version === parts[2] && g.resources.some((r) => r.name === parts[3]));
  }

  private async route(parts: string[], params: URLSearchParams, req: IncomingMessage, res: ServerResponse, signal: AbortSignal, shift: number): Promise<void> {
    const [root, ...rest] = parts;
    if (parts.length === 1 && root === 'version') return sendJson(res, 200, this.bundle.manifest.serverVersion);
    if (parts.length === 1 && (root === 'healthz' || root === 'livez' || root === 'readyz')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (root === 'openapi' && rest[0] === 'v2' && rest.length === 1) {
      const { contentType, body } = openApiV2(req.headers.accept);
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
      res.end(body);
      return;
    }
    if (root === 'openapi' && rest[0] === 'v3') {
      if (rest.length === 1) return sendJson(res, 200, openApiRoot(this.store));
      const doc = openApiGroupVersion(this.store, rest.slice(1).join('/'));
      if (!doc) throw notFound('the server could not find the requested resource');
      return sendJson(res, 200, doc);
    }
    if (root === 'api') {
      if (rest.length === 0) return sendJson(res, 200, apiVersions(this.hostPort()));
      if (rest[0] !== 'v1') throw notFound('the server could not find the requested resource');
      return this.serveGroupVersion('', 'v1', rest.slice(1), params, req, res, signal, shift);
    }
    if (root === 'apis') {
      if (rest.length === 0) return sendJson(res, 200, apiGroupList(this.store));
      const group = apiGroupOf(this.store, rest[0]!);
      if (!group) throw notFound('the server could not find the requested resource');
      if (rest.length === 1) return sendJson(res, 200, group);
      return this.serveGroupVersion(rest[0]!, rest[1]!, rest.slice(2), params, req, res, signal, shift);
    }
    throw notFound('the server could not find the requested resource');
  }

  private async serveGroupVersion(
    group: string,
    version: string,
    rest: string[],
    params: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    shift: number,
  ): Promise<void> {
    const path = resourcePath(group, version, rest);
    if (!path) {
      const list = apiResourceList(this.store, group, version);
      if (!list) throw notFound('the server could not find the requested resource');
      return sendJson(res, 200, list);
    }
    const type = this.store.find(group, version, path.plural);
    if (!type || (path.namespace !== undefined && !type.namespaced)) throw notFound('the server could not find the requested resource');
    const shape = shapeOf(req.headers.accept);
    if (shape === 'table') await loadPrinter(type);
    const includeObject = params.get('includeObject');
    // Ages in Tables from the served clock: the same as kubectl describe computes from the shifted times.
    const now = this.clock.now(shift);
    if (path.name === undefined) {
      const query = {
        namespace: path.namespace,
        labelSelector: params.get('labelSelector') ?? undefined,
        fieldSelector: params.get('fieldSelector') ?? undefined,
      };
      if (params.get('watch') === 'true' || params.get('watch') === '1') return this.watch(type, query, params, res, signal, shift);
      const page = selectPage(type, { ...query, limit: intParam(params, 'limit'), continueToken: params.get('continue') ?? undefined });
      return sendJson(res, 200, listBody(type, shape, page, now, includeObject), shift);
    }
    if (!type.namespaced === (path.namespace !== undefined)) throw notFound('the server could not find the requested resource');
    const object = type.items.find((o) => o.metadata.name === path.name && o.metadata.namespace === path.namespace);
    if (!object) {
      const kind = type.group ? `${type.plural}.${type.group}` : type.plural;
      const error = statusBody(404, 'NotFound', `${kind} "${path.name}" not found`, { name: path.name, group: type.group, kind: type.plural });
      return sendJson(res, 404, error);
    }
    if (path.subresource === undefined || path.subresource === 'status') return sendJson(res, 200, objectBody(type, shape, object, now, includeObject), shift);
    if (path.subresource === 'log' && type.plural === 'pods' && type.group === '') return this.log(object, params, res, signal, shift);
    throw notFound('the server could not find the requested resource');
  }

  /** Initial ADDED events, then held open: a bundle never changes. */
  private async watch(
    type: ServedType,
    query: { namespace?: string; labelSelector?: string; fieldSelector?: string },
    params: URLSearchParams,
    res: ServerResponse,
    signal: AbortSignal,
    shift: number,
  ): Promise<void> {
    const shape = shapeOf(res.req.headers.accept);
    const { items } = selectPage(type, query);
    const resourceVersion = params.get('resourceVersion');
    const initial = !resourceVersion || resourceVersion === '0' || params.get('sendInitialEvents') === 'true';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    if (initial) {
      for (const object of items) res.write(`${shiftedJson(watchEvent(type, shape, object, this.clock.now(shift), params.get('includeObject')), shift)}\n`);
    }
    if (params.get('sendInitialEvents') === 'true') {
      const bookmark = { kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: RESOURCE_VERSION, annotations: { 'k8s.io/initial-events-end': 'true' } } };
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
    }
    const timeoutSeconds = intParam(params, 'timeoutSeconds');
    const until = timeoutSeconds && timeoutSeconds > 0 ? AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]) : signal;
    if (!until.aborted) await new Promise((resolve) => until.addEventListener('abort', resolve, { once: true }));
    res.end();
  }

  private async log(pod: KubeObject, params: URLSearchParams, res: ServerResponse, signal: AbortSignal, shift: number): Promise<void> {
    const { file, exists } = containerLogFile(this.bundle.dir, pod, params.get('container') ?? undefined, params.get('previous') === 'true', badRequest);
    const sinceSeconds = intParam(params, 'sinceSeconds');
    const sinceTime = params.get('sinceTime');
    let sinceMs: number | undefined;
    // A bundle's "now" is its served clock: `--since 10m` means the ten minutes before it.
    if (sinceSeconds !== undefined) sinceMs = this.clock.now(shift).getTime() - sinceSeconds * 1000;
    else if (sinceTime) {
      sinceMs = Date.parse(sinceTime);
      if (Number.isNaN(sinceMs)) throw badRequest(`sinceTime: "${sinceTime}" is not an RFC 3339 time`);
      // The client saw the moved stamps; the file holds the bundle's own.
      sinceMs -= shift;
    }
    const tailLines = intParam(params, 'tailLines');
    const limitBytes = intParam(params, 'limitBytes');
    const query: LogQuery = {
      timestamps: params.get('timestamps') === 'true',
      tailLines: tailLines !== undefined && tailLines >= 0 ? tailLines : undefined,
      sinceMs,
      limitBytes: limitBytes !== undefined && limitBytes > 0 ? limitBytes : undefined,
      follow: params.get('follow') === 'true',
      shiftMs: shift,
    };
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    if (query.follow) res.flushHeaders();
    if (exists) await streamLog(file, query, res, signal);
    else if (query.follow) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    res.end();
  }
}

function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  return controller.signal;
}

/** `127.0.0.1`, `localhost` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i.test(host);
}

/** A kubeconfig for a replay at `url`, holding its token and certificate. Its context is never a real cluster's name. */
export function replayKubeconfig(url: string, bundle: Bundle, token: string, certificate: string): string {
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
