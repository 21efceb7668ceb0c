// The built-in demo incident, as data: one story told by the captured cluster in
// fixtures/demo-bundle/ (captured 2026-06-15T09:12:04Z) and by the local endpoints and files
// that stand for its services. E2E run 1907 places order ord_7Hc2Qm through the api-gateway;
// checkout asks for payment; the payments-worker starts on it, loads a settlement batch of
// 50000 and is OOM-killed mid-trace, so the order stays PENDING_PAYMENT. The fix for the
// worker's memory use is merged but not deployed; the E2E's contract still expects an old
// status name; run 1841 left its namespace and lock behind; the run's result artifact is empty.

/** The system the demo plan describes. */
export const DEMO_SYSTEM = 'shop';

export const DEMO_TITLE = 'demo: staging E2E red: orders stuck in PENDING_PAYMENT, payments-worker OOM-killed mid-trace (memory fix merged, not deployed)';

/** The one trace the demo follows: it crosses api-gateway and checkout and stops in the payments-worker's previous instance. */
export const DEMO_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The trace's services in the order a request crosses them, as the cluster names them. */
export const TRACE_SERVICES = ['api-gateway', 'checkout', 'payments-worker'] as const;

/** The captured cluster's namespaces the system lives in. */
export const DEMO_NAMESPACES = ['shop', 'shop-e2e', 'monitoring'] as const;

/** The E2E run that went red (Job shop-e2e/e2e-checkout-flow-1907); its result artifact is empty. */
export const DEMO_RUN_ID = '1907';

/** The Job of that run, as the cluster has it. */
export const DEMO_JOB = { namespace: 'shop-e2e', name: `e2e-checkout-flow-${DEMO_RUN_ID}` } as const;

/** The order the failing test placed. */
const DEMO_ORDER_ID = 'ord_7Hc2Qm';

/** The merge of the fix: the payments-worker streams settlement batches instead of loading them whole. */
export const EXPECTED_SHA = '9f3c2e1b7a5d4c3e2f1a0b9c8d7e6f5a4b3c2d1e';

/** What the cluster runs: the revision annotations of the api-gateway and payments-worker deployments. */
export const GATEWAY_BUILD = { version: '1.42.0', sha: 'e4a91c07d2b8f3a5c6d7e8f9a0b1c2d3e4f5a6b7' } as const;
export const WORKER_BUILD = { version: '1.19.3', sha: '5e1d2c4a8b6f0e2d4c6a8b0f2e4d6c8a0b2f4e6d' } as const;

/** An env name the harness needs to rerun against the public endpoint; the demo leaves it unset. */
export const MISSING_ENV = 'E2E_API_TOKEN';

/** An env name that is set: the api-gateway's public endpoint the harness targets. */
export const PRESENT_ENV = 'E2E_TARGET';

/** The payments-worker's health answer while it crash-loops. */
export const WORKER_UNHEALTHY = 'OOMKilled loading a settlement batch of 50000 (heap 458 of 460 MiB): container restarting';

/** The earlier run whose namespace (e2e-run-1841) and lock are still there. */
export const LEFTOVER_RUN_ID = '1841';

/** When run 1841 took the checkout E2E lock (its ConfigMap checkout-e2e-lock says the same). */
export const LEFTOVER_LOCKED_AT = '2026-06-12T14:03:12Z';

/** When run 1907 wrote its (empty) results, after its last test failed. */
export const RESULTS_WRITTEN_AT = '2026-06-15T09:03:59.715Z';

/** Where the harness's own spans go: the collector the cluster shows pinned at its limit. */
const COLLECTOR = 'opentelemetry-kube-stack-deployment-collector.monitoring:4317';

const HARNESS = 'e2e-harness';

/**
 * The harness's view of the trace, at the times of the captured cluster: it starts the test,
 * places the order through the api-gateway, has its own spans refused by the collector,
 * and gives up on PAID. The cluster's pods hold the hops in between.
 */
export function traceHistory(): string[] {
  const t = DEMO_TRACE_ID;
  const run = DEMO_RUN_ID;
  return [
    logfmt('2026-06-15T09:01:57.903Z', {
      level: 'info',
      svc: HARNESS,
      msg: 'test started',
      test: 'checkout › places an order and reaches PAID',
      run,
      trace_id: t,
    }),
    logfmt('2026-06-15T09:01:58.168Z', { level: 'debug', svc: HARNESS, msg: 'POST /api/orders', target: 'api-gateway', run, trace_id: t }),
    logfmt('2026-06-15T09:01:58.203Z', {
      level: 'info',
      svc: HARNESS,
      msg: 'order accepted',
      order_id: DEMO_ORDER_ID,
      status: 202,
      duration_ms: 35,
      run,
      trace_id: t,
    }),
    logfmt('2026-06-15T09:02:18.512Z', {
      level: 'warn',
      svc: HARNESS,
      msg: 'span export failed: data refused due to high memory usage',
      endpoint: COLLECTOR,
      spans: 3,
      run,
      trace_id: t,
    }),
    logfmt('2026-06-15T09:03:58.511Z', {
      level: 'error',
      svc: HARNESS,
      msg: 'order did not reach PAID: PENDING_PAYMENT after 120s',
      order_id: DEMO_ORDER_ID,
      run,
      trace_id: t,
    }),
    logfmt(RESULTS_WRITTEN_AT, { level: 'info', svc: HARNESS, msg: 'results written', path: `results/run-${run}.parquet`, rows: 0, run }),
  ];
}

/** One line the harness logs now, `tick` counting from 0: it probes the endpoints and waits to rerun. */
export function backgroundLine(now: Date, tick: number): string {
  const time = now.toISOString();
  switch (tick % 10) {
    case 1:
      return logfmt(time, {
        level: 'warn',
        svc: HARNESS,
        msg: 'probe failed',
        target: 'payments-worker',
        path: '/healthz',
        status: 503,
        error: WORKER_UNHEALTHY,
      });
    case 4:
      return logfmt(time, {
        level: 'warn',
        svc: HARNESS,
        msg: `rerun waiting: run ${LEFTOVER_RUN_ID} still holds the checkout E2E lock`,
        lock: `state/e2e-run-${LEFTOVER_RUN_ID}.lock`,
        namespace: `e2e-run-${LEFTOVER_RUN_ID}`,
      });
    case 7:
      return logfmt(time, {
        level: 'warn',
        svc: HARNESS,
        msg: 'span export failed: data refused due to high memory usage',
        endpoint: COLLECTOR,
        spans: 1 + (tick % 4),
      });
    default:
      return logfmt(time, { level: 'debug', svc: HARNESS, msg: 'probe', target: 'api-gateway', path: '/healthz', status: 200, duration_ms: 1 + (tick % 3) });
  }
}

function logfmt(time: string, fields: Record<string, string | number | boolean>): string {
  const value = (v: string | number | boolean) => (typeof v === 'string' && /[\s="]/.test(v) ? JSON.stringify(v) : String(v));
  return [`time=${time}`, ...Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`)].join(' ');
}
