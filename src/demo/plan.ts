import type { LoadedPlan } from '../plan/load';
import { planSchema, type PlanInput } from '../plan/schema';
import type { DemoServices } from './services';
import { DEMO_FILES, type DemoWorkspace } from './workspace';
import { DEMO_JOB, DEMO_NAMESPACES, DEMO_RUN_ID, DEMO_SYSTEM, DEMO_TRACE_ID, EXPECTED_SHA, MISSING_ENV, PRESENT_ENV, TRACE_SERVICES } from './story';

/**
 * The demo's triage.yaml: the local endpoints and workspace files, and the captured
 * cluster's namespaces, job and leftovers (the bundle is served beside it), so each step
 * reads both sides of the one incident.
 */
export function demoPlan(services: DemoServices, workspace: DemoWorkspace): LoadedPlan {
  const input: PlanInput = {
    name: DEMO_SYSTEM,
    namespaces: [...DEMO_NAMESPACES],
    traceId: DEMO_TRACE_ID,
    // Generous: a loaded machine must not time the demo's own story out (the bundle is local).
    timeout: '20s',
    health: [
      { name: 'api-gateway', url: `${services.gatewayUrl}/healthz`, expectStatus: 200 },
      { name: 'payments-worker', url: `${services.workerUrl}/healthz`, expectStatus: 200 },
    ],
    ports: [{ name: 'payments-queue', host: services.queue.host, port: services.queue.port }],
    build: {
      // The fix is the payments-worker's: the cluster check compares it with every pod's revision.
      expectedSha: EXPECTED_SHA,
      deployed: [{ name: 'payments-worker', url: `${services.workerUrl}/buildinfo`, field: 'sha' }],
    },
    requiredEnv: [PRESENT_ENV, MISSING_ENV],
    junit: [DEMO_FILES.junit],
    artifacts: [{ path: DEMO_FILES.parquet }, { path: DEMO_FILES.csv, minLines: 2 }],
    jobs: [{ ...DEMO_JOB }],
    leftovers: {
      namespaces: ['e2e-run-*'],
      // Objects of any run but the one under investigation.
      labels: [`e2e.example.com/run-id,e2e.example.com/run-id!=${DEMO_RUN_ID}`],
      paths: ['state/*.lock'],
      olderThan: '1h',
    },
    trace: {
      idPatterns: ['"trace_id":"([0-9a-f]{32})"', 'trace_id=([0-9a-f]{32})'],
      services: [...TRACE_SERVICES],
      // The harness's log; the cluster's pods and events join as sources on their own.
      sources: [`file:${DEMO_FILES.log}`],
      gap: '30s',
    },
  };
  // Parsed once: without zod's fast path, as yaml-input.ts's ONCE says.
  return { plan: planSchema.parse(input, { jitless: true }), baseDir: workspace.dir };
}
