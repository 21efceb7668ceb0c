// Transient answers (429, 5xx) are retried with backoff, honouring the server's Retry-After,
// and never past the caller's deadline: a flapping API or endpoint is not a broken one.

/** Statuses that say "try again" rather than "no". */
const RETRIABLE_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** 5xx may have done the work: only methods that can be repeated safely retry them. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function retriable(status: number, method: string): boolean {
  if (status === 429) return true;
  return RETRIABLE_STATUS.has(status) && IDEMPOTENT.has(method.toUpperCase());
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** How long to wait before attempt `attempt + 1`: the server's word, else doubling from `baseMs`. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfter?: string | string[]): number {
  return retryAfterMs(retryAfter) ?? baseMs * 2 ** (attempt - 1);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
