// The kubectl check kind: only reads reach kubectl, and it runs against the session's cluster.
import { describe, expect, it, afterAll } from 'vitest';
import { kubectlArgvProblem, kubectlKind, kubectlSpec } from '../../src/checks/kinds/kubectl';
import { runOne } from '../../src/checks/runner';
import { planSchema } from '../../src/plan/schema';
import { parsePlan } from '../../src/plan/load';
import { BundleCluster } from '../../src/kube/client-bundle';
import { InputError } from '../../src/errors';
import type { ClusterSource } from '../../src/model/cluster';
import { MINI } from './support';

describe('which kubectl argv count as reads', () => {
  it.each([
    [['get', 'pods', '-A', '-o', 'wide']],
    [['get', 'deploy,rs', '-n', 'shop', '-l', 'app=checkout']],
    [['get', 'pods', '-nshop', '-ojsonpath={.items[*].metadata.name}']],
    [['describe', 'pod', 'checkout-7d9f8c6b5-q8m2z', '--namespace=shop']],
    [['logs', 'deploy/checkout', '-c', 'checkout', '--previous', '--tail=50', '--timestamps']],
    [['logs', 'checkout-7d9f8c6b5-q8m2z', '--tail', '-1']],
    [['events', '-n', 'shop', '--for', 'pod/checkout-7d9f8c6b5-q8m2z', '--types=Warning']],
    [['auth', 'can-i', 'list', 'pods', '-n', 'shop']],
    [['get', 'events', '--field-selector', 'involvedObject.name=checkout']],
    [['get', 'secrets', '-n', 'shop', '-o', 'name']],
    [['describe', 'secret', 'checkout-db']],
    [['top', 'pods', '-A', '--containers']],
    [['version', '--client']],
    [['api-resources', '--namespaced=true']],
    [['explain', 'pod.spec.containers']],
  ])('allows %j', (argv) => {
    expect(kubectlArgvProblem(argv)).toBeUndefined();
  });

  it.each([
    [['delete', 'pod', 'x'], /not one of the read verbs/],
    [['apply', '-f', 'x.yaml'], /not one of the read verbs/],
    [['scale', 'deploy/x', '--replicas=0'], /not one of the read verbs/],
    [['exec', 'pod', '--', 'sh'], /not one of the read verbs/],
    [['auth', 'reconcile', '-f', 'x'], /only "auth can-i"/],
    [['get', 'pods', '--kubeconfig', '/tmp/other'], /flag --kubeconfig is not allowed/],
    [['get', 'pods', '--context=prod'], /flag --context is not allowed/],
    [['get', 'pods', '--raw', '/api'], /flag --raw is not allowed/],
    [['logs', 'x', '-f'], /flag -f is not allowed/],
    [['get', 'pods', '-w'], /flag -w is not allowed/],
    [['get', 'pods', '-n', '--all-namespaces'], /cannot start with "-"/],
    [['get', 'pods', '-o', 'go-template-file=/etc/passwd'], /-o go-template-file/],
    [['get', 'secret', 'db', '-o', 'yaml'], /would show their values/],
    [['get', 'secrets', '-o', 'jsonpath={.items[0].data}'], /would show their values/],
    [['get', 'pods;rm -rf /'], /not a plain name/],
    [['get', 'pods', '--all-namespaces=yes'], /takes no value/],
  ])('refuses %j', (argv, why) => {
    expect(kubectlArgvProblem(argv)).toMatch(why);
  });

  it('refuses a write in the plan itself, naming the file, line and field', () => {
    const text = 'name: shop\nchecks:\n  environment:\n    - kind: kubectl\n      argv: [delete, pod, api-1]\n';
    const error = (() => {
      try {
        parsePlan(text, 'triage.yaml');
      } catch (e) {
        return e as InputError;
      }
    })()!;
    expect(error).toBeInstanceOf(InputError);
    expect([error.line, error.field]).toEqual([5, 'checks.environment[0].argv']);
    expect(error.reason).toMatch(/"delete" is not one of the read verbs/);
  });
});

describe('running kubectl checks against the replay of a bundle', () => {
  const cluster = new BundleCluster(MINI);
  afterAll(() => cluster.close());
  const plan = planSchema.parse({});
  const run = (
    argv: string[],
    extra: Record<string, unknown> = {},
    source: ClusterSource | null = cluster,
    env: Record<string, string> = { PATH: process.env.PATH ?? '' },
  ) => {
    const check = kubectlKind.create(kubectlSpec.parse({ kind: 'kubectl', argv, ...extra }), 'environment', 0);
    return runOne(check, { defaultTimeoutMs: 15_000, context: { plan, baseDir: process.cwd(), env, now: () => new Date(), cluster: source ?? undefined } });
  };

  it('passes with the output as evidence and the command line as replay', async () => {
    const result = await run(['get', 'pods', '-n', 'shop'], { outputMatches: 'CrashLoopBackOff' });
    expect(result.status).toBe('pass');
    expect(result.evidence.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^checkout-7d9f8c6b5-q8m2z\s+0\/1\s+CrashLoopBackOff/)]));
    expect(result.evidence[0]!.source).toBe('kubectl get pods -n shop');
    expect(result.replay).toBe(`kubectl ${cluster.kubectlFlags.join(' ')} get pods -n shop`);
  });

  it('fails on an unexpected exit or a forbidden line in the output', async () => {
    const denied = await run(['auth', 'can-i', 'delete', 'pods']);
    expect(denied.status).toBe('fail');
    expect(denied.summary).toMatch(/exited 1, expected exit 0/);
    const crash = await run(['get', 'pods', '-A'], { outputMustNotMatch: 'CrashLoopBackOff|Error' });
    expect(crash.status).toBe('fail');
    expect(crash.summary).toMatch(/output has \/CrashLoopBackOff\|Error\/: /);
  });

  it('is an error when kubectl is not installed, and skips without a cluster', async () => {
    const missing = await run(['get', 'pods'], {}, cluster, { PATH: '/nonexistent' });
    expect(missing).toMatchObject({ status: 'error', summary: 'kubectl not found on PATH' });
    const none = await run(['get', 'pods'], {}, null);
    expect(none.status).toBe('skip');
  });
});
