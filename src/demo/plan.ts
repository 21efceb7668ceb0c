import type { LoadedPlan } from '../plan/load';
import { planSchema, type PlanInput } from '../plan/schema';
import type { DemoServices } from './services';
import { DEMO_FILES, type DemoWorkspace } from './workspace';
import { DEMO_SYSTEM, DEMO_TRACE_ID, EXPECTED_SHA, MISSING_ENV, PRESENT_ENV } from './story';

/**
 * The demo's triage.yaml, pointing at the running services and the workspace files.
 * This is the seam for a captured cluster: when the demo also serves a bundle through
 * the replay server, its namespaces and context join the plan here.
 */
export function demoPlan(services: DemoServices, workspace: DemoWorkspace): LoadedPlan {
  const input: PlanInput = {
    name: DEMO_SYSTEM,
    traceId: DEMO_TRACE_ID,
    timeout: '5s',
    health: [
      { name: 'api', url: `${services.apiUrl}/healthz`, expectStatus: 200 },
      { name: 'worker', url: `${services.workerUrl}/healthz`, expectStatus: 200 },
    ],
    ports: [{ name: 'queue', host: services.queue.host, port: services.queue.port }],
    build: {
      expectedSha: EXPECTED_SHA,
      deployed: [
        { name: 'api', url: `${services.apiUrl}/buildinfo`, field: 'sha' },
        { name: 'worker', url: `${services.workerUrl}/buildinfo`, field: 'sha' },
      ],
    },
    requiredEnv: [PRESENT_ENV, MISSING_ENV],
    junit: [DEMO_FILES.junit],
    artifacts: [{ path: DEMO_FILES.parquet }, { path: DEMO_FILES.csv, minLines: 2 }],
    // The trace lines are older than the background traffic: read far enough back to keep them.
    logs: [{ path: DEMO_FILES.log, tail: 5000, mustNotMatch: ['restart triggered', 'status=offline'] }],
    leftovers: { paths: ['state/*.lock'], olderThan: '1h' },
    trace: {
      idPatterns: ['"trace_id":"([0-9a-f]{32})"', 'trace_id=([0-9a-f]{32})'],
      services: ['api', 'queue', 'worker'],
      sources: [`file:${DEMO_FILES.log}`],
      gap: '30s',
    },
  };
  return { plan: planSchema.parse(input), baseDir: workspace.dir };
}
