// One request to a Kubernetes API and its answer: credentials, the request's deadline, the
// retries (429/5xx with Retry-After, reset connections) within the call's deadline, and the
// answer read as text or checked JSON. Read-only by construction: GETs and the one
// access-review POST. Deadlines, retries and paging are hand-written rather than client-node's:
// its generated client (1.3) sends through node-fetch with no signal and no timeout, so a
// silent API server would hold a check past its deadline.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { KubeTarget } from './kubeconfig';
import { ExecCredentialCache, ExecPluginError } from './access-exec';
import { ClusterUnreachableError, KubeApiError } from './api-errors';
import { credentials, makeTransport, type Transport } from './transport';
import { retriable, retryDelayMs, sleep } from '../retry';
import { CAPTURED_AT_HEADER, CLOCK_REQUEST_HEADER } from './replay/clock';
import { nodeHttp, nodeHttps } from '../node-http';

/** A reused keep-alive socket reset before the answer began: the request is safe to send again. */
class StaleSocket extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive socket');
  }
}

/** Deadline of one request (connect, headers and body) unless `--request-timeout` gives another. */
const REQUEST_TIMEOUT_MS = 8_000;
/** Deadline of one call, however many requests it takes (pages, discovery). */
const CALL_TIMEOUT_MS = 20_000;
/**
 * Attempts of one request while the API answers 429 or 5xx, within the call's deadline:
 * client-go's own limit. Five were too few for an API shedding three requests in ten while
 * a walk's checks ask at once (a request could meet five refusals in a row).
 */
const MAX_ATTEMPTS = 10;
/** Tries of a read whose connection the server reset (see `text`). */
const RESET_ATTEMPTS = 3;
/** The first wait when the API gives no Retry-After; it doubles each time. */
const RETRY_BASE_MS = 200;
/** A Retry-After longer than this is not waited for: the error is reported instead. */
const MAX_RETRY_WAIT_MS = 10_000;
/** When each call's deadline passes, by the signal the call hands its requests. */
const callDeadlines = new WeakMap<AbortSignal, number>();

/**
 * A signal for one whole call (pages, discovery): `signal`, or the call's deadline passing
 * (`ms`, 0: none), aborts it.
 */
export function callSignal(signal?: AbortSignal, ms = CALL_TIMEOUT_MS): { combined: AbortSignal; overall: AbortSignal } {
  const overall = ms > 0 ? AbortSignal.timeout(ms) : new AbortController().signal;
  const combined = signal ? AbortSignal.any([signal, overall]) : overall;
  if (ms > 0) callDeadlines.set(combined, Date.now() + ms);
  return { combined, overall };
}

// Built on its first parse (z.lazy): importing this module builds none.
const statusSchema = z.lazy(() => z.looseObject({ kind: z.literal('Status'), message: z.string().optional(), reason: z.string().optional() }));

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type CallInit = { body?: string; signal?: AbortSignal; accept?: string; retry?: boolean };

export class ApiConnection {
  private transport?: Promise<Transport>;
  private readonly exec?: ExecCredentialCache;
  /** The capture time a replay answered with (its Triage-Captured-At header). */
  answeredCapturedAt?: string;
  /** One request's deadline, ms (0: none); `--request-timeout`, as kubectl's. */
  readonly requestTimeoutMs: number;
  /** One call's deadline, however many requests: at least the request's (0: none). */
  readonly callTimeoutMs: number;

  constructor(
    readonly target: KubeTarget,
    env: Readonly<Record<string, string | undefined>>,
    readonly description: string,
  ) {
    if (target.user.exec) this.exec = new ExecCredentialCache(target.user.exec, target.cluster, env);
    this.requestTimeoutMs = target.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.callTimeoutMs = this.requestTimeoutMs === 0 ? 0 : Math.max(CALL_TIMEOUT_MS, this.requestTimeoutMs);
  }

  private async requestOptions(signal?: AbortSignal): Promise<{ transport: Transport; headers: Record<string, string>; tls: Transport['tls'] }> {
    this.transport ??= makeTransport(this.target);
    this.transport.catch(() => (this.transport = undefined));
    const transport = await this.transport;
    return { transport, ...(await credentials(transport, this.target, this.exec, signal)) };
  }

  private unreachable(error: unknown, timedOut: boolean): Error {
    const where = `(context ${this.target.contextName})`;
    if (timedOut)
      return new ClusterUnreachableError(`cluster unreachable: no answer from ${this.target.cluster.server} within ${this.requestTimeoutMs / 1000}s ${where}`);
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
    let options: Awaited<ReturnType<ApiConnection['requestOptions']>>;
    try {
      options = await this.requestOptions(init.signal);
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      throw this.unreachable(error, false);
    }
    const { transport, headers, tls } = options;
    const timeout = new AbortController();
    const timer = this.requestTimeoutMs > 0 ? setTimeout(() => timeout.abort(), this.requestTimeoutMs) : undefined;
    const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    const done = () => clearTimeout(timer);
    try {
      // Appended, not resolved: a server URL may carry a path prefix (a proxy's).
      const url = new URL(`${this.target.cluster.server.replace(/\/+$/, '')}${path}`);
      const request = url.protocol === 'http:' ? nodeHttp().request : nodeHttps().request;
      // A keep-alive socket the server closed just as it was reused answers ECONNRESET before
      // any byte (Node's documented race); that request never reached the server, so it is sent
      // again once on a fresh socket. A reset on a new socket is the server's answer and stays.
      const sendOnce = () =>
        new Promise<IncomingMessage>((resolve, reject) => {
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
          req.on('error', (error: NodeJS.ErrnoException) =>
            reject(req.reusedSocket && !signal.aborted && (error.code === 'ECONNRESET' || error.code === 'EPIPE') ? new StaleSocket(error) : error),
          );
          req.end(init.body);
        });
      const res = await sendOnce()
        .catch((error: unknown) => {
          if (error instanceof StaleSocket) return sendOnce();
          throw error;
        })
        .catch((error: unknown) => {
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

  async readBody(res: IncomingMessage, done: () => void, timedOut: () => boolean, signal?: AbortSignal): Promise<string> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (timedOut()) throw new Error(`${this.description}: answer not complete within ${this.requestTimeoutMs / 1000}s`, { cause: error });
      throw this.unreachable(error, false);
    } finally {
      done();
    }
  }

  apiError(code: number, body: string, path: string): KubeApiError {
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
  async answer(
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
  async text(method: 'GET' | 'POST', path: string, init: CallInit = {}): Promise<string> {
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

  async json<S extends z.ZodType>(path: string, schema: S, init: CallInit = {}): Promise<z.infer<S>> {
    const body = await this.text(init.body ? 'POST' : 'GET', path, init);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error(`${this.description}: ${path} did not answer JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success)
      throw new Error(`${this.description}: unexpected answer from ${path}: ${result.error.issues[0]!.message} at ${result.error.issues[0]!.path.join('.')}`);
    return result.data;
  }

  /** Closes every socket, follow streams' included, so none keeps the process alive; a later call opens new ones. */
  async close(): Promise<void> {
    const transport = await this.transport?.catch(() => undefined);
    this.transport = undefined;
    transport?.agent.destroy();
    transport?.streamAgent.destroy();
  }
}
