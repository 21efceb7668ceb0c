import { parseDuration } from '../model/duration';

// An access-log line is written when the request ends; its duration says when it began.
// Used to order services by when they first handled the trace: a gateway that logs
// after its upstream answered still comes before that upstream.

const FIELD =
  /["']?\b(duration|latency|elapsed|took|request_time|response_time|upstream_response_time)(_ms|Ms|_millis|_s|_sec|_seconds)?["']?\s*[:=]\s*["']?(\d+(?:\.\d+)?)(ms|s|µs|us)?/i;

/** The request's duration a line reports, in milliseconds, or 0. */
export function requestDurationMs(text: string): number {
  const m = FIELD.exec(text);
  if (!m) return 0;
  const value = Number(m[3]);
  const unit = (m[4] ?? m[2] ?? '').toLowerCase();
  if (unit === 'ms' || unit === '_ms' || unit === '_millis') return value;
  if (unit === 'µs' || unit === 'us') return value / 1000;
  if (unit === 's' || unit === '_s' || unit === '_sec' || unit === '_seconds') return value * 1000;
  // nginx's request_time is seconds; a bare duration elsewhere is milliseconds.
  if (/time$/i.test(m[1]!)) return value * 1000;
  return parseDuration(`${m[3]}ms`) ?? 0;
}
