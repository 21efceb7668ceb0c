import { describe, expect, it } from 'vitest';
import { planSchema, type Plan, type PlanInput } from '../../src/plan/schema';
import { checksFor } from '../../src/walk/assemble';
import { traceCheck } from '../../src/trace/check';
import type { CheckContext } from '../../src/checks/types';
import { resolve } from 'node:path';
import { BundleCluster } from '../../src/kube/client-bundle';
import { filesIn } from './support';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function context(dir: string, plan: PlanInput): CheckContext<Plan> {
  return {
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    plan: planSchema.parse(plan),
    baseDir: dir,
    env: {},
    now: () => new Date('2021-03-09T09:00:00Z'),
  };
}

const logs = {
  'gateway.log': [`2021-03-09T08:00:00Z accepted ${ID}`],
  'worker.log': [`2021-03-09T08:00:01Z picked up ${ID}`, `2021-03-09T08:00:02Z ERROR charging failed ${ID}`],
};

describe('the observability step follows the trace', () => {
  it('is part of the walk when the plan names a trace id, and skips with a reason when there is none to follow', async () => {
    expect(checksFor(planSchema.parse({ traceId: ID })).map((c) => c.id)).toContain('observability/trace');
    expect(checksFor(planSchema.parse({})).map((c) => c.id)).not.toContain('observability/trace');
    const outcome = await traceCheck.run(context(filesIn({}), { trace: { services: ['api'] } }));
    expect(outcome).toMatchObject({ status: 'skip', summary: expect.stringContaining('no trace id') });
  });

  it('turns "stops at" and "first error" into a failing result with timed evidence and a replay', async () => {
    const dir = filesIn(logs);
    const outcome = await traceCheck.run(
      context(dir, { traceId: ID, trace: { services: ['gateway', 'worker', 'ledger'], sources: ['file:gateway.log', 'file:worker.log'] } }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.summary).toMatch(
      /^stops at worker \(worker\.log\) at 2021-03-09T08:00:02\.000Z, 59m58s before the end of the window; never reached ledger; first error at worker: .*charging failed/,
    );
    expect(outcome.evidence).toEqual([
      { text: `2021-03-09T08:00:00Z accepted ${ID}`, source: 'gateway.log:1', time: '2021-03-09T08:00:00.000Z' },
      { text: `2021-03-09T08:00:01Z picked up ${ID}`, source: 'worker.log:1', time: '2021-03-09T08:00:01.000Z' },
      { text: `2021-03-09T08:00:02Z ERROR charging failed ${ID}`, source: 'worker.log:2', time: '2021-03-09T08:00:02.000Z' },
    ]);
    expect(outcome.replay).toBe(`triage trace ${ID}`);
  });

  it('passes when the trace crosses every planned service without an error', async () => {
    const dir = filesIn({ 'gateway.log': logs['gateway.log'], 'worker.log': [`2021-03-09T08:00:01Z done ${ID}`] });
    const outcome = await traceCheck.run(context(dir, { traceId: ID, trace: { services: ['gateway', 'worker'], sources: ['dir:.'] } }));
    expect(outcome).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^trace crossed gateway → worker without an error/) });
  });

  it('fails pointing at weak observability when the trace is in none of the sources', async () => {
    const dir = filesIn({ 'app.log': ['2021-03-09T08:00:00Z something else'] });
    const outcome = await traceCheck.run(context(dir, { traceId: ID, trace: { sources: ['file:app.log'] } }));
    expect(outcome).toMatchObject({ status: 'fail', bucket: 'weak-observability', summary: `trace ${ID} is in none of 1 sources` });
  });

  it('reads the pods and events of the cluster it is given: the demo bundle, through the replay server', async () => {
    const dir = resolve('fixtures/demo-bundle');
    const outcome = await traceCheck.run({
      ...context(filesIn({}), { traceId: ID, namespaces: ['shop'], trace: { services: ['api-gateway', 'checkout', 'payments-worker'] } }),
      cluster: new BundleCluster(dir),
    });
    expect(outcome.status).toBe('fail');
    // The window ends when the bundle was captured (09:12:04), not at the check's clock.
    expect(outcome.summary).toMatch(
      /^crossed api-gateway → checkout → payments-worker, last seen at payments-worker \(shop\/payments-worker-5c8d7b9f4-x7k2m\/payments-worker \(previous\)\) at 2026-06-15T09:02:03\.412837890Z, 10m1s before the end of the window; first error at payments-worker: container payments-worker terminated: OOMKilled/,
    );
    expect(outcome.replay).toBe(`triage trace ${ID} --bundle ${dir}`);
    expect(outcome.evidence.map((e) => e.source)).toContain('shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)');
  });
});
