// The routes of a replay: the Host and token check, the read-only refusal, discovery and
// OpenAPI documents, and lists, gets, watches and logs of the bundle's objects.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle } from '../bundle';
import { ReplayStore } from './store';
import { apiGroupList, apiGroupOf, apiResourceList, apiVersions, REVIEW_GROUPS } from './discovery';
import { BadContinueError, listBody, loadPrinter, objectBody, selectPage, shapeOf } from './objects';
import { SelectorError } from './selectors';
import { answerReview, ReviewError } from './reviews';
import { openApiGroupVersion, openApiRoot, openApiV2 } from './openapi';
import { CAPTURED_AT_HEADER, SHIFT_HEADER, type ReplayClock } from './clock';
import { abortOnClose, HttpError, intParam, isLoopbackHost, notFound, readBody, sendJson, statusBody } from './http';
import { serveWatch } from './watch';
import { serveLog } from './log-route';

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

export class ReplayHandler {
  private readonly store: ReplayStore;

  constructor(
    readonly bundle: Bundle,
    private readonly hostPort: () => string,
    private readonly closing: AbortSignal,
    private readonly token: string,
    private readonly clock: ReplayClock,
    store?: ReplayStore,
  ) {
    // A replay of its own reads every file at start: a malformed one stops it there, by name.
    this.store = store ?? new ReplayStore(bundle).loadAll();
  }

  /** A loopback Host (a rebound name is refused) and the bearer token. */
  private admit(req: IncomingMessage): void {
    if (!isLoopbackHost(req.headers.host)) {
      throw new HttpError(
        403,
        'Forbidden',
        `the replay answers only requests to 127.0.0.1, localhost or [::1] (Host: ${JSON.stringify(req.headers.host ?? '')})`,
      );
    }
    const presented = /^Bearer[ \t]+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(presented);
    const b = Buffer.from(this.token);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new HttpError(401, 'Unauthorized', 'Unauthorized: use the kubeconfig triage replay wrote (--write-kubeconfig)');
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
      else if (error instanceof SelectorError || error instanceof BadContinueError || error instanceof ReviewError)
        sendJson(res, 400, statusBody(400, 'BadRequest', error.message));
      else sendJson(res, 500, statusBody(500, 'InternalError', `replay: ${(error as Error).message}`));
    }
  }

  private isReview(parts: string[]): boolean {
    return (
      parts.length === 4 &&
      parts[0] === 'apis' &&
      REVIEW_GROUPS.some((g) => g.group === parts[1] && g.version === parts[2] && g.resources.some((r) => r.name === parts[3]))
    );
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
      if (params.get('watch') === 'true' || params.get('watch') === '1') return serveWatch(type, query, params, res, signal, shift, this.clock);
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
    if (path.subresource === 'log' && type.plural === 'pods' && type.group === '')
      return serveLog(this.bundle.dir, object, params, res, signal, shift, this.clock);
    throw notFound('the server could not find the requested resource');
  }
}
