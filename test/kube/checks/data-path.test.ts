import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { jobsCheck, LOG_LINES } from '../../../src/kube/checks/data-path/jobs';
import { splitTimestamp } from '../../../src/kube/analyze/log-lines';
import { planSchema, type PlanInput } from '../../../src/plan/schema';
import type { PodLogOptions } from '../../../src/model/cluster';
import { BundleSource, CASES, DEMO_BUNDLE } from './bundle-source';
import { expectOutcome } from './expect';

const HEALTHY = join(CASES, 'healthy');
const BROKEN = join(CASES, 'broken');

function run(dir: string, p: PlanInput = {}) {
  const calls: { pod: string; options: PodLogOptions }[] = [];
  const cluster = new BundleSource(dir, { onPodLog: (_ns, pod, options) => calls.push({ pod, options }) });
  const plan = planSchema.parse(p);
  const outcome = jobsCheck.run({ signal: new AbortController().signal, timeoutMs: 5000, plan, baseDir: '.', env: {}, now: () => new Date(), cluster });
  return { outcome, calls };
}

describe('data-path jobs', () => {
  it("fails on the E2E job with the failing pod's last log lines, timed and sourced to its container", async () => {
    const { outcome, calls } = run(DEMO_BUNDLE, { jobs: [{ namespace: 'shop-e2e', name: 'e2e-checkout-flow-1907' }] });
    expectOutcome(await outcome, {
      behaviour: '',
      status: 'fail',
      bucket: 'missing-result-data',
      summary: ['1 job did not succeed: shop-e2e/e2e-checkout-flow-1907 Failed (BackoffLimitExceeded)'],
      evidence: [
        '[shop-e2e/job/e2e-checkout-flow-1907] job Failed (BackoffLimitExceeded) at 2026-06-15T09:04:03Z; 0 succeeded, 1 failed, backoffLimit 0',
        '[shop-e2e/job/e2e-checkout-flow-1907] pod e2e-checkout-flow-1907-k8v2n Error (exit 1) at 2026-06-15T09:04:01Z',
        '[shop-e2e/pod/e2e-checkout-flow-1907-k8v2n/e2e]   AssertionError: expected order ord_7Hc2Qm status PAID, got PENDING_PAYMENT after 120s (trace_id=4bf92f3577b34da6a3ce929d0e0e4736)',
        '[shop-e2e/pod/e2e-checkout-flow-1907-k8v2n/e2e] 1 failed, 6 passed (3m18s)',
      ],
      absent: ['e2e-checkout-flow-1841'],
      replay: 'kubectl --context bundle-test logs -n shop-e2e e2e-checkout-flow-1907-k8v2n -c e2e --tail 50',
    });
    const line = (await outcome).evidence.find((e) => e.text.trimStart().startsWith('AssertionError'))!;
    expect(line.time).toBe('2026-06-15T09:03:58.513711399Z');
    expect(calls).toEqual([{ pod: 'e2e-checkout-flow-1907-k8v2n', options: { container: 'e2e', previous: false, tailLines: LOG_LINES, timestamps: true } }]);
  });

  it('fails on a Job that completed with 0 succeeded, a deadline, and a plan job that does not exist; reads the previous instance too', async () => {
    const { outcome, calls } = run(BROKEN, { jobs: [{ namespace: 'shop', name: 'gone' }] });
    expectOutcome(await outcome, {
      behaviour: '',
      status: 'fail',
      summary: ['shop/export-7 Complete with 0 succeeded', 'shop/nightly-report Failed (DeadlineExceeded)', 'shop/gone not found'],
      evidence: [
        '[shop/job/export-7] job Complete at 2026-03-02T13:21:00Z with 0 succeeded pods',
        '[shop/pod/nightly-report-h7j8k/report] report: partition 2026-03-01/part-0007 has 0 rows',
        '[shop/pod/nightly-report-h7j8k/report] (previous) report: connection refused: warehouse.shop.svc:5432',
        '[shop/job/gone] job shop/gone named by the plan does not exist',
      ],
      absent: ['old-seed', 'cleanup-'],
    });
    expect(calls.map((c) => `${c.pod} ${c.options.previous}`).sort()).toEqual(['nightly-report-h7j8k false', 'nightly-report-h7j8k true']);
  });

  it('passes when the jobs of the last day succeeded, without reading any log', async () => {
    const { outcome, calls } = run(HEALTHY, { jobs: [{ namespace: 'shop', name: 'migrate-42' }] });
    expectOutcome(await outcome, { behaviour: '', status: 'pass', summary: ["the plan's 1 job succeeded"] });
    expect(calls).toEqual([]);
  });

  it('splits the kubectl --timestamps prefix from the line, and leaves other lines whole', () => {
    expect(splitTimestamp('2026-06-15T09:03:58.513711399Z   at x (a.ts:1)')).toEqual({ time: '2026-06-15T09:03:58.513711399Z', text: '  at x (a.ts:1)' });
    expect(splitTimestamp('panic: boom')).toEqual({ text: 'panic: boom' });
  });
});
