import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestSpec } from '../../trackers/types';
import { clipRedacted, redactKnown, redactorFor } from '../../redact/redact';

// Sending one tracker request: a deadline per attempt, 429 and 5xx retried with
// exponential backoff (Retry-After honoured, bounded), clear messages for the rest.

export class ExportError extends Error {
  constructor(
    message: string,
    /** `refused`: the tracker answered no (token, permissions, repo); `unreachable`: it could not be reached or kept failing. */
    readonly kind: 'refused' | 'unreachable',
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface SendOptions {
  tracker: string;
  repo: string;
  apiUrl: string;
  /** Auth and tracker headers. */
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Deadline of one attempt. */
  timeoutMs?: number;
  attempts?: number;
  /** First backoff; doubles per retry. */
  backoffMs?: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxWaitMs?: number;
  /** Told before each retry (the CLI prints it). */
  onRetry?: (message: string) => void;
  /** Values never to repeat in a message (the token): a tracker's error body may echo them. */
  secrets?: readonly string[];
}

export function requestUrl(apiUrl: string, path: string): string {
  return `${apiUrl.replace(/\/+$/, '')}${path}`;
}

/** Seconds or an HTTP date, as milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What the tracker said, safe to print: the token and any secret removed, controls stripped, then cut. */
function trackerMessage(text: string, secrets: readonly string[] = []): string {
  const clean = (t: string) => redactorFor()(redactKnown(t, secrets));
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
    const parts = [body.message, body.error].filter((p) => typeof p === 'string' || (p && typeof p === 'object'));
    if (parts.length > 0) return clipRedacted(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('; '), 300, clean);
  } catch {
    // Not JSON: an HTML error page or plain text; a short excerpt says enough.
  }
  return clipRedacted(text, 200, (t) => clean(t).replace(/\s+/g, ' ').trim());
}

function refusal(status: number, statusText: string, options: SendOptions, detail: string): ExportError {
  const said = detail ? ` (${options.tracker} says: ${detail})` : '';
  switch (status) {
    case 401:
      return new ExportError(`${options.tracker} rejected the token: 401 Unauthorized${said}. The token is missing, expired or revoked.`, 'refused');
    case 403:
      return new ExportError(
        `${options.tracker} refused: 403 Forbidden${said}. The token cannot write issues or comments in ${options.repo}; it needs the issues (write) or api scope.`,
        'refused',
      );
    case 404:
      return new ExportError(
        `${options.tracker} answered 404 Not Found for ${options.repo}${said}. Check --repo, --issue and --api-url; a private repository also answers 404 to a token that cannot see it.`,
        'refused',
      );
    default:
      return new ExportError(`${options.tracker} refused the request: ${status} ${statusText}${said}.`, 'refused');
  }
}

function retryable(response: Response): boolean {
  if (response.status === 429 || response.status >= 500) return true;
  // GitHub's secondary rate limits answer 403 with Retry-After or an exhausted quota.
  return response.status === 403 && (response.headers.has('retry-after') || response.headers.get('x-ratelimit-remaining') === '0');
}

/** Send one request; resolves to the parsed response body. */
export async function send<T>(spec: RequestSpec<T>, options: SendOptions): Promise<T> {
  const url = requestUrl(options.apiUrl, spec.path);
  const attempts = options.attempts ?? 4;
  const maxWait = options.maxWaitMs ?? 30_000;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const deadline = AbortSignal.timeout(options.timeoutMs ?? 15_000);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let wait: number | undefined;
    try {
      const response = await fetch(url, {
        method: spec.method,
        headers: { ...options.headers, ...(spec.body ? { 'Content-Type': 'application/json' } : {}), 'User-Agent': 'triage' },
        body: spec.body ? JSON.stringify(spec.body) : undefined,
        signal,
        redirect: 'error',
      });
      const text = await response.text();
      if (response.ok) {
        let json: unknown = null;
        try {
          json = text === '' ? null : JSON.parse(text);
        } catch {
          throw new ExportError(`${options.tracker} answered ${spec.method} ${url} with a body that is not JSON`, 'refused');
        }
        const parsed = spec.response.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new ExportError(
            `${options.tracker} answered ${spec.method} ${url} without ${issue.path.join('.') || 'the expected body'}: ${issue.message}`,
            'refused',
          );
        }
        return parsed.data;
      }
      if (!retryable(response)) throw refusal(response.status, response.statusText, options, trackerMessage(text, options.secrets));
      last = `${response.status} ${response.statusText}${text ? ` (${trackerMessage(text, options.secrets)})` : ''}`;
      wait = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof ExportError) throw error;
      if (options.signal?.aborted) throw error;
      last = deadline.aborted
        ? `no answer within ${options.timeoutMs ?? 15_000} ms`
        : `${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ''}`;
    }
    if (attempt === attempts) break;
    const delay = Math.min(maxWait, wait ?? (options.backoffMs ?? 500) * 2 ** (attempt - 1));
    options.onRetry?.(
      `${options.tracker}: ${spec.method} ${url}: ${last}; retrying in ${Math.round(delay / 100) / 10} s (attempt ${attempt + 1} of ${attempts})`,
    );
    await sleep(delay, undefined, { signal: options.signal });
  }
  throw new ExportError(`${options.tracker}: ${spec.method} ${url} failed ${attempts} times; last: ${last}`, 'unreachable');
}
