import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as R from '../../../src/kube/analyze/resources';
import { parseImage, templateChanges } from '../../../src/kube/analyze/template-diff';
import { analyzeChanges, changesCheck } from '../../../src/kube/checks/versions/changes';
import { kubectlFor } from '../../../src/kube/checks/kit';
import { parseArgs, GLOBAL_FLAGS } from '../../../src/cli/args';
import { clusterFor } from '../../../src/cli/cluster';
import type { BundleCluster } from '../../../src/kube/client-bundle';
import type { ClusterSource, KubeList } from '../../../src/model/cluster';
import type { CheckContext } from '../../../src/checks/types';
import type { CheckOutcome, Fact } from '../../../src/model';
import { planSchema, type Plan } from '../../../src/plan/schema';
import { BundleSource, DEMO_BUNDLE, itemsOf, readResource } from './bundle-source';
import { CAPTURED_AT, CHANGE_RESOURCES, PLANTED_VALUES, writeChangeBundle } from './change-fixtures';
import { optionsFor } from './resources';
import { removeTempDirs, tempDir } from '../support';

const list = (file: string) => CHANGE_RESOURCES[file] as unknown as KubeList;

/** The fixture incident parsed as the check parses it. */
function fixtureInput() {
  return {
    replicaSets: R.parseItems(list('replicasets.apps'), R.replicaSetSchema, 'replicasets'),
    controllerRevisions: R.parseItems(list('controllerrevisions.apps'), R.controllerRevisionSchema, 'controllerrevisions'),
    deployments: R.parseItems(list('deployments.apps'), R.deploymentSchema, 'deployments'),
    pods: R.parseItems(list('pods'), R.podSchema, 'pods'),
    configMaps: R.keyedObjects(list('configmaps'), 'configmaps'),
    secrets: R.keyedObjects(list('secrets'), 'secrets'),
    hpas: R.parseItems(list('horizontalpodautoscalers.autoscaling'), R.hpaSchema, 'horizontalpodautoscalers'),
    events: R.parseItems(list('events'), R.eventSchema, 'events'),
    nodes: R.parseItems(list('nodes'), R.nodeSchema, 'nodes'),
    jobs: R.parseItems(list('jobs.batch'), R.jobSchema, 'jobs'),
  };
}

const options = (now = CAPTURED_AT) => ({ now: new Date(now), kubectl: kubectlFor([]), scope: ['-A'] });
const fixture = (lookbackMs?: number) => analyzeChanges(fixtureInput(), options(), lookbackMs);

function template(container: Record<string, unknown>, labels: Record<string, string> = { app: 'checkout' }, extra: Record<string, unknown> = {}) {
  return R.replicaSetSchema.parse({
    metadata: { name: 'x' },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'checkout', ...container }], ...extra } } },
  }).spec.template;
}

describe('pod template differences', () => {
  const base = {
    image: 'registry.example.com/shop/checkout:1.4.2',
    env: [{ name: 'PAYMENT_MODE', value: 'pm-sandbox-2b9c' }],
    args: ['--db-password=hunter2-9c1'],
  };
  it.each([
    ['a new tag as repository old → new', { image: 'registry.example.com/shop/checkout:1.4.3' }, ['image shop/checkout 1.4.2 → 1.4.3']],
    [
      'a pinned digest by its short form',
      { image: `registry.example.com/shop/checkout:1.4.2@sha256:${'a'.repeat(64)}` },
      ['image shop/checkout 1.4.2 → 1.4.2@sha256:aaaaaaaaaaaa'],
    ],
    ['another repository in full', { image: 'ghcr.io/acme/checkout:1.4.2' }, ['image registry.example.com/shop/checkout:1.4.2 → ghcr.io/acme/checkout:1.4.2']],
    ['a literal env value as "changed", never the value', { env: [{ name: 'PAYMENT_MODE', value: 'pm-live-7f3a' }] }, ['env PAYMENT_MODE changed']],
    ['env names added and removed', { env: [{ name: 'SETTLE_BATCH', value: '500' }] }, ['env SETTLE_BATCH added', 'env PAYMENT_MODE removed']],
    [
      "a literal moved to a secret by the secret's name and key",
      { env: [{ name: 'PAYMENT_MODE', valueFrom: { secretKeyRef: { name: 'payments', key: 'mode' } } }] },
      ['env PAYMENT_MODE now from secret payments key mode (was a literal value)'],
    ],
    ['args as "changed", never the args', { args: ['--db-password=hunter2-9c1', '--workers=8'] }, ['args changed']],
    ['a command as "changed"', { command: ['/bin/checkout', '--migrate'] }, ['command changed']],
    [
      'a request and limit moved together as one change, a new limit as set',
      { resources: { limits: { memory: '1Gi', cpu: '1' }, requests: { memory: '1Gi' } } },
      ['cpu limit set to 1', 'memory request and limit 512Mi → 1Gi'],
      { resources: { limits: { memory: '512Mi' }, requests: { memory: '512Mi' } } },
    ],
    [
      'envFrom sources by name',
      { envFrom: [{ configMapRef: { name: 'checkout-config-v2' } }] },
      ['envFrom config map checkout-config-v2 added', 'envFrom config map checkout-config removed'],
      { envFrom: [{ configMapRef: { name: 'checkout-config' } }] },
    ],
  ] as [string, Record<string, unknown>, string[], Record<string, unknown>?][])('says %s', (_behaviour, change, expected, before = {}) => {
    const diff = templateChanges(template({ ...base, ...before }), template({ ...base, ...before, ...change })).map((d) => d.text);
    expect(diff).toEqual(expected);
    for (const value of PLANTED_VALUES) expect(diff.join('\n')).not.toContain(value);
  });

  it('ranks images first and labels last, and ignores the pod-template-hash every ReplicaSet has', () => {
    const before = template(base, { app: 'checkout', 'pod-template-hash': '6d5f7c9b8' });
    const after = template(
      { ...base, image: 'registry.example.com/shop/checkout:1.4.3' },
      { 'app.kubernetes.io/name': 'checkout', 'pod-template-hash': '7b4d9f6c8' },
    );
    expect(templateChanges(before, after).map((d) => d.text)).toEqual([
      'image shop/checkout 1.4.2 → 1.4.3',
      'label app=checkout removed',
      'label app.kubernetes.io/name=checkout added',
    ]);
    expect(templateChanges(before, template(base, { app: 'checkout', 'pod-template-hash': 'other' }))).toEqual([]);
  });

  it('names the config map a volume now mounts, and falls back to "changed elsewhere" for fields it does not read', () => {
    const mount = (name: string) => ({ volumes: [{ name: 'config', configMap: { name } }] });
    expect(templateChanges(template(base, undefined, mount('a')), template(base, undefined, mount('b'))).map((d) => d.text)).toEqual([
      'volume config now config map b (was config map a)',
    ]);
    const probe = (path: string) => template({ ...base, readinessProbe: { httpGet: { path, port: 8080 } } });
    expect(templateChanges(probe('/ready'), probe('/healthz')).map((d) => d.text)).toEqual([
      'pod template changed outside images, env, command, resources, volumes and labels',
    ]);
  });

  it.each([
    ['registry.example.com:5000/shop/checkout:2.8.0', 'shop/checkout', '2.8.0'],
    ['docker.io/library/postgres:16.3', 'postgres', '16.3'],
    ['postgres', 'postgres', undefined],
    ['localhost/team/app:dev', 'team/app', 'dev'],
  ])('reads %s as %s at %s', (image, path, tag) => {
    const ref = parseImage(image);
    expect([ref.path, ref.tag]).toEqual([path, tag]);
  });
});

interface Row {
  behaviour: string;
  object: string;
  subjects: string[];
  bucket: Fact['bucket'];
  phrase: string;
  time: string;
  replay: string;
  /** Substrings of the fact's evidence. */
  evidence?: string[];
}

const ROWS: Row[] = [
  {
    behaviour: 'a Deployment rollout: the new ReplicaSet against the revision before it, with the scale events of the rollout',
    object: 'shop/replicaset/checkout-7b4d9f6c8',
    subjects: ['checkout'],
    bucket: 'version-drift',
    phrase: 'rolled out checkout-7b4d9f6c8 (revision 8): image shop/checkout 1.4.2 → 1.4.3, env PAYMENT_MODE changed, env SETTLE_BATCH added and 3 more',
    time: '2025-03-14T09:52:00Z',
    replay: 'kubectl rollout history deployment/checkout -n shop --revision=8',
    evidence: [
      '6 differences against checkout-6d5f7c9b8 (revision 7), created 2025-03-10T15:20:00Z: image shop/checkout 1.4.2 → 1.4.3; env PAYMENT_MODE changed; env SETTLE_BATCH added; env LEGACY_RETRY removed; args changed; label app.kubernetes.io/version 1.4.2 → 1.4.3',
      'Scaled down replica set checkout-6d5f7c9b8 to 1 from 2',
    ],
  },
  {
    behaviour: 'a StatefulSet rollout read from its ControllerRevisions',
    object: 'shop/controllerrevision/orders-db-6c9d8e7f5',
    subjects: ['orders-db'],
    bucket: 'version-drift',
    phrase: 'rolled out StatefulSet orders-db as orders-db-6c9d8e7f5 (revision 3): image postgres 16.2 → 16.3, memory limit 1Gi → 2Gi',
    time: '2025-03-14T09:40:00Z',
    replay: 'kubectl rollout history statefulset/orders-db -n shop --revision=3',
  },
  {
    behaviour: 'a Deployment whose spec changed but whose controller has not acted on it, dated by the last spec write',
    object: 'shop/deployment/cart',
    subjects: ['cart'],
    bucket: 'version-drift',
    phrase: 'spec changed but not yet acted on (generation 12, observed 11)',
    time: '2025-03-14T09:58:00Z',
    replay: 'kubectl rollout status deployment/cart -n shop --watch=false',
    evidence: ['last spec write by kubectl-edit at 2025-03-14T09:58:00Z'],
  },
  {
    behaviour: 'a paused rollout, dated by its DeploymentPaused condition',
    object: 'shop/deployment/payments-worker',
    subjects: ['payments-worker'],
    bucket: 'version-drift',
    phrase: 'rollout paused: template changes wait for kubectl rollout resume',
    time: '2025-03-14T09:30:00Z',
    replay: 'kubectl rollout status deployment/payments-worker -n shop --watch=false',
  },
  {
    behaviour: "a rollout completing, from the Progressing condition's last update",
    object: 'shop/deployment/checkout',
    subjects: ['checkout'],
    bucket: 'version-drift',
    phrase: 'rollout complete',
    time: '2025-03-14T09:53:10Z',
    replay: 'kubectl rollout status deployment/checkout -n shop --watch=false',
  },
  {
    behaviour: 'a config map write, by its managedFields time and manager, about the workload that reads it',
    object: 'shop/configmap/checkout-config',
    subjects: ['checkout'],
    bucket: 'auth-config-mismatch',
    phrase: 'config map checkout-config updated by kubectl-edit; read by checkout',
    time: '2025-03-14T09:50:00Z',
    replay:
      "kubectl get configmap -n shop checkout-config --show-managed-fields -o 'custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager'",
  },
  {
    behaviour: 'a new config map no pod reads, about itself',
    object: 'shop/configmap/feature-flags',
    subjects: ['feature-flags'],
    bucket: 'auth-config-mismatch',
    phrase: 'config map feature-flags created',
    time: '2025-03-14T09:57:30Z',
    replay:
      "kubectl get configmap -n shop feature-flags --show-managed-fields -o 'custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager'",
  },
  {
    behaviour: 'a secret write, by name only, about the workload whose pods read it',
    object: 'shop/secret/payments-api',
    subjects: ['payments-worker'],
    bucket: 'auth-config-mismatch',
    phrase: 'secret payments-api updated by kubectl-client-side-apply; read by payments-worker',
    time: '2025-03-14T09:45:00Z',
    replay:
      "kubectl get secret -n shop payments-api --show-managed-fields -o 'custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager'",
  },
  {
    behaviour: 'a Helm upgrade, from the release Secret Helm writes',
    object: 'shop/secret/sh.helm.release.v1.cart.v14',
    subjects: ['cart'],
    bucket: 'version-drift',
    phrase: 'Helm release cart revision 14 (deployed)',
    time: '2025-03-14T09:57:00Z',
    replay:
      "kubectl get secret -n shop sh.helm.release.v1.cart.v14 --show-managed-fields -o 'custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager'",
  },
  {
    behaviour: 'an autoscaler rescale from its event, with the Deployment scale it caused folded in',
    object: 'shop/hpa/worker-hpa',
    subjects: ['worker'],
    bucket: 'resource-pressure',
    phrase: 'autoscaler rescaled worker to 6: cpu resource utilization (percentage of request) above target',
    time: '2025-03-14T09:55:00Z',
    replay: 'kubectl describe hpa -n shop worker-hpa',
    evidence: ['6 replicas now, 6 desired, min 3, max 6', 'scaled up replica set worker-5c8d7b9f4 to 6 from 3'],
  },
  {
    behaviour: 'an autoscaler rescale whose event has expired, from status.lastScaleTime',
    object: 'shop/hpa/checkout',
    subjects: ['checkout'],
    bucket: 'resource-pressure',
    phrase: 'autoscaler rescaled checkout (4 replicas now, 4 desired, min 2, max 6)',
    time: '2025-03-14T09:20:00Z',
    replay: 'kubectl describe hpa -n shop checkout',
  },
  {
    behaviour: 'a node condition turning bad',
    object: 'node/node-a',
    subjects: ['node-a'],
    bucket: 'resource-pressure',
    phrase: 'node node-a MemoryPressure → True (KubeletHasInsufficientMemory)',
    time: '2025-03-14T09:48:00Z',
    replay: 'kubectl describe node node-a',
    evidence: ['kubelet has insufficient memory available'],
  },
  {
    behaviour: 'a node joining, its first healthy conditions part of the join',
    object: 'node/node-c',
    subjects: ['node-c'],
    bucket: 'environment-not-ready',
    phrase: 'node node-c joined (kubelet v1.30.4)',
    time: '2025-03-14T09:30:00Z',
    replay: 'kubectl describe node node-c',
  },
  {
    behaviour: 'a job started again after an earlier run of the same job, as a rerun',
    object: 'shop-e2e/job/e2e-checkout-1907',
    subjects: ['e2e-checkout-1907'],
    bucket: 'replay-dedupe',
    phrase: 'job e2e-checkout-1907 started, failed (BackoffLimitExceeded); a rerun after e2e-run-1841/e2e-checkout-1841',
    time: '2025-03-14T09:56:00Z',
    replay: 'kubectl get job -n shop-e2e e2e-checkout-1907 -o wide',
    evidence: ['earlier run e2e-run-1841/e2e-checkout-1841 started 2025-03-11T14:03:12Z, failed (BackoffLimitExceeded)'],
  },
  {
    behaviour: 'a scheduled job start, not a rerun',
    object: 'shop/job/settle-nightly-28991520',
    subjects: ['settle-nightly-28991520'],
    bucket: 'missing-result-data',
    phrase: 'job settle-nightly-28991520 started by cronjob settle-nightly, running',
    time: '2025-03-14T09:00:00Z',
    replay: 'kubectl get job -n shop settle-nightly-28991520 -o wide',
    evidence: ['previous scheduled run shop/settle-nightly-28988640 started 2025-03-12T09:00:00Z, complete'],
  },
];

describe('the change timeline', () => {
  const outcome = fixture();
  const factsOf = (object: string) => (outcome.facts ?? []).filter((f) => f.object === object);

  it.each(ROWS)('reports $behaviour', (row) => {
    const facts = factsOf(row.object);
    expect(facts.map((f) => f.subject)).toEqual(row.subjects);
    for (const f of facts) {
      expect(f).toMatchObject({ kind: 'change', status: 'info', bucket: row.bucket, phrase: row.phrase, time: row.time, replay: row.replay });
      const evidence = f.evidence.map((e) => e.text).join('\n');
      for (const e of row.evidence ?? []) expect(evidence).toContain(e);
      expect(f.evidence.length).toBeLessThanOrEqual(5);
    }
    expect(outcome.evidence).toContainEqual({ text: row.phrase, source: row.object, time: row.time });
  });

  it('passes with the changes counted by type, and the timeline newest first', () => {
    expect(outcome.status).toBe('pass');
    expect(outcome.summary).toBe(
      '15 changes in the 24h before 2025-03-14T10:00:00Z: 2 rollouts, 3 rollout states, 1 Helm release, 2 config map updates, 1 secret update, 2 rescales, 2 node changes, 2 job starts',
    );
    expect(outcome.evidence).toHaveLength(ROWS.length);
    const times = outcome.evidence.map((e) => Date.parse(e.time!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(outcome.replay).toBe('kubectl get rs -A -o wide --sort-by=.metadata.creationTimestamp');
  });

  it('never shows an env value, an argument, a config map value or a secret value', () => {
    const everything = JSON.stringify(outcome);
    for (const value of PLANTED_VALUES) expect(everything).not.toContain(value);
  });

  it('leaves out what the cluster writes itself and what happened before the lookback', () => {
    const objects = (outcome.facts ?? []).map((f) => f.object);
    expect(objects).not.toContain('shop-e2e/configmap/kube-root-ca.crt');
    expect(objects).not.toContain('shop-e2e/secret/default-token-x2k9q');
    expect(objects).not.toContain('shop/replicaset/checkout-6d5f7c9b8');
    expect(objects).not.toContain('shop/job/settle-nightly-28988640');
    const lastHalfHour = analyzeChanges(fixtureInput(), options(), 25 * 60_000);
    expect(lastHalfHour.summary).toMatch(/^\d+ changes in the 25m before 2025-03-14T10:00:00Z/);
    expect((lastHalfHour.facts ?? []).map((f) => f.object)).not.toContain('node/node-c');
    expect((lastHalfHour.facts ?? []).map((f) => f.object)).toContain('shop/replicaset/checkout-7b4d9f6c8');
  });

  it('names the images of a first revision, which has nothing before it to compare with', () => {
    const input = { ...fixtureInput(), controllerRevisions: [], deployments: [] };
    input.replicaSets = R.parseItems(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            metadata: {
              name: 'ledger-5b9d7c6f8',
              namespace: 'shop',
              creationTimestamp: '2025-03-14T09:10:00Z',
              annotations: { 'deployment.kubernetes.io/revision': '1' },
              ownerReferences: [{ kind: 'Deployment', name: 'ledger', controller: true }],
            },
            spec: {
              template: {
                spec: {
                  containers: [
                    { name: 'ledger', image: 'registry.example.com/shop/ledger:0.1.0' },
                    { name: 'proxy', image: 'envoyproxy/envoy:v1.30.1' },
                  ],
                },
              },
            },
          },
        ],
      },
      R.replicaSetSchema,
      'replicasets',
    );
    const first = analyzeChanges(input, options()).facts!.find((f) => f.object === 'shop/replicaset/ledger-5b9d7c6f8')!;
    expect(first).toMatchObject({
      subject: 'ledger',
      phrase: 'first revision ledger-5b9d7c6f8 (revision 1): ledger: image registry.example.com/shop/ledger:0.1.0, proxy: image envoyproxy/envoy:v1.30.1',
      replay: 'kubectl rollout history deployment/ledger -n shop --revision=1',
    });
  });

  it('says so when nothing changed in the lookback', () => {
    const quiet = analyzeChanges(fixtureInput(), options('2026-03-14T10:00:00Z'));
    expect(quiet).toMatchObject({ status: 'pass', summary: expect.stringContaining('nothing changed in the 24h before 2026-03-14T10:00:00Z') });
    expect(quiet.facts).toBeUndefined();
  });
});

/** The check as the runner calls it: a plan, a clock, a cluster. */
function contextFor(cluster: ClusterSource, now: Date, plan: Plan = planSchema.parse({})): CheckContext<Plan> {
  return { signal: new AbortController().signal, timeoutMs: 20_000, plan, baseDir: '.', env: {}, now: () => now, cluster };
}

const A_YEAR_MS = 365 * 86_400_000;

describe('a bundle read later', () => {
  it('gives the same timeline and facts a year after capture as on the day', async () => {
    const dir = writeChangeBundle();
    try {
      const onTheDay = await changesCheck.run(contextFor(new BundleSource(dir), new Date(CAPTURED_AT)));
      const aYearLater = await changesCheck.run(contextFor(new BundleSource(dir), new Date(Date.parse(CAPTURED_AT) + A_YEAR_MS)));
      expect(aYearLater).toEqual(onTheDay);
      expect(aYearLater.facts).toEqual(analyzeChanges(fixtureInput(), { ...options(), kubectl: kubectlFor(['--context', 'bundle-test']) }).facts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the plan's lookback", async () => {
    const dir = writeChangeBundle();
    try {
      const plan = planSchema.parse({ changes: { lookback: '15m' } });
      const r = await changesCheck.run(contextFor(new BundleSource(dir), new Date(), plan));
      // From 09:45:00 on: the secret write at 09:45 is in, the paused rollout of 09:30 and the node that joined at 09:30 are not.
      expect(r.summary).toBe(
        '10 changes in the 15m before 2025-03-14T10:00:00Z: 1 rollout, 2 rollout states, 1 Helm release, 2 config map updates, 1 secret update, 1 rescale, 1 node change, 1 job start',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the change timeline through the replay server', () => {
  let dir: string;
  let cluster: BundleCluster;
  let outcome: CheckOutcome;
  let home: string;
  beforeAll(async () => {
    dir = writeChangeBundle();
    cluster = clusterFor(parseArgs(['--bundle', dir], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
    outcome = await changesCheck.run(contextFor(cluster, new Date(Date.parse(CAPTURED_AT) + A_YEAR_MS)));
    // Reading the replay lines starts their replay without waiting; a person pastes one after the
    // walk has printed it, by when it listens. The test waits for that too: on a loaded machine
    // the first paste could otherwise come before the kubeconfig it names is written.
    await cluster.serveKubectl();
    home = tempDir('triage-kubectl-');
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
    removeTempDirs();
  });

  /** A replay as printed, through a shell, as a person pastes it. */
  const paste = (command: string) =>
    execa('sh', ['-c', command], { reject: false, stdin: 'ignore', timeout: 20_000, env: { HOME: home, PATH: process.env.PATH ?? '' }, extendEnv: false });

  it('finds what the pure analyzer finds, read through client-node', () => {
    const kubectl = kubectlFor(cluster.kubectlFlags);
    expect(outcome.summary).toBe(fixture().summary);
    expect(outcome.facts).toEqual(analyzeChanges(fixtureInput(), { ...options(), kubectl }).facts);
  });

  // kubectl's own output is the person's, in their terminal; the config map and secret replays print no data even there.
  it.each([
    ['shop/replicaset/checkout-7b4d9f6c8', ['deployment.apps/checkout with revision #8', 'registry.example.com/shop/checkout:1.4.3'], false],
    ['shop/controllerrevision/orders-db-6c9d8e7f5', ['statefulset.apps/orders-db with revision #3', 'docker.io/library/postgres:16.3'], false],
    [
      'shop/configmap/checkout-config',
      ['checkout-config   2025-01-05T08:00:00Z   2025-01-05T08:00:00Z,2025-03-14T09:50:00Z   kubectl-client-side-apply,kubectl-edit'],
      true,
    ],
    ['shop/secret/payments-api', ['payments-api   2025-01-05T08:00:00Z   2025-03-14T09:45:00Z   kubectl-client-side-apply'], true],
    ['shop/hpa/worker-hpa', ['SuccessfulRescale', 'New size: 6'], false],
    ['shop/deployment/cart', ['Waiting for deployment spec update to be observed'], false],
    ['shop-e2e/job/e2e-checkout-1907', ['e2e-checkout-1907'], false],
  ] as const)('the replay of %s runs as printed against the bundle', async (object, expected, noData) => {
    const fact = (outcome.facts ?? []).find((f) => f.object === object)!;
    expect(fact.replay).toContain(`kubectl --kubeconfig ${cluster.kubectlFlags[1]} `);
    const r = await paste(fact.replay!);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    for (const e of expected) expect(r.stdout).toContain(e);
    if (noData) for (const value of PLANTED_VALUES) expect(r.stdout).not.toContain(value);
  });

  it("the check's replay lists the ReplicaSets oldest first", async () => {
    const r = await paste(outcome.replay!);
    expect(r.exitCode).toBe(0);
    const names = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[1]);
    expect(names).toEqual(['checkout-5f8c7d6b4', 'checkout-6d5f7c9b8', 'checkout-7b4d9f6c8']);
  });
});

describe('the change timeline of the demo bundle', () => {
  const resources = {
    replicaSets: itemsOf(DEMO_BUNDLE, 'replicasets', 'apps', R.replicaSetSchema),
    controllerRevisions: itemsOf(DEMO_BUNDLE, 'controllerrevisions', 'apps', R.controllerRevisionSchema),
    deployments: itemsOf(DEMO_BUNDLE, 'deployments', 'apps', R.deploymentSchema),
    pods: itemsOf(DEMO_BUNDLE, 'pods', '', R.podSchema),
    configMaps: R.keyedObjects(readResource(DEMO_BUNDLE, 'configmaps'), 'configmaps'),
    secrets: R.keyedObjects(readResource(DEMO_BUNDLE, 'secrets'), 'secrets'),
    hpas: itemsOf(DEMO_BUNDLE, 'horizontalpodautoscalers', 'autoscaling', R.hpaSchema),
    events: itemsOf(DEMO_BUNDLE, 'events', '', R.eventSchema),
    nodes: itemsOf(DEMO_BUNDLE, 'nodes', '', R.nodeSchema),
    jobs: itemsOf(DEMO_BUNDLE, 'jobs', 'batch', R.jobSchema),
  };
  const outcome = analyzeChanges(resources, optionsFor(DEMO_BUNDLE));
  const lines = outcome.evidence.map((e) => `${e.time} [${e.source}] ${e.text}`);

  it('has the checkout rollout from 2.7.1 to 2.8.0, with its time, what it changed and the scale steps', () => {
    expect(lines).toContain(
      '2026-06-15T08:52:41Z [shop/replicaset/checkout-7b4d9f6c8] rolled out checkout-7b4d9f6c8 (revision 12): image shop/checkout 2.7.1 → 2.8.0, memory request and limit 512Mi → 1Gi, label app=checkout removed and 3 more',
    );
    const rollout = outcome.facts!.find((f) => f.object === 'shop/replicaset/checkout-7b4d9f6c8')!;
    expect(rollout.subject).toBe('checkout');
    expect(rollout.evidence.map((e) => e.text)).toEqual([
      rollout.phrase,
      expect.stringContaining('6 differences against checkout-6f9c7d8b5d (revision 11), created 2026-06-09T11:28:40Z'),
      'Scaled up replica set checkout-7b4d9f6c8 to 1',
      'Scaled down replica set checkout-6f9c7d8b5d to 2 from 3',
      'Scaled up replica set checkout-7b4d9f6c8 to 2 from 1',
    ]);
  });

  it("has the stalled rollout, the collector's rescales, the node under memory pressure and the rerun of the E2E job, newest first", () => {
    expect(outcome.summary).toBe('6 changes in the 24h before 2026-06-15T09:12:04Z: 1 rollout, 1 rollout state, 2 rescales, 1 node change, 1 job start');
    expect(lines).toEqual([
      '2026-06-15T09:04:16Z [shop/deployment/checkout] rollout stalled: progress deadline exceeded',
      '2026-06-15T09:00:38Z [shop-e2e/job/e2e-checkout-flow-1907] job e2e-checkout-flow-1907 started, failed (BackoffLimitExceeded); a rerun after e2e-run-1841/e2e-checkout-flow-1841',
      '2026-06-15T08:58:02Z [node/stg-pool-b-2ct8w] node stg-pool-b-2ct8w MemoryPressure → True (KubeletHasInsufficientMemory)',
      expect.stringContaining('[shop/replicaset/checkout-7b4d9f6c8] rolled out checkout-7b4d9f6c8 (revision 12)'),
      '2026-06-15T08:51:07Z [monitoring/hpa/opentelemetry-kube-stack-deployment-collector] autoscaler rescaled opentelemetry-kube-stack-deployment-collector to 4: memory resource utilization (percentage of request) above target',
      '2026-06-15T08:47:05Z [monitoring/hpa/opentelemetry-kube-stack-deployment-collector] autoscaler rescaled opentelemetry-kube-stack-deployment-collector to 3: memory resource utilization (percentage of request) above target',
    ]);
  });

  it('leaves out the rollouts of the day before (api-gateway, payments-worker: 27h before capture)', () => {
    expect(lines.join('\n')).not.toMatch(/api-gateway|payments-worker-5c8d7b9f4/);
  });
});

describe('metadata the timeline reads', () => {
  it('takes the latest managedFields write as the update, status writes left out', () => {
    const meta = R.metadataSchema.parse({
      name: 'x',
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2025-03-14T09:00:00Z' },
        { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', time: '2025-03-14T09:59:00Z' },
        { manager: 'kubectl-edit', operation: 'Update', time: '2025-03-14T09:30:00Z' },
      ],
    });
    expect(R.lastWrite(meta)).toEqual({ time: '2025-03-14T09:30:00Z', manager: 'kubectl-edit' });
    expect(R.lastWrite(R.metadataSchema.parse({ name: 'y' }))).toBeUndefined();
  });

  it("keeps a secret's type and write time with its names and keys, and no value", () => {
    const [secret] = R.keyedObjects(list('secrets'), 'secrets');
    expect(secret).toEqual({
      namespace: 'shop',
      name: 'payments-api',
      keys: ['api-key'],
      keysKnown: true,
      labels: {},
      creationTimestamp: '2025-01-05T08:00:00Z',
      updatedAt: '2025-03-14T09:45:00Z',
      updatedBy: 'kubectl-client-side-apply',
      type: 'Opaque',
    });
  });
});
