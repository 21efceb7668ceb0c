import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeChecks } from '../../../src/kube/checks/index';
import { NO_CLUSTER_SKIP_SUMMARY } from '../../../src/kube/checks/kit';
import { runChecks } from '../../../src/checks/runner';
import { planSchema, type Plan } from '../../../src/plan/schema';
import { parseArgs, GLOBAL_FLAGS } from '../../../src/cli/args';
import { clusterFor } from '../../../src/cli/cluster';
import type { BundleCluster } from '../../../src/kube/client-bundle';
import type { ClusterSource } from '../../../src/model/cluster';
import type { CheckResult } from '../../../src/model';
import { checksFor } from '../../../src/walk/assemble';
import { DEMO_BUNDLE } from './bundle-source';

// The demo incident through the real path: `--bundle fixtures/demo-bundle` gives the
// client-node ClusterSource reading the in-process replay server.
const plan: Plan = planSchema.parse({
  build: { expectedSha: '9f3c2e1b7a5d4c3e2f1a0b9c8d7e6f5a4b3c2d1e' },
  jobs: [{ namespace: 'shop-e2e', name: 'e2e-checkout-flow-1907' }],
});

async function walk(cluster: ClusterSource | undefined): Promise<Map<string, CheckResult>> {
  const checks = kubeChecks(plan);
  const results = await runChecks(checks, {
    concurrency: 4,
    defaultTimeoutMs: 20_000,
    context: { plan, baseDir: '.', env: {}, now: () => new Date(), cluster },
  });
  return new Map(checks.map((c, i) => [c.id, results[i]!]));
}

const evidenceOf = (r: CheckResult) => r.evidence.map((e) => `[${e.source}] ${e.text}`).join('\n');

describe('the built-in checks on the demo incident, through the replay server', () => {
  let cluster: BundleCluster;
  let results: Map<string, CheckResult>;
  beforeAll(async () => {
    cluster = clusterFor(parseArgs(['--bundle', DEMO_BUNDLE], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
    results = await walk(cluster);
  }, 60_000);
  afterAll(async () => cluster?.close());

  it('runs every built-in check to a verdict, none an error', () => {
    const errors = [...results].filter(([, r]) => r.status === 'error').map(([id, r]) => `${id}: ${r.summary}`);
    expect(errors).toEqual([]);
  });

  it.each([
    [
      'versions/rollouts',
      'warn',
      'shop/deployment/checkout mid-rollout on 2 ReplicaSets, checkout on 2 digests',
      '[shop/deployment/checkout] ReplicaSet checkout-7b4d9f6c8 (revision 12)',
      'get rs -n shop -o wide',
    ],
    [
      'environment/autoscalers',
      'fail',
      'pinned at maxReplicas 4 with memory 134% of request (target 80%)',
      'ScalingLimited (TooManyReplicas)',
      'describe hpa -n monitoring opentelemetry-kube-stack-deployment-collector',
    ],
    [
      'environment/pods',
      'fail',
      'shop/payments-worker-5c8d7b9f4-qp9zr CrashLoopBackOff (last: OOMKilled, 6 restarts)',
      'last terminated OOMKilled (exit 137) at 2026-06-15T09:02:13Z, 4 restarts',
      'logs -n shop payments-worker-5c8d7b9f4-qp9zr -c payments-worker --previous',
    ],
    [
      'data-path/jobs',
      'fail',
      'shop-e2e/e2e-checkout-flow-1907 Failed (BackoffLimitExceeded)',
      '[shop-e2e/pod/e2e-checkout-flow-1907-k8v2n/e2e]   AssertionError: expected order ord_7Hc2Qm status PAID',
      'logs -n shop-e2e e2e-checkout-flow-1907-k8v2n -c e2e --tail 50',
    ],
    ['rerun/leftover-namespaces', 'warn', 'e2e-run-1841 (2d19h old)', 'still holds 1 job, 1 pod', 'get all,configmaps -n e2e-run-1841'],
    [
      'versions/build-sha',
      'fail',
      'fix 9f3c2e1 is merged but not deployed',
      '[shop/deployment/payments-worker] runs 5e1d2c4 in 2 pods',
      'custom-columns=POD:.metadata.name',
    ],
    [
      'versions/changes',
      'pass',
      '6 changes in the 24h before 2026-06-15T09:12:04Z: 1 rollout,',
      '[shop/replicaset/checkout-7b4d9f6c8] rolled out checkout-7b4d9f6c8 (revision 12): image shop/checkout 2.7.1 → 2.8.0',
      'get rs -A -o wide --sort-by=.metadata.creationTimestamp',
    ],
    ['environment/services', 'fail', 'shop/checkout sees 2 of 4 pods of shop/deployment/checkout', 'lacks app=checkout', 'get pods -n shop -o wide -L app'],
  ])('%s finds it (%s): %s', (id, status, summary, evidence, replay) => {
    const r = results.get(id)!;
    expect(r.status, r.summary).toBe(status);
    expect(r.summary).toContain(summary);
    expect(evidenceOf(r)).toContain(evidence);
    expect(r.evidence.some((e) => e.time)).toBe(true);
    // The replay reaches the same replay server the check read.
    expect(r.replay).toContain(`kubectl --kubeconfig ${cluster.kubectlFlags[1]} `);
    expect(r.replay).toContain(replay);
  });

  it('answers access reviews from the bundle and reads the API server version', () => {
    expect(results.get('auth-config/access')!.status).toBe('pass');
    expect(results.get('versions/server')!.summary).toContain('API server v1.30.4 linux/amd64');
  });
});

describe('the built-in checks without a cluster', () => {
  it('are all in checksFor and skip with a way to give them one', async () => {
    const ids = new Set(checksFor(plan).map((c) => c.id));
    expect(kubeChecks(plan).every((c) => ids.has(c.id))).toBe(true);
    const results = await walk(undefined);
    expect([...new Set([...results.values()].map((r) => `${r.status}: ${r.summary}`))]).toEqual([`skip: ${NO_CLUSTER_SKIP_SUMMARY}`]);
  });

  it('leave out the checks whose only input is plan configuration the plan lacks', () => {
    const ids = kubeChecks(planSchema.parse({})).map((c) => c.id);
    expect(ids).not.toContain('versions/build-sha');
    expect(ids).not.toContain('auth-config/namespaces');
    expect(ids).not.toContain('rerun/labelled-objects');
    expect(ids).toContain('rerun/leftover-namespaces');
    expect(kubeChecks(planSchema.parse({ leftovers: { paths: ['tmp/lock'] } })).map((c) => c.id)).not.toContain('rerun/leftover-namespaces');
  });
});
