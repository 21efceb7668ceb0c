import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { analyzeLeftoverNamespaces, leftoverNamespacesCheck } from '../../../src/kube/checks/rerun/namespaces';
import { analyzeStaleJobs } from '../../../src/kube/checks/rerun/jobs';
import { labelledCheck } from '../../../src/kube/checks/rerun/labelled';
import { globRegExp, leftoverRules } from '../../../src/kube/checks/rerun/rules';
import { planSchema, type PlanInput } from '../../../src/plan/schema';
import { BundleSource, CASES, DEMO_BUNDLE } from './bundle-source';
import { optionsFor, resourcesOf } from './resources';
import { expectOutcome } from './expect';

const HEALTHY = join(CASES, 'healthy');
const BROKEN = join(CASES, 'broken');
const plan = (p: PlanInput = {}) => planSchema.parse(p);
const ctx = (p: PlanInput, dir: string) => ({
  signal: new AbortController().signal,
  timeoutMs: 5000,
  plan: plan(p),
  baseDir: '.',
  env: {},
  now: () => new Date(),
  cluster: new BundleSource(dir),
});

const namespaces = (dir: string, p: PlanInput = {}) =>
  analyzeLeftoverNamespaces({ namespaces: resourcesOf(dir).namespaces, rules: leftoverRules(plan(p)), keep: plan(p).namespaces }, optionsFor(dir));
const staleJobs = (dir: string, p: PlanInput = {}) => analyzeStaleJobs({ jobs: resourcesOf(dir).jobs, ...leftoverRules(plan(p)) }, optionsFor(dir));

describe('leftover rules', () => {
  it('uses test namespace globs and 1h when the plan has no leftovers section, and only the plan once it has one', () => {
    expect(leftoverRules(plan())).toMatchObject({ namespaces: ['e2e-*', 'test-*'], labels: [], olderThan: '1h', olderThanMs: 3_600_000 });
    expect(leftoverRules(plan({ leftovers: { labels: ['run-id'], olderThan: '30m' } }))).toMatchObject({
      namespaces: [],
      labels: ['run-id'],
      olderThanMs: 1_800_000,
    });
  });

  it('matches globs on whole names only', () => {
    expect(globRegExp('e2e-*').test('e2e-run-1841')).toBe(true);
    expect(globRegExp('e2e-*').test('shop-e2e')).toBe(false);
    expect(globRegExp('run-?.x').test('run-7.x')).toBe(true);
    expect(globRegExp('run-?.x').test('run-7-x')).toBe(false);
  });
});

describe('rerun checks', () => {
  it('leftover namespaces: names the earlier run namespace by its glob and age, with what it still holds', async () => {
    const outcome = await leftoverNamespacesCheck.run(ctx({}, DEMO_BUNDLE));
    expectOutcome(outcome, {
      behaviour: '',
      status: 'warn',
      bucket: 'replay-dedupe',
      summary: ['1 namespace left from earlier runs: e2e-run-1841 (2d19h old)'],
      evidence: [
        '[namespace/e2e-run-1841] namespace e2e-run-1841 matches e2e-*, created 2026-06-12T14:03:11Z (2d19h ago), older than 1h',
        '[namespace/e2e-run-1841] still holds 1 job, 1 pod',
      ],
      absent: ['shop-e2e'],
      replay: 'kubectl --context bundle-test get all,configmaps -n e2e-run-1841',
    });
  });

  it('leftover namespaces: fails on a test namespace stuck Terminating, and never counts the plan namespaces', () => {
    expectOutcome(namespaces(BROKEN), {
      behaviour: '',
      status: 'fail',
      summary: ['test-77 (stuck Terminating)'],
      evidence: ['Terminating since 2026-03-02T13:30:00Z: a finalizer holds it'],
    });
    expect(namespaces(BROKEN, { namespaces: ['test-77'] }).status).toBe('pass');
    expect(namespaces(DEMO_BUNDLE, { leftovers: { namespaces: ['e2e-*'], olderThan: '4d' } }).status).toBe('pass');
    expect(namespaces(HEALTHY).status).toBe('pass');
  });

  it('finished jobs: warns on finished Jobs older than olderThan without a TTL, not on CronJob history or TTL jobs', () => {
    expectOutcome(staleJobs(BROKEN), {
      behaviour: '',
      status: 'warn',
      bucket: 'replay-dedupe',
      summary: ['3 finished jobs older than 1h not cleaned up'],
      evidence: ['[shop/job/old-seed] job Complete at 2026-02-27T14:32:00Z, 1 succeeded, 0 failed; no ttlSecondsAfterFinished'],
      absent: ['cleanup-29555000'],
    });
    expectOutcome(staleJobs(DEMO_BUNDLE), {
      behaviour: '',
      status: 'warn',
      summary: ['e2e-run-1841/e2e-checkout-flow-1841 Complete 2d19h ago'],
      absent: ['e2e-checkout-flow-1907'],
    });
    expect(staleJobs(HEALTHY).status).toBe('pass');
  });

  it('labelled objects: finds objects carrying an old run id across namespaces, Secrets by name only', async () => {
    const outcome = await labelledCheck.run(ctx({ leftovers: { labels: ['e2e.example.com/run-id,e2e.example.com/run-id!=1907'] } }, DEMO_BUNDLE));
    expectOutcome(outcome, {
      behaviour: '',
      status: 'warn',
      bucket: 'replay-dedupe',
      summary: ['4 objects from earlier runs'],
      evidence: [
        '[e2e-run-1841/configmap/checkout-e2e-lock] configmap matches e2e.example.com/run-id,e2e.example.com/run-id!=1907, created 2026-06-12T14:03:12Z (2d19h ago)',
        '[shop/configmap/e2e-seed-1841]',
        '[e2e-run-1841/job/e2e-checkout-flow-1841]',
      ],
      absent: ['1907-k8v2n'],
    });
    expect((await labelledCheck.run(ctx({ leftovers: { labels: ['e2e.example.com/run-id=1907'] } }, DEMO_BUNDLE))).status).toBe('pass');
  });
});
