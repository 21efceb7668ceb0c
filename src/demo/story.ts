import { createHash } from 'node:crypto';

// The built-in demo incident, as data. Modelled on reference 004: a job flows
// api → queue → worker, the worker gets a 503 from its upstream, triggers its own
// restart and never comes back; the fix was merged but the running build predates it.

/** The system the demo plan describes. */
export const DEMO_SYSTEM = 'demo-pipeline';

export const DEMO_TITLE = 'demo: staging E2E red: the worker restarts on an upstream 503 and the run never finishes';

/** The one trace the demo follows: it reaches the worker and stops there. */
export const DEMO_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The run the trace belongs to; its result artifact is empty. */
export const DEMO_RUN_ID = 'run-7f3a';

/** The merge of the fix (debounce before restarting on an upstream 503). */
export const EXPECTED_SHA = 'ccdd20d2e4b1c9a07f5d3e8b6a2c41f09d7e5b3a';

/** What the api and worker actually run: the image was not rebuilt after the merge. */
export const DEPLOYED_SHA = 'c5823d6e91a0f4b27c3d8e5f60a1b2c3d4e5f607';

/** An env name the worker needs to authenticate to the queue; the demo leaves it unset. */
export const MISSING_ENV = 'WORKER_QUEUE_TOKEN';

/** An env name that is set: where the test harness reaches the api. */
export const PRESENT_ENV = 'PIPELINE_API_URL';

/** The worker's health answer: the restart message of reference 004, shortened. */
export const WORKER_UNHEALTHY = 'agent origin unhealthy: 503 from upstream, restart triggered';

/** The id of the earlier run whose lock is still on disk. */
export const LEFTOVER_RUN_ID = 'run-6c01';

/** How old the leftover lock is. */
export const LEFTOVER_AGE_MS = 3 * 60 * 60 * 1000;

/** The trace's path through the system, with RFC 3339 times relative to the start of the demo. */
export function traceHistory(now: Date): string[] {
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
  const t = DEMO_TRACE_ID;
  const run = DEMO_RUN_ID;
  return [
    json(at(95), { level: 'info', svc: 'api', msg: 'build info', sha: DEPLOYED_SHA }),
    logfmt(at(94), { level: 'info', svc: 'worker', msg: 'build info', sha: DEPLOYED_SHA }),
    json(at(80), { level: 'info', svc: 'api', msg: 'run submitted', trace_id: t, run, route: 'POST /v1/runs', status: 202 }),
    logfmt(at(79.6), { level: 'info', svc: 'queue', msg: 'enqueued', trace_id: t, run, queue: 'runs', depth: 1 }),
    logfmt(at(79.1), { level: 'info', svc: 'worker', msg: 'dequeued', trace_id: t, run, queue: 'runs' }),
    logfmt(at(78.4), { level: 'info', svc: 'worker', msg: 'upstream round-trip succeeded: PONG', trace_id: t, run, latency_ms: 212 }),
    logfmt(at(77.7), { level: 'error', svc: 'worker', msg: WORKER_UNHEALTHY, trace_id: t, run, status: 503, restarting: true }),
    logfmt(at(47.7), { level: 'warn', svc: 'worker', msg: 'worker has no URL', status: 'offline' }),
  ];
}

/** One line of background traffic, `tick` counting from 0: the api keeps accepting runs nobody consumes. */
export function backgroundLine(now: Date, tick: number): string {
  const time = now.toISOString();
  const n = Math.floor(tick / 10);
  switch (tick % 10) {
    case 0:
      return json(time, { level: 'info', svc: 'api', msg: 'run submitted', trace_id: traceIdOf(n), run: `run-${(0x8000 + n).toString(16)}`, route: 'POST /v1/runs', status: 202 });
    case 1:
      return logfmt(time, { level: 'info', svc: 'queue', msg: 'enqueued', trace_id: traceIdOf(n), queue: 'runs', depth: n + 2 });
    case 5:
      return logfmt(time, { level: 'warn', svc: 'queue', msg: 'no consumer heartbeat', queue: 'runs', consumer: 'worker', depth: n + 2 });
    case 7:
      return logfmt(time, { level: 'warn', svc: 'worker', msg: 'restart pending: worker has no URL', status: 'offline' });
    default:
      return json(time, { level: 'debug', svc: 'api', msg: 'GET /healthz', status: 200, duration_ms: 1 + (tick % 3) });
  }
}

/** Another run's trace id, stable per run so its api and queue lines agree. */
function traceIdOf(n: number): string {
  return createHash('sha256').update(`demo-run-${n}`).digest('hex').slice(0, 32);
}

function json(time: string, fields: Record<string, string | number | boolean>): string {
  return JSON.stringify({ time, ...fields });
}

function logfmt(time: string, fields: Record<string, string | number | boolean>): string {
  const value = (v: string | number | boolean) => (typeof v === 'string' && /[\s="]/.test(v) ? JSON.stringify(v) : String(v));
  return [`time=${time}`, ...Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`)].join(' ');
}
