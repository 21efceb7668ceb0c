// The one way triage talks to a Kubernetes API, live or replayed: TLS, tokens and auth
// providers come from @kubernetes/client-node (the only module that imports it, loaded on
// first use); every request has a deadline. Read-only by construction: the only methods
// are GETs (discovery, list, logs, version) and the access-review POST.
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { STREAM_SOCKETS, type AccessReview, type ClusterProbe, type ClusterSource, type KubeList, type KubeObject, type PodLogOptions, type ServerVersion } from '../model/cluster';
import type { KubeTarget } from './access';
import { ExecCredentialCache, ExecPluginError } from './access-exec';
import { plainTransportOptions } from './plain-tls';
import { retriable, retryDelayMs, sleep } from '../retry';
import { CAPTURED_AT_HEADER, CLOCK_REQUEST_HEADER } from './replay/clock';

/** Deadline of one request (connect, headers and body). */

/** A reused keep-alive socket reset before the answer began: the request is safe to send again. */
class StaleSocket extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive socket');
  }
}

export const REQUEST_TIMEOUT_MS = 8_000;
/** Deadline of one call, however many requests it takes (pages, discovery). */
export const CALL_TIMEOUT_MS = 20_000;
const PAGE_SIZE = 500;
/** What a metadata-only list asks for (the API server's PartialObjectMetadataList). */
export const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
/** A log read without tailLines stops here rather than filling memory. */
const LOG_LIMIT_BYTES = 16 * 1024 * 1024;
/** Requests at once (lists, logs, discovery); follow streams have sockets of their own. */
const REQUEST_SOCKETS = 16;

/** Attempts of one request while the API answers 429 or 5xx. */
const MAX_ATTEMPTS = 5;
/** Tries of a read whose connection the server reset (see `text`). */
const RESET_ATTEMPTS = 3;
/** The first wait when the API gives no Retry-After; it doubles each time. */
const RETRY_BASE_MS = 200;
/** A Retry-After longer than this is not waited for: the error is reported instead. */
const MAX_RETRY_WAIT_MS = 10_000;
/** When each call's deadline passes, by the signal the call hands its requests. */
const callDeadlines = new WeakMap<AbortSignal, number>();

/** The API server could not be reached at all: nothing else this session asks will work. */
export class ClusterUnreachableError extends Error {
  /** The server closed the connection (ECONNRESET, EPIPE): it is there, and a read may be asked again. */
  constructor(message: string, readonly reset = false) {
    super(message);
  }
}

/** The API server answered with an error Status. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

// Schemas here are built on their first parse (z.lazy): importing this module builds none.
const statusSchema = z.lazy(() => z.looseObject({ kind: z.literal('Status'), message: z.string().optional(), reason: z.string().optional() }));
const versionSchema = z.lazy(() => z.looseObject({ gitVersion: z.string() }));
const listSchema = z.lazy(() => z.looseObject({
  kind: z.string(),
  items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })).nullable(),
  metadata: z.looseObject({ resourceVersion: z.string().optional(), continue: z.string().optional() }).optional(),
}));
const resourceListSchema = z.lazy(() => z.looseObject({
  groupVersion: z.string(),
  resources: z.array(z.looseObject({ name: z.string(), namespaced: z.boolean(), kind: z.string() })),
}));
const groupListSchema = z.lazy(() => z.looseObject({
  groups: z.array(z.looseObject({ name: z.string(), preferredVersion: z.looseObject({ groupVersion: z.string() }).optional(), versions: z.array(z.looseObject({ groupVersion: z.string() })) })),
}));
const accessReviewSchema = z.lazy(() => z.looseObject({ status: z.looseObject({ allowed: z.boolean(), reason: z.string().optional(), denied: z.boolean().optional() }).optional() }));

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EPROTO',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ResolvedResource {
  groupVersion: string;
  namespaced: boolean;
  kind: string;
}

interface Transport {
  agent: HttpAgent;
  /** For follow streams, which hold a socket as long as they follow. */
  streamAgent: HttpAgent;
  tls: Pick<RequestOptions & { ca?: unknown; cert?: unknown; key?: unknown; rejectUnauthorized?: boolean; servername?: string }, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
  headers: Record<string, string>;
  auth?: string;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** client-node's User, without `exec`: exec plugins run here, where they cannot prompt. */
function clientNodeUser(name: string, user: KubeTarget['user']) {
  return {
    name,
    token: user.token ?? undefined,
    username: user.username ?? undefined,
    password: user.password ?? undefined,
    certFile: user['client-certificate'] ?? undefined,
    certData: user['client-certificate-data'] ?? undefined,
    keyFile: user['client-key'] ?? undefined,
    keyData: user['client-key-data'] ?? undefined,
    impersonateUser: user.as ?? undefined,
    authProvider: user['auth-provider'] ?? undefined,
  };
}

export class LiveCluster implements ClusterSource {
  readonly description: string;
  readonly kubectlFlags: string[];
  private transport?: Promise<Transport>;
  private readonly exec?: ExecCredentialCache;
  private reachability?: Promise<ServerVersion | undefined>;
  private readonly discovery = new Map<string, Promise<unknown>>();
  /** The capture time a replay answered with (its Triage-Captured-At header). */
  private answeredCapturedAt?: string;

  constructor(
    readonly target: KubeTarget,
    env: Readonly<Record<string, string | undefined>>,
    /** A bundle's capture time, when this reaches a replay. */
    private readonly bundleCapturedAt?: string,
    description?: string,
  ) {
    this.description = description ?? `context ${target.contextName} (${target.cluster.server})`;
    this.kubectlFlags = target.kubectlFlags;
    if (target.user.exec) this.exec = new ExecCredentialCache(target.user.exec, target.cluster, env);
  }

  /**
   * The cluster's "now" when it is a bundle: given by the bundle, or learned from the first
   * answer of a `triage replay` reached through a kubeconfig. Undefined for a live cluster.
   */
  get capturedAt(): string | undefined {
    return this.bundleCapturedAt ?? this.answeredCapturedAt;
  }

  // --- transport -----------------------------------------------------------------------

  private async makeTransport(): Promise<Transport> {
    const { target } = this;
    const plain = plainTransportOptions(target);
    if (plain) {
      const agentOf = (maxSockets: number) => (target.cluster.server.startsWith('http:') ? new HttpAgent({ keepAlive: true, maxSockets }) : new HttpsAgent({ keepAlive: true, maxSockets, ...plain.tls }));
      return { agent: agentOf(REQUEST_SOCKETS), streamAgent: agentOf(STREAM_SOCKETS), tls: plain.tls, headers: plain.headers };
    }
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: target.clusterName,
          server: target.cluster.server,
          caFile: target.cluster['certificate-authority'] ?? undefined,
          caData: target.cluster['certificate-authority-data'] ?? undefined,
          skipTLSVerify: target.cluster['insecure-skip-tls-verify'] === true,
          tlsServerName: target.cluster['tls-server-name'] ?? undefined,
          proxyUrl: target.cluster['proxy-url'] ?? undefined,
        },
      ],
      users: [clientNodeUser(target.userName, target.user)],
      contexts: [{ name: target.contextName, cluster: target.clusterName, user: target.userName }],
      currentContext: target.contextName,
    });
    const opts: RequestOptions & Record<string, unknown> = {};
    await kc.applyToHTTPSOptions(opts);
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized as boolean | undefined, servername: opts.servername as string | undefined };
    const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const http = target.cluster.server.startsWith('http:');
    // A proxy needs client-node's agent (for streams too); otherwise keep-alive agents of our own.
    const agentOf = (maxSockets: number) =>
      target.cluster['proxy-url'] ? (opts.agent as HttpAgent) : http ? new HttpAgent({ keepAlive: true, maxSockets }) : new HttpsAgent({ keepAlive: true, maxSockets, ...(tls as object) });
    return { agent: agentOf(REQUEST_SOCKETS), streamAgent: agentOf(STREAM_SOCKETS), tls, headers, auth: opts.auth ?? undefined };
  }

  private async requestOptions(signal?: AbortSignal): Promise<{ transport: Transport; headers: Record<string, string>; tls: Transport['tls'] }> {
    this.transport ??= this.makeTransport();
    this.transport.catch(() => (this.transport = undefined));
    const transport = await this.transport;
    const headers: Record<string, string> = { ...transport.headers };
    let tls = transport.tls;
    const tokenFile = this.target.user.tokenFile;
    if (tokenFile && !this.target.user.token) headers.Authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`;
    if (this.exec) {
      const credential = await this.exec.get(signal);
      if (credential.token) headers.Authorization = `Bearer ${credential.token}`;
      if (credential.clientCertificateData) tls = { ...tls, cert: credential.clientCertificateData, key: credential.clientKeyData ?? undefined };
    }
    return { transport, headers, tls };
  }

  private unreachable(error: unknown, timedOut: boolean): Error {
    const where = `(context ${this.target.contextName})`;
    if (timedOut) return new ClusterUnreachableError(`cluster unreachable: no answer from ${this.target.cluster.server} within ${REQUEST_TIMEOUT_MS / 1000}s ${where}`);
    const e = error as NodeJS.ErrnoException;
    if (e instanceof ExecPluginError) return new ClusterUnreachableError(`cluster unreachable: ${e.message} ${where}`);
    if (e && typeof e.code === 'string' && NETWORK_CODES.has(e.code))
      return new ClusterUnreachableError(`cluster unreachable: ${e.message} ${where}`, !timedOut && (e.code === 'ECONNRESET' || e.code === 'EPIPE'));
    return e instanceof Error ? e : new Error(String(e));
  }

  /**
   * One request; resolves when the headers arrive. The deadline covers connect and headers;
   * `bodyDeadline` keeps it running while the caller reads the body.
   */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    init: { accept?: string; body?: string; signal?: AbortSignal; streaming?: boolean; follow?: boolean },
  ): Promise<{ res: IncomingMessage; done: () => void; timedOut: () => boolean }> {
    // Credentials first (an exec plugin has its own deadline), then the request's.
    let options: Awaited<ReturnType<LiveCluster['requestOptions']>>;
    try {
      options = await this.requestOptions(init.signal);
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      throw this.unreachable(error, false);
    }
    const { transport, headers, tls } = options;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    const done = () => clearTimeout(timer);
    try {
      // Appended, not resolved: a server URL may carry a path prefix (a proxy's).
      const url = new URL(`${this.target.cluster.server.replace(/\/+$/, '')}${path}`);
      const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
      // A keep-alive socket the server closed just as it was reused answers ECONNRESET before
      // any byte (Node's documented race); that request never reached the server, so it is sent
      // again once on a fresh socket. A reset on a new socket is the server's answer and stays.
      const sendOnce = () => new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(url, {
          method,
          agent: tls !== transport.tls ? undefined : init.follow ? transport.streamAgent : transport.agent,
          ...(tls as object),
          auth: transport.auth,
          signal,
          headers: {
            ...headers,
            Accept: init.accept ?? 'application/json',
            'User-Agent': 'triage (read-only)',
            // A replay would move its times for kubectl's clock; triage reads the bundle's own.
            [CLOCK_REQUEST_HEADER]: 'captured',
            ...(init.body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(init.body)) } : {}),
          },
        });
        req.on('response', (answer: IncomingMessage) => {
          const captured = answer.headers[CAPTURED_AT_HEADER];
          if (typeof captured === 'string' && !this.answeredCapturedAt && Number.isFinite(Date.parse(captured))) this.answeredCapturedAt = captured;
          resolve(answer);
        });
        req.on('error', (error: NodeJS.ErrnoException) => reject(req.reusedSocket && !signal.aborted && (error.code === 'ECONNRESET' || error.code === 'EPIPE') ? new StaleSocket(error) : error));
        req.end(init.body);
      });
      const res = await sendOnce().catch((error: unknown) => {
        if (error instanceof StaleSocket) return sendOnce();
        throw error;
      }).catch((error: unknown) => {
        throw error instanceof StaleSocket ? error.cause : error;
      });
      if (init.streaming) done();
      return { res, done, timedOut: () => timeout.signal.aborted };
    } catch (error) {
      done();
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      throw this.unreachable(error, timeout.signal.aborted);
    }
  }

  private async readBody(res: IncomingMessage, done: () => void, timedOut: () => boolean, signal?: AbortSignal): Promise<string> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (timedOut()) throw new Error(`${this.description}: answer not complete within ${REQUEST_TIMEOUT_MS / 1000}s`, { cause: error });
      throw this.unreachable(error, false);
    } finally {
      done();
    }
  }

  private apiError(code: number, body: string, path: string): KubeApiError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const status = statusSchema.safeParse(parsed);
    const message = status.success && status.data.message ? status.data.message : `${body.trim().slice(0, 200) || 'no body'} (GET ${path})`;
    return new KubeApiError(code, status.success ? (status.data.reason ?? '') : '', `${message} (HTTP ${code})`);
  }

  /**
   * One answer, retried while the API says "try again" (429, 5xx) within the call's deadline:
   * Retry-After is honoured, else the wait doubles. Every request triage sends is a read, so
   * repeating one is safe (the access review is a question, not a write).
   */
  private async answer(
    method: 'GET' | 'POST',
    path: string,
    init: { body?: string; signal?: AbortSignal; accept?: string; streaming?: boolean; follow?: boolean; retry?: boolean },
  ): Promise<{ res: IncomingMessage; done: () => void; timedOut: () => boolean }> {
    const deadlineAt = init.signal ? callDeadlines.get(init.signal) : undefined;
    for (let attempt = 1; ; attempt++) {
      const sent = await this.send(method, path, init);
      const code = sent.res.statusCode ?? 0;
      if (init.retry !== false && attempt < MAX_ATTEMPTS && retriable(code, 'GET')) {
        const wait = retryDelayMs(attempt, RETRY_BASE_MS, sent.res.headers['retry-after']);
        if (wait <= MAX_RETRY_WAIT_MS && (deadlineAt === undefined || Date.now() + wait < deadlineAt)) {
          sent.res.resume();
          sent.done();
          await sleep(wait, init.signal);
          continue;
        }
      }
      return sent;
    }
  }

  /**
   * A connection the server reset (before or during the answer) is asked again, with a short
   * doubling wait, within the call's deadline: every request triage sends is a read, and a
   * loaded API server (or the in-process replay on a busy machine) drops connections now and
   * then. client-go retries GETs on "connection reset by peer" for the same reason. This is
   * apart from `retry: false`, which only says a 5xx is an answer.
   */
  private async text(method: 'GET' | 'POST', path: string, init: { body?: string; signal?: AbortSignal; accept?: string; retry?: boolean } = {}): Promise<string> {
    const deadlineAt = init.signal ? callDeadlines.get(init.signal) : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const { res, done, timedOut } = await this.answer(method, path, init);
        const body = await this.readBody(res, done, timedOut, init.signal);
        if ((res.statusCode ?? 0) >= 400) throw this.apiError(res.statusCode ?? 0, body, path);
        return body;
      } catch (error) {
        const wait = RETRY_BASE_MS * 2 ** (attempt - 1);
        const again = error instanceof ClusterUnreachableError && error.reset && attempt < RESET_ATTEMPTS && !init.signal?.aborted;
        if (!again || (deadlineAt !== undefined && Date.now() + wait >= deadlineAt)) throw error;
        await sleep(wait, init.signal);
      }
    }
  }

  private async json<S extends z.ZodType>(path: string, schema: S, init: { body?: string; signal?: AbortSignal; accept?: string; retry?: boolean } = {}): Promise<z.infer<S>> {
    const body = await this.text(init.body ? 'POST' : 'GET', path, init);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error(`${this.description}: ${path} did not answer JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw new Error(`${this.description}: unexpected answer from ${path}: ${result.error.issues[0]!.message} at ${result.error.issues[0]!.path.join('.')}`);
    return result.data;
  }

  /** A whole call (pages, discovery) under one deadline, on top of each request's own. */
  private async call<T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const overall = AbortSignal.timeout(CALL_TIMEOUT_MS);
    const combined = signal ? AbortSignal.any([signal, overall]) : overall;
    callDeadlines.set(combined, Date.now() + CALL_TIMEOUT_MS);
    await this.ensureReachable();
    try {
      return await work(combined);
    } catch (error) {
      if (overall.aborted && !signal?.aborted) throw new Error(`${this.description}: no complete answer within ${CALL_TIMEOUT_MS / 1000}s`, { cause: error });
      throw error;
    }
  }

  // --- reachability --------------------------------------------------------------------

  /**
   * Asks `/version` once. A cluster that cannot be reached is remembered, so every later
   * call fails at once with the same message instead of waiting out its own deadline.
   */
  private ensureReachable(): Promise<ServerVersion | undefined> {
    // Any answer, even a 503, says the server is there: no retry is needed to know that.
    this.reachability ??= this.json('/version', versionSchema, { retry: false }).catch((error: unknown) => {
      if (error instanceof ClusterUnreachableError) throw error;
      // The server answered (perhaps 401/403 on /version): it is reachable.
      return undefined;
    });
    return this.reachability;
  }

  /** Whether the cluster answers, for reporting it once per walk. Never throws. */
  async probe(): Promise<ClusterProbe> {
    try {
      const serverVersion = await this.ensureReachable();
      return { reachable: true, description: this.description, serverVersion };
    } catch (error) {
      return { reachable: false, description: this.description, error: (error as Error).message };
    }
  }

  // --- discovery -----------------------------------------------------------------------

  private discover<S extends z.ZodType>(path: string, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    let pending = this.discovery.get(path) as Promise<z.infer<S>> | undefined;
    if (!pending) {
      pending = this.json(path, schema, { signal });
      this.discovery.set(path, pending);
      pending.catch(() => this.discovery.delete(path));
    }
    return pending;
  }

  private async resolve(plural: string, group: string, signal: AbortSignal): Promise<ResolvedResource> {
    let groupVersion = 'v1';
    if (group) {
      const groups = await this.discover('/apis', groupListSchema, signal);
      const found = groups.groups.find((g) => g.name === group);
      const preferred = found?.preferredVersion?.groupVersion ?? found?.versions[0]?.groupVersion;
      if (!preferred) throw new KubeApiError(404, 'NotFound', `the server doesn't have API group "${group}"`);
      groupVersion = preferred;
    }
    const list = await this.discover(group ? `/apis/${groupVersion}` : '/api/v1', resourceListSchema, signal);
    const resource = list.resources.find((r) => r.name === plural);
    if (!resource) throw new KubeApiError(404, 'NotFound', `the server doesn't have a resource type "${plural}"${group ? ` in group "${group}"` : ''}`);
    return { groupVersion, namespaced: resource.namespaced, kind: resource.kind };
  }

  private collectionPath(resource: ResolvedResource, plural: string, namespace?: string): string {
    const prefix = resource.groupVersion.includes('/') ? `/apis/${resource.groupVersion}` : `/api/${resource.groupVersion}`;
    return `${prefix}${resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;
  }

  // --- ClusterSource -------------------------------------------------------------------

  /** Every page of a list, as `kubectl get -o json` prints it: kind `List`, items with apiVersion and kind. */
  list(plural: string, group: string, namespace?: string, labelSelector?: string, signal?: AbortSignal): Promise<KubeList> {
    return this.call(async (deadline) => {
      const resource = await this.resolve(plural, group, deadline);
      const path = this.collectionPath(resource, plural, namespace);
      const items: KubeObject[] = [];
      let resourceVersion: string | undefined;
      let next: string | undefined;
      do {
        const page = await this.json(`${path}${query({ labelSelector, limit: PAGE_SIZE, continue: next })}`, listSchema, { signal: deadline });
        resourceVersion ??= page.metadata?.resourceVersion;
        for (const item of page.items ?? []) items.push({ apiVersion: resource.groupVersion, kind: resource.kind, ...(item as KubeObject) });
        next = page.metadata?.continue || undefined;
      } while (next);
      return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: resourceVersion ?? '' } };
    }, signal);
  }

  /**
   * Every page of a list as metadata only (PartialObjectMetadataList): the server sends names,
   * labels and annotations, never `data` or `spec`, so a Secret's values never cross the wire.
   * No plain-JSON fallback is offered: a server that cannot answer so answers 406, and the
   * list fails rather than carrying the values.
   */
  listMetadata(plural: string, group: string, namespace?: string, signal?: AbortSignal): Promise<KubeList> {
    return this.call(async (deadline) => {
      const resource = await this.resolve(plural, group, deadline);
      const path = this.collectionPath(resource, plural, namespace);
      const items: KubeObject[] = [];
      let resourceVersion: string | undefined;
      let next: string | undefined;
      do {
        const page = await this.json(`${path}${query({ limit: PAGE_SIZE, continue: next })}`, listSchema, { signal: deadline, accept: METADATA_LIST_ACCEPT });
        if (page.kind !== 'PartialObjectMetadataList') throw new Error(`${this.description}: asked ${path} for metadata only and got a ${page.kind}`);
        resourceVersion ??= page.metadata?.resourceVersion;
        for (const item of page.items ?? []) items.push({ apiVersion: resource.groupVersion, kind: resource.kind, metadata: (item as KubeObject).metadata });
        next = page.metadata?.continue || undefined;
      } while (next);
      return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: resourceVersion ?? '' } };
    }, signal);
  }

  private logPath(namespace: string, pod: string, options: PodLogOptions & { follow?: boolean; limitBytes?: number }): string {
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log${query({
      container: options.container,
      previous: options.previous,
      timestamps: options.timestamps ?? true,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceTime ? undefined : options.sinceSeconds,
      sinceTime: options.sinceTime,
      limitBytes: options.limitBytes,
      follow: options.follow,
    })}`;
  }

  podLog(namespace: string, pod: string, options: PodLogOptions, signal?: AbortSignal): Promise<string> {
    return this.call(
      (deadline) =>
        this.text('GET', this.logPath(namespace, pod, { ...options, limitBytes: options.tailLines === undefined ? LOG_LIMIT_BYTES : undefined }), {
          signal: deadline,
          accept: 'text/plain, */*',
        }),
      signal,
    );
  }

  /**
   * A container's log as a stream, for capture: the body is never held in memory. The
   * request deadline covers the headers only; `signal` bounds the rest.
   */
  async podLogStream(namespace: string, pod: string, options: PodLogOptions & { follow?: boolean }, signal: AbortSignal): Promise<IncomingMessage> {
    await this.ensureReachable();
    const path = this.logPath(namespace, pod, options);
    const { res } = await this.answer('GET', path, { signal, streaming: true, follow: options.follow, accept: 'text/plain, */*' });
    if ((res.statusCode ?? 0) >= 400) {
      const body = await this.readBody(res, () => {}, () => false, signal);
      throw this.apiError(res.statusCode ?? 0, body, path);
    }
    return res;
  }

  async followLog(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const res = await this.podLogStream(namespace, pod, { ...options, follow: true }, signal);
    res.setEncoding('utf8');
    try {
      for await (const chunk of res) onChunk(chunk as string);
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }

  canI(verb: string, resource: string, group?: string, namespace?: string, signal?: AbortSignal): Promise<AccessReview> {
    return this.call(async (deadline) => {
      // `pods/log` is resource `pods` with subresource `log`, as kubectl auth can-i sends it.
      const [base, subresource] = resource.split('/', 2);
      const review = {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { verb, resource: base, ...(subresource ? { subresource } : {}), group: group ?? '', ...(namespace ? { namespace } : {}) },
        },
      };
      // The one POST: a question about permissions, never a write.
      const answer = await this.json('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', accessReviewSchema, { body: JSON.stringify(review), signal: deadline });
      return { allowed: answer.status?.allowed ?? false, ...(answer.status?.reason ? { reason: answer.status.reason } : {}) };
    }, signal);
  }

  async serverVersion(): Promise<ServerVersion> {
    const known = await this.ensureReachable();
    if (known) return known;
    return this.call((deadline) => this.json('/version', versionSchema, { signal: deadline }));
  }

  /** Closes every socket, follow streams' included, so none keeps the process alive; a later call opens new ones. */
  async close(): Promise<void> {
    const transport = await this.transport?.catch(() => undefined);
    this.transport = undefined;
    transport?.agent.destroy();
    transport?.streamAgent.destroy();
  }

  /** The replay and capture code use the same client; this is it. */
  async client(): Promise<LiveCluster> {
    return this;
  }
}
