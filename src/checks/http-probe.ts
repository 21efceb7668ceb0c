// One HTTP request with a timing breakdown, shared by the http check kind and the
// plan's built-in HTTP checks (health endpoints, deployed build SHA).
import { formatDuration } from '../model/duration';
import { shellQuote } from './shell';
import { retriable, retryDelayMs, sleep } from '../retry';
import { nodeHttp, nodeHttps } from '../node-http';

export interface HttpHeaderValue {
  name: string;
  value: string;
}

export interface HttpRequest {
  method: string;
  url: string;
  /** Resolved values: they go on the wire and nowhere else. */
  headers: HttpHeaderValue[];
  body?: string;
}

export interface HttpTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

type HttpFailureKind = 'refused' | 'dns' | 'connect-timeout' | 'no-response' | 'reset' | 'tls' | 'unreachable' | 'other';

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType?: string;
  /** The Retry-After header, when the server sent one. */
  retryAfter?: string;
  body: string;
  bytes: number;
  /** The body was longer than we keep. */
  truncated: boolean;
}

interface Attempt {
  response?: HttpResponse;
  failure?: { kind: HttpFailureKind; reason: string };
  timings: HttpTimings;
}

export interface HttpProbe extends Attempt {
  /** The first connect timed out and the request was tried once more. */
  retried: boolean;
  /** The connect timeout of the first attempt, when it was retried. */
  firstConnectTimeoutMs?: number;
  /** Answers that said "try again" (429, 5xx) before this one, and how long each was waited out. */
  transient: { status: number; waitedMs: number; retryAfter?: string }[];
}

export interface ProbeOptions {
  signal: AbortSignal;
  connectTimeoutMs: number;
  /** The whole probe, retry included, ends by then with a `no-response` or `connect-timeout` failure. */
  deadlineMs: number;
  /** Statuses the caller expects: those are answers, never retried. */
  expectStatus?: readonly number[];
}

/** Attempts while the endpoint answers 429 or 5xx, and the first wait when it gives no Retry-After. */
const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 200;

const BODY_LIMIT = 1024 * 1024;

/** Why a request failed, in words; the code stays in brackets for searching. */
function classify(error: NodeJS.ErrnoException, url: URL): { kind: HttpFailureKind; reason: string } {
  const code = error.code ?? '';
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (code === 'ECONNREFUSED') return { kind: 'refused', reason: `connection refused: nothing listens on ${where}` };
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME'].includes(code)) {
    return { kind: 'dns', reason: `DNS lookup failed for ${url.hostname} (${code})` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'reset', reason: `connection closed by ${where} without a response (${code})` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'unreachable', reason: `${where} unreachable (${code})` };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate|ssl|tls/i.test(error.message)) {
    return { kind: 'tls', reason: `TLS handshake with ${where} failed: ${error.message}` };
  }
  return { kind: 'other', reason: `${error.message}${code ? ` (${code})` : ''}` };
}

function attempt(request: HttpRequest, signal: AbortSignal, connectTimeoutMs: number, deadlineAt: number): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const client = url.protocol === 'https:' ? nodeHttps() : nodeHttp();
    const started = performance.now();
    const marks: { lookup?: number; connect?: number; secure?: number; response?: number } = {};
    const headers: Record<string, string | number> = {};
    for (const h of request.headers) headers[h.name] = h.value;
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);

    const timings = (): HttpTimings => {
      const end = performance.now();
      const since = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? undefined : Math.round(to - from));
      const connected = marks.secure ?? marks.connect;
      return {
        dnsMs: since(started, marks.lookup),
        connectMs: since(marks.lookup ?? started, marks.connect),
        tlsMs: since(marks.connect, marks.secure),
        firstByteMs: since(connected, marks.response),
        totalMs: Math.round(end - started),
      };
    };

    // A fresh socket per request (agent: false), so DNS, connect and TLS are measured, not reused.
    const req = client.request(url, { method: request.method, headers, agent: false });
    let settled = false;
    const settle = (outcome: Omit<Attempt, 'timings'>) => {
      if (settled) return;
      settled = true;
      const result = { ...outcome, timings: timings() };
      cleanup();
      resolve(result);
    };
    const onAbort = () => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(signal.reason ?? new Error('aborted'));
    };
    const connectTimer = setTimeout(() => {
      if (marks.connect === undefined) {
        settle({ failure: { kind: 'connect-timeout', reason: `connect to ${url.host} timed out after ${formatDuration(connectTimeoutMs)}` } });
      }
    }, connectTimeoutMs);
    const deadlineTimer = setTimeout(
      () => {
        const waited = formatDuration(performance.now() - started);
        if (marks.connect === undefined) {
          settle({ failure: { kind: 'connect-timeout', reason: `connect to ${url.host} timed out after ${waited}` } });
        } else if (marks.response === undefined) {
          settle({ failure: { kind: 'no-response', reason: `connected, but no response within ${waited}` } });
        } else {
          settle({ failure: { kind: 'no-response', reason: `response headers arrived, but the body did not finish within ${waited}` } });
        }
      },
      Math.max(0, deadlineAt - started),
    );
    function cleanup() {
      clearTimeout(connectTimer);
      clearTimeout(deadlineTimer);
      signal.removeEventListener('abort', onAbort);
      req.destroy();
    }
    // Before any early return: destroying a request that has no 'error' listener yet throws
    // "socket hang up" from the event loop (a quit during a walk did exactly that).
    req.on('error', (error) => settle({ failure: classify(error, url) }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket) => {
      socket.once('lookup', () => (marks.lookup ??= performance.now()));
      socket.once('connect', () => (marks.connect ??= performance.now()));
      socket.once('secureConnect', () => (marks.secure ??= performance.now()));
    });
    req.on('response', (res) => {
      marks.response = performance.now();
      const chunks: Buffer[] = [];
      let bytes = 0;
      const done = (truncated: boolean) => {
        const contentType = res.headers['content-type'];
        const retryAfter = res.headers['retry-after'];
        settle({
          response: {
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            ...(contentType ? { contentType } : {}),
            ...(retryAfter ? { retryAfter } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
            bytes,
            truncated,
          },
        });
      };
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        chunks.push(chunk);
        if (bytes >= BODY_LIMIT) done(true);
      });
      res.on('end', () => done(false));
      res.on('error', (error) => settle({ failure: classify(error, url) }));
    });
    req.end(request.body);
  });
}

/**
 * Send one request. When the first connect times out, try once more: a cold first
 * connection (ARP, a bonded or virtual interface warming up) is a known false alarm.
 * Rejects only when `signal` aborts; every other failure is data.
 */
async function connectOnceMore(request: HttpRequest, options: ProbeOptions, deadlineAt: number): Promise<Omit<HttpProbe, 'transient'>> {
  const first = await attempt(request, options.signal, options.connectTimeoutMs, deadlineAt);
  const left = deadlineAt - performance.now();
  if (first.failure?.kind !== 'connect-timeout' || left <= 0) return { ...first, retried: false };
  const second = await attempt(request, options.signal, Math.min(options.connectTimeoutMs, left), deadlineAt);
  return { ...second, retried: true, firstConnectTimeoutMs: options.connectTimeoutMs };
}

/**
 * Send a request; an answer that says "try again" (429, and 5xx for methods safe to repeat)
 * is retried with backoff, honouring Retry-After, while the wait leaves time for another
 * answer before the deadline. The last answer is the result; the retried ones are listed.
 */
export async function probeHttp(request: HttpRequest, options: ProbeOptions): Promise<HttpProbe> {
  const deadlineAt = performance.now() + options.deadlineMs;
  const transient: HttpProbe['transient'] = [];
  for (let n = 1; ; n++) {
    const probe = await connectOnceMore(request, options, deadlineAt);
    const r = probe.response;
    if (!r || n >= MAX_ATTEMPTS || options.expectStatus?.includes(r.status) || !retriable(r.status, request.method)) return { ...probe, transient };
    const waitMs = retryDelayMs(n, RETRY_BASE_MS, r.retryAfter);
    // Waiting must leave room for the next answer (as long as this one took) before the deadline.
    if (performance.now() + waitMs + probe.timings.totalMs >= deadlineAt) return { ...probe, transient };
    transient.push({ status: r.status, waitedMs: waitMs, ...(r.retryAfter ? { retryAfter: r.retryAfter } : {}) });
    await sleep(waitMs, options.signal);
  }
}

/** The URL as shown to people: a password in it is replaced. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:<redacted>@');
}

/** A header as the replay shows it: from the person's environment, or hidden. Values never appear. */
export type ReplayHeader = { name: string; fromEnv?: string };

/** The equivalent curl line. Header values are never written: `$VAR` for env-sourced ones, `<redacted>` otherwise. */
export function curlLine(method: string, url: string, headers: readonly ReplayHeader[], body: string | undefined, maxTimeMs: number): string {
  const parts = ['curl', '-sS'];
  // `-X HEAD` makes curl wait for a body that never comes; -I is the HEAD request.
  parts.push(...(method === 'HEAD' ? ['-I'] : ['-i', '-X', method]));
  for (const h of headers) {
    // Double quotes so the shell expands the variable; header names are plain tokens.
    parts.push('-H', h.fromEnv ? `"${h.name}: $${h.fromEnv}"` : shellQuote(`${h.name}: <redacted>`));
  }
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  parts.push('--max-time', String(Math.max(1, Math.ceil(maxTimeMs / 1000))));
  parts.push(shellQuote(displayUrl(url)));
  return parts.join(' ');
}

const dash = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));

/** `dns 1ms · connect 0ms · tls — · first byte 10ms · total 12ms` */
export function describeTimings(t: HttpTimings): string {
  return `dns ${dash(t.dnsMs)} · connect ${dash(t.connectMs)} · tls ${dash(t.tlsMs)} · first byte ${dash(t.firstByteMs)} · total ${formatDuration(t.totalMs)}`;
}

/** The start of a body on one line, for evidence. */
export function bodyExcerpt(body: string, max = 240): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
