// Last night's billing E2E run 3317 took its reconcile lock (ConfigMap billing/reconcile-lock-2026-04,
// labelled with its run id), then hit its Job's activeDeadlineSeconds before its teardown released
// the lock; its per-run namespace e2e-billing-3317 is still there too. Tonight's run 3342 asks
// reconcile-api to start the same period's reconcile: 409, lock held by run 3317.
// Distractors: statement-renderer stuck in ContainerCreating for four days on a missing Secret
// (FailedMount thousands of times), the runner's first DNS lookup timing out (the first
// error-looking line on the trace, retried fine), yesterday's DeadlineExceeded Job, and a
// manually created backfill Job left behind for six days.
import { Addresses, coredns, namespaces, nodes, rollout, serviceWithEndpoints } from './cluster.mjs';
import {
  DAY,
  HOUR,
  MIN,
  at,
  configMap,
  container,
  event,
  hex,
  httpProbe,
  job,
  jobComplete,
  jobFailed,
  logText,
  managed,
  meta,
  pod,
  resetVersions,
  safe,
  secret,
  slog,
  template,
  ts,
  zap,
} from './lib.mjs';

export const name = 'leftover-lock';

const NOW = at('2026-05-19T02:31:44Z');
const TRACE = 'b4e1c9d27a3f4058964e2d8a1c7f3b60';
const REG = 'registry.gitlab.example.com/billing';
const K3S = 'v1.30.5+k3s1';

const k3s = {
  labels: (n) => ({
    'beta.kubernetes.io/instance-type': 'k3s',
    'node.kubernetes.io/instance-type': 'k3s',
    ...(n.server ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
  }),
  annotations: (n) => ({
    'alpha.kubernetes.io/provided-node-ip': n.ip,
    'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${hex(`mac:${n.name}`, 12).match(/../g).join(':')}"}`,
    'flannel.alpha.coreos.com/backend-type': 'vxlan',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': n.ip,
    'k3s.io/hostname': n.name,
    'k3s.io/internal-ip': n.ip,
    'k3s.io/node-args': n.server ? '["server","--disable","traefik","--write-kubeconfig-mode","0644"]' : '["agent"]',
    'k3s.io/node-config-hash':
      hex(`cfg:${n.name}`, 52)
        .toUpperCase()
        .replace(/[0189]/g, 'A') + '====',
    'k3s.io/node-env': n.server ? '{}' : '{"K3S_URL":"https://10.31.4.10:6443"}',
  }),
  providerID: (n) => `k3s://${n.name}`,
  capacity: { cpu: '8', 'ephemeral-storage': '101569192Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32863184Ki', pods: '110' },
  allocatable: { cpu: '8', 'ephemeral-storage': '98807486029', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32863184Ki', pods: '110' },
  info: {
    containerRuntimeVersion: 'containerd://1.7.21-k3s2',
    kernelVersion: '5.15.0-122-generic',
    kubeProxyVersion: K3S,
    kubeletVersion: K3S,
    osImage: 'Ubuntu 22.04.5 LTS',
  },
};

export function build() {
  resetVersions(2_884_000);
  const nodeList = [
    { name: 'ci-k3s-server-0', server: true, ip: '10.31.4.10', podPrefix: '10.42.0.', created: at('2026-01-08T15:02:11Z') },
    { name: 'ci-k3s-agent-0', ip: '10.31.4.11', podPrefix: '10.42.1.', created: at('2026-01-08T15:04:40Z') },
    { name: 'ci-k3s-agent-1', ip: '10.31.4.12', podPrefix: '10.42.2.', created: at('2026-01-08T15:04:52Z') },
  ];
  const [S, A, B] = nodeList.map((n) => n.name);
  const ips = new Addresses(nodeList);
  const objects = [...nodes(nodeList, NOW, k3s)];
  const logs = {};
  const born = at('2026-01-08T15:02:20Z');
  const run3317 = at('2026-05-18T02:20:03Z');
  const run3342 = at('2026-05-19T02:20:05Z');
  objects.push(
    ...namespaces([
      { name: 'default', created: born },
      { name: 'kube-system', created: born },
      { name: 'kube-public', created: born },
      { name: 'kube-node-lease', created: born },
      { name: 'billing', created: at('2026-01-09T10:40:13Z'), labels: { team: 'billing' } },
      { name: 'billing-e2e', created: at('2026-01-09T10:40:14Z'), labels: { team: 'billing' } },
      {
        name: 'e2e-billing-3317',
        created: run3317 + 37_000,
        labels: { 'app.kubernetes.io/part-of': 'e2e', 'e2e.example.com/run-id': '3317', team: 'billing' },
      },
    ]),
  );

  // ---- kube-system as k3s ships it (traefik disabled) --------------------------------------------
  const dns = coredns({
    addresses: ips,
    created: born,
    image: 'rancher/mirrored-coredns-coredns:1.11.3',
    nodes: [S],
    clusterDNS: '10.43.0.10',
    now: NOW,
    go: 'go1.21.11',
  });
  objects.push(...dns.objects);
  Object.assign(logs, dns.logs);
  const system = (name, image, port, labels) => {
    const tmpl = template({
      labels,
      serviceAccountName: name,
      containers: [
        container({
          name,
          image,
          ports: port ? [{ containerPort: port, name: 'https', protocol: 'TCP' }] : undefined,
          resources: { requests: { cpu: '100m', memory: '70Mi' } },
        }),
      ],
    });
    return rollout({
      addresses: ips,
      namespace: 'kube-system',
      name,
      created: born + 5_000,
      labels,
      selector: labels,
      replicas: 1,
      conditions: [
        {
          lastTransitionTime: ts(born + 70_000),
          lastUpdateTime: ts(born + 70_000),
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available',
        },
        {
          lastTransitionTime: ts(born + 5_000),
          lastUpdateTime: ts(born + 70_000),
          message: `ReplicaSet "${name}-${'6c86858495'}" has successfully progressed.`,
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing',
        },
      ],
      revisions: [
        {
          revision: 1,
          created: born + 6_000,
          replicas: 1,
          tmpl,
          pods: [{ node: S, created: born + 7_000, readyAt: born + 60_000, run: [{ running: born + 30_000, ready: true }] }],
        },
      ],
    });
  };
  const lpp = system('local-path-provisioner', 'rancher/local-path-provisioner:v0.0.28', undefined, { app: 'local-path-provisioner' });
  const ms = system('metrics-server', 'rancher/mirrored-metrics-server:v0.7.2', 10250, { 'k8s-app': 'metrics-server' });
  for (const s of [lpp, ms]) {
    s.deploy.status.conditions[1].message = `ReplicaSet "${s.replicaSets[0].metadata.name}" has successfully progressed.`;
    objects.push(s.deploy, ...s.replicaSets, ...s.pods);
    logs[`kube-system/${s.pods[0].metadata.name}/${s.deploy.metadata.name}`] = '';
  }

  // ---- billing: reconcile-api, reconcile-worker, and the renderer nobody finished setting up --------
  const env = (svc) => [
    { name: 'SERVICE_NAME', value: svc },
    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { key: 'url', name: 'billing-db' } } },
    { name: 'LOG_FORMAT', value: 'json' },
  ];
  const apiTmpl = template({
    labels: { app: 'reconcile-api', 'app.kubernetes.io/name': 'reconcile-api', 'app.kubernetes.io/version': '1.14.2' },
    serviceAccountName: 'reconcile-api',
    containers: [
      container({
        name: 'reconcile-api',
        image: `${REG}/reconcile-api:1.14.2`,
        env: [...env('reconcile-api'), { name: 'LOCK_NAMESPACE', value: 'billing' }],
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        readinessProbe: httpProbe('/healthz', 'http'),
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
      }),
    ],
  });
  const workerTmpl = template({
    labels: { app: 'reconcile-worker', 'app.kubernetes.io/name': 'reconcile-worker', 'app.kubernetes.io/version': '1.14.2' },
    serviceAccountName: 'reconcile-worker',
    containers: [
      container({
        name: 'reconcile-worker',
        image: `${REG}/reconcile-worker:1.14.2`,
        env: env('reconcile-worker'),
        ports: [{ containerPort: 9090, name: 'metrics', protocol: 'TCP' }],
        resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
      }),
    ],
  });
  const rendererTmpl = template({
    labels: { app: 'statement-renderer', 'app.kubernetes.io/name': 'statement-renderer', 'app.kubernetes.io/version': '0.3.0' },
    containers: [
      container({
        name: 'renderer',
        image: `${REG}/statement-renderer:0.3.0`,
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        resources: { limits: { memory: '1Gi' }, requests: { cpu: '250m', memory: '512Mi' } },
        volumeMounts: [{ mountPath: '/etc/signing', name: 'signing-key', readOnly: true }],
      }),
    ],
    volumes: [{ name: 'signing-key', secret: { defaultMode: 256, secretName: 'statement-signing-key' } }],
  });
  const relAt = at('2026-05-10T13:05:31Z');
  const deployOf = (name, tmpl, replicas, hash, onNodes) =>
    rollout({
      addresses: ips,
      namespace: 'billing',
      name,
      created: at('2026-01-09T11:02:40Z'),
      labels: { app: name },
      selector: { app: name },
      replicas,
      annotations: { 'kubernetes.io/change-cause': 'deploy 1.14.2 (pipeline 3121)' },
      conditions: [
        {
          lastTransitionTime: ts(relAt + 35_000),
          lastUpdateTime: ts(relAt + 35_000),
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available',
        },
        {
          lastTransitionTime: ts(at('2026-01-09T11:02:40Z')),
          lastUpdateTime: ts(relAt + 48_000),
          message: `ReplicaSet "${name}-${hash}" has successfully progressed.`,
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing',
        },
      ],
      revisions: [
        {
          revision: 9,
          hash,
          created: relAt,
          replicas,
          tmpl,
          pods: onNodes.map((n, i) => ({
            node: n,
            created: relAt + i * 20_000,
            readyAt: relAt + 15_000 + i * 20_000,
            run: [{ running: relAt + 6_000 + i * 20_000, ready: true }],
          })),
        },
      ],
    });
  const api = deployOf('reconcile-api', apiTmpl, 2, '5d8c9f7b46', [A, B]);
  const worker = deployOf('reconcile-worker', workerTmpl, 2, '78b9d6c5f4', [B, A]);
  const rendererAt = at('2026-05-15T09:12:00Z');
  const renderer = rollout({
    addresses: ips,
    namespace: 'billing',
    name: 'statement-renderer',
    created: rendererAt,
    labels: { app: 'statement-renderer' },
    selector: { app: 'statement-renderer' },
    replicas: 1,
    conditions: [
      {
        lastTransitionTime: ts(rendererAt + 1_000),
        lastUpdateTime: ts(rendererAt + 1_000),
        message: 'Deployment does not have minimum availability.',
        reason: 'MinimumReplicasUnavailable',
        status: 'False',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(rendererAt + 601_000),
        lastUpdateTime: ts(rendererAt + 601_000),
        message: 'ReplicaSet "statement-renderer-7f9d8b6c54" has timed out progressing.',
        reason: 'ProgressDeadlineExceeded',
        status: 'False',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 1,
        hash: '7f9d8b6c54',
        created: rendererAt,
        replicas: 1,
        tmpl: rendererTmpl,
        pods: [{ node: B, created: rendererAt + 500, readyAt: rendererAt + 500, run: [{ waiting: { reason: 'ContainerCreating' } }], suffix: 'pw2xk' }],
      },
    ],
  });
  const rendererPod = renderer.pods[0];
  // A pod that never started has no IP.
  delete rendererPod.status.podIP;
  delete rendererPod.status.podIPs;

  objects.push(
    api.deploy,
    ...api.replicaSets,
    ...api.pods,
    worker.deploy,
    ...worker.replicaSets,
    ...worker.pods,
    renderer.deploy,
    ...renderer.replicaSets,
    ...renderer.pods,
    ...serviceWithEndpoints({
      namespace: 'billing',
      name: 'reconcile-api',
      created: at('2026-01-09T11:02:40Z'),
      labels: { app: 'reconcile-api' },
      selector: { app: 'reconcile-api' },
      clusterIP: '10.43.118.40',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: api.pods,
      updated: relAt + 35_000,
    }),
    ...serviceWithEndpoints({
      namespace: 'billing',
      name: 'statement-renderer',
      created: rendererAt,
      labels: { app: 'statement-renderer' },
      selector: { app: 'statement-renderer' },
      clusterIP: '10.43.201.7',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: renderer.pods,
      updated: rendererAt,
    }),
    secret({ namespace: 'billing', name: 'billing-db', created: at('2026-01-09T10:58:02Z'), keys: ['url'], labels: { team: 'billing' } }),
    ...['reconcile-api', 'reconcile-worker'].map((sa) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta({ namespace: 'billing', name: sa, created: at('2026-01-09T11:02:30Z') }),
    })),
  );

  // ---- the leftover: run 3317's lock and namespace --------------------------------------------
  const lockAt = run3317 + 60_000;
  const lock = configMap({
    namespace: 'billing',
    name: 'reconcile-lock-2026-04',
    created: lockAt,
    labels: {
      'app.kubernetes.io/managed-by': 'reconcile-api',
      'billing.example.com/lock': 'reconcile',
      'billing.example.com/period': '2026-04',
      'e2e.example.com/run-id': '3317',
    },
    annotations: { 'billing.example.com/released-by': "DELETE /v1/reconcile/runs/{run} (the run owner's teardown)" },
    data: { acquiredAt: ts(lockAt), holder: 'run-3317/e2e-billing-3317-q7x2m', period: '2026-04', run: '3317', trace: 'a07c3e91f5b24d68807e1c2b9d4f6a35' },
    managedFields: [
      managed('reconcile-api', 'Update', lockAt, 'v1', {
        'f:data': { '.': {}, 'f:acquiredAt': {}, 'f:holder': {}, 'f:period': {}, 'f:run': {}, 'f:trace': {} },
        'f:metadata': {
          'f:annotations': { '.': {}, 'f:billing.example.com/released-by': {} },
          'f:labels': {
            '.': {},
            'f:app.kubernetes.io/managed-by': {},
            'f:billing.example.com/lock': {},
            'f:billing.example.com/period': {},
            'f:e2e.example.com/run-id': {},
          },
        },
      }),
    ],
  });
  objects.push(lock);
  const runLabels = (run) => ({ 'app.kubernetes.io/part-of': 'e2e', 'e2e.example.com/run-id': String(run) });
  const seedName = 'seed-ledger-3317';
  const seedTmpl = template({
    labels: runLabels(3317),
    restartPolicy: 'Never',
    containers: [
      container({
        name: 'seed',
        image: `${REG}/ledger-fixtures:1.6.0`,
        args: ['seed', '--period', '2026-04', '--accounts', '250'],
        env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { key: 'url', name: 'fixtures-db' } } }],
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
      }),
    ],
  });
  const seed = job({
    namespace: 'e2e-billing-3317',
    name: seedName,
    created: run3317 + 39_000,
    labels: runLabels(3317),
    tmpl: seedTmpl,
    backoffLimit: 2,
    status: jobComplete({ start: run3317 + 39_000, completedAt: run3317 + 112_000 }),
  });
  const seedPod = pod({
    namespace: 'e2e-billing-3317',
    name: `${seedName}-${safe('seed3317', 5)}`,
    generateName: `${seedName}-`,
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: seedName, uid: seed.metadata.uid },
    tmpl: seed.spec.template,
    node: A,
    hostIP: ips.hostIP(A),
    ip: ips.pod(A),
    created: run3317 + 39_000,
    run: [{ terminated: { reason: 'Completed', exitCode: 0, startedAt: run3317 + 44_000, finishedAt: run3317 + 110_000 } }],
  });
  objects.push(
    seed,
    seedPod,
    configMap({
      namespace: 'e2e-billing-3317',
      name: 'fixtures-3317',
      created: run3317 + 38_000,
      labels: runLabels(3317),
      data: { accounts: '250', period: '2026-04', seed: '3317' },
    }),
    secret({ namespace: 'e2e-billing-3317', name: 'fixtures-db', created: run3317 + 38_000, keys: ['url'], labels: runLabels(3317) }),
  );
  logs[`e2e-billing-3317/${seedPod.metadata.name}/seed`] = '';

  // ---- the E2E runs: yesterday's hit its deadline before teardown; tonight's is refused -----------------
  const runnerTmpl = (run) =>
    template({
      labels: { 'app.kubernetes.io/name': 'e2e-billing', ...runLabels(run) },
      serviceAccountName: 'e2e-runner',
      restartPolicy: 'Never',
      containers: [
        container({
          name: 'e2e',
          image: `${REG}/e2e-runner:2.7.1`,
          args: ['run', '--suite', 'reconcile', '--period', '2026-04', '--run-id', String(run)],
          env: [
            { name: 'RECONCILE_API', value: 'http://reconcile-api.billing.svc:8080' },
            { name: 'RUN_NAMESPACE', value: `e2e-billing-${run}` },
          ],
          resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        }),
      ],
    });
  const yesterday = job({
    namespace: 'billing-e2e',
    name: 'e2e-billing-3317',
    created: run3317,
    labels: { 'app.kubernetes.io/name': 'e2e-billing', ...runLabels(3317) },
    annotations: { 'ci.example.com/pipeline': 'https://gitlab.example.com/billing/reconcile/-/pipelines/3317' },
    tmpl: runnerTmpl(3317),
    backoffLimit: 0,
    activeDeadlineSeconds: 900,
    ttlSecondsAfterFinished: 172800,
    status: jobFailed({ start: run3317, failedAt: run3317 + 900_000, reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }),
  });
  const tonight = job({
    namespace: 'billing-e2e',
    name: 'e2e-billing-3342',
    created: run3342,
    labels: { 'app.kubernetes.io/name': 'e2e-billing', ...runLabels(3342) },
    annotations: { 'ci.example.com/pipeline': 'https://gitlab.example.com/billing/reconcile/-/pipelines/3342' },
    tmpl: runnerTmpl(3342),
    backoffLimit: 0,
    activeDeadlineSeconds: 900,
    ttlSecondsAfterFinished: 172800,
    status: jobFailed({ start: run3342, failedAt: run3342 + 17_000 }),
  });
  const runnerStart = run3342 + 7_000;
  const runnerEnd = run3342 + 16_000;
  const runnerIP = ips.pod(A);
  const runner = pod({
    namespace: 'billing-e2e',
    name: `e2e-billing-3342-${safe('runner3342', 5)}`,
    generateName: 'e2e-billing-3342-',
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'e2e-billing-3342', uid: tonight.metadata.uid },
    tmpl: tonight.spec.template,
    node: A,
    hostIP: ips.hostIP(A),
    ip: runnerIP,
    created: run3342,
    run: [{ terminated: { reason: 'Error', exitCode: 1, startedAt: runnerStart, finishedAt: runnerEnd } }],
  });
  objects.push(yesterday, tonight, runner, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta({ namespace: 'billing-e2e', name: 'e2e-runner', created: at('2026-01-09T10:41:00Z') }),
  });

  // ---- a manual backfill left behind, and the CronJob it was made from ------------------------------
  const compactionTmpl = template({
    labels: { app: 'ledger-compaction' },
    restartPolicy: 'OnFailure',
    containers: [
      container({
        name: 'compaction',
        image: `${REG}/ledger-tools:1.14.2`,
        args: ['compact', '--older-than', '90d'],
        env: env('ledger-compaction').slice(1, 2),
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
      }),
    ],
  });
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta({ namespace: 'billing', name: 'ledger-compaction', created: at('2026-01-20T08:00:00Z'), generation: 1 }),
    spec: {
      concurrencyPolicy: 'Forbid',
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: 2, template: compactionTmpl } },
      schedule: '0 1 * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status: { lastScheduleTime: ts(at('2026-05-19T01:00:00Z')), lastSuccessfulTime: ts(at('2026-05-19T01:03:41Z')) },
  };
  const cronJobName = `ledger-compaction-${Math.floor(at('2026-05-19T01:00:00Z') / 60_000)}`;
  const cronRun = job({
    namespace: 'billing',
    name: cronJobName,
    created: at('2026-05-19T01:00:00Z'),
    labels: {},
    tmpl: compactionTmpl,
    backoffLimit: 2,
    owner: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'ledger-compaction', uid: cron.metadata.uid },
    status: jobComplete({ start: at('2026-05-19T01:00:00Z'), completedAt: at('2026-05-19T01:03:41Z') }),
  });
  const backfillAt = at('2026-05-13T14:41:09Z');
  const backfill = job({
    namespace: 'billing',
    name: 'ledger-backfill-manual',
    created: backfillAt,
    annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
    tmpl: compactionTmpl,
    backoffLimit: 2,
    status: jobComplete({ start: backfillAt, completedAt: backfillAt + 1_092_000 }),
  });
  const jobPod = (j, node, start, end) =>
    pod({
      namespace: 'billing',
      name: `${j.metadata.name}-${safe(`jp:${j.metadata.name}`, 5)}`,
      generateName: `${j.metadata.name}-`,
      owner: { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, uid: j.metadata.uid },
      tmpl: j.spec.template,
      node,
      hostIP: ips.hostIP(node),
      ip: ips.pod(node),
      created: start,
      run: [{ terminated: { reason: 'Completed', exitCode: 0, startedAt: start + 4_000, finishedAt: end } }],
    });
  const cronPod = jobPod(cronRun, B, at('2026-05-19T01:00:00Z'), at('2026-05-19T01:03:40Z'));
  const backfillPod = jobPod(backfill, A, backfillAt, backfillAt + 1_091_000);
  objects.push(cron, cronRun, cronPod, backfill, backfillPod);
  logs[`billing/${cronPod.metadata.name}/compaction`] = '';
  logs[`billing/${backfillPod.metadata.name}/compaction`] = '';

  // ---- logs of the last hour -----------------------------------------------------------------------
  const T = run3342 + 8_204;
  const runnerLog = [
    [T, slog('INFO', T, 'e2e-runner 2.7.1', { suite: 'reconcile', run_id: 3342, period: '2026-04', trace_id: TRACE })],
    [
      T + 5_013,
      slog('WARN', T + 5_013, 'reconcile-api not reachable yet, retrying', {
        attempt: 1,
        error: `Get "http://reconcile-api.billing.svc:8080/healthz": dial tcp: lookup reconcile-api.billing.svc on 10.43.0.10:53: read udp ${runnerIP}:48211->10.43.0.10:53: i/o timeout`,
        trace_id: TRACE,
      }),
    ],
    [T + 7_031, slog('INFO', T + 7_031, 'reconcile-api ready', { attempt: 2, took: '7.03s', trace_id: TRACE })],
    [T + 7_040, slog('INFO', T + 7_040, 'POST /v1/reconcile/runs', { period: '2026-04', run_id: 3342, trace_id: TRACE })],
    [
      T + 7_118,
      slog(
        'ERROR',
        T + 7_118,
        'start reconcile failed: 409 Conflict: lock held by run-3317 since 2026-05-18T02:21:03Z (configmaps "reconcile-lock-2026-04" already exists)',
        { trace_id: TRACE },
      ),
    ],
    [
      T + 7_121,
      slog('ERROR', T + 7_121, 'run 3342 aborted: the reconcile lock for period 2026-04 is held by another run; not creating namespace e2e-billing-3342', {
        trace_id: TRACE,
      }),
    ],
  ];
  logs[`billing-e2e/${runner.metadata.name}/e2e`] = logText(runner.metadata.name, runnerLog);

  const [api1, api2] = api.pods;
  const caller = 'httpapi/runs.go';
  const healthz = (p, from) => {
    const out = [];
    for (let t = from; t < NOW; t += 5 * MIN + 13_000) out.push([t, zap('info', t, 'httpapi/server.go:88', 'reconcile runs', { open: 0, locks: 1 }, 'time')]);
    void p;
    return out;
  };
  const api1Lines = [
    ...healthz(api1, NOW - 58 * MIN),
    [
      T + 7_034,
      zap('info', T + 7_034, 'httpapi/server.go:61', 'request', { method: 'GET', path: '/healthz', status: 200, duration_ms: 0.3, trace_id: TRACE }, 'time'),
    ],
  ];
  const api2Lines = [
    ...healthz(api2, NOW - 56 * MIN),
    [T + 7_046, zap('info', T + 7_046, `${caller}:54`, 'start reconcile', { period: '2026-04', run_id: '3342', trace_id: TRACE }, 'time')],
    [
      T + 7_109,
      zap(
        'error',
        T + 7_109,
        'lock/configmap.go:71',
        'acquire reconcile lock',
        {
          lock: 'billing/reconcile-lock-2026-04',
          error: 'configmaps "reconcile-lock-2026-04" already exists',
          holder: 'run-3317/e2e-billing-3317-q7x2m',
          held_since: '2026-05-18T02:21:03Z',
          trace_id: TRACE,
        },
        'time',
      ),
    ],
    [
      T + 7_112,
      zap(
        'info',
        T + 7_112,
        'httpapi/server.go:61',
        'request',
        { method: 'POST', path: '/v1/reconcile/runs', status: 409, duration_ms: 66, trace_id: TRACE },
        'time',
      ),
    ],
  ];
  logs[`billing/${api1.metadata.name}/reconcile-api`] = logText(api1.metadata.name, api1Lines);
  logs[`billing/${api2.metadata.name}/reconcile-api`] = logText(api2.metadata.name, api2Lines);
  for (const [i, p] of worker.pods.entries()) {
    const lines = [];
    for (let t = NOW - 57 * MIN + i * 70_000; t < NOW; t += 10 * MIN)
      lines.push([t, zap('info', t, 'worker/loop.go:40', 'no pending reconcile runs', { queue: 'reconcile', waited_s: 600 }, 'time')]);
    logs[`billing/${p.metadata.name}/reconcile-worker`] = logText(p.metadata.name, lines);
  }

  // ---- events of the last hour ------------------------------------------------------------------------
  const kubelet = (o, host, reason, message, type, first, fieldPath, count = 1, last = first) =>
    event({ about: o, reason, message, type, count, first, last, component: 'kubelet', host, fieldPath });
  const mountEvery = 2 * MIN + 2_000;
  const mountCount = Math.floor((NOW - 75_000 - (rendererAt + 2_000)) / mountEvery);
  objects.push(
    kubelet(
      rendererPod,
      B,
      'FailedMount',
      'MountVolume.SetUp failed for volume "signing-key" : secret "statement-signing-key" not found',
      'Warning',
      rendererAt + 2_000,
      undefined,
      mountCount,
      NOW - 75_000,
    ),
    event({ about: tonight, reason: 'SuccessfulCreate', message: `Created pod: ${runner.metadata.name}`, first: run3342, component: 'job-controller' }),
    event({
      about: runner,
      reason: 'Scheduled',
      message: `Successfully assigned billing-e2e/${runner.metadata.name} to ${A}`,
      first: run3342,
      component: 'default-scheduler',
    }),
    kubelet(runner, A, 'Pulled', `Container image "${REG}/e2e-runner:2.7.1" already present on machine`, 'Normal', run3342 + 5_000, 'spec.containers{e2e}'),
    kubelet(runner, A, 'Created', 'Created container e2e', 'Normal', run3342 + 6_000, 'spec.containers{e2e}'),
    kubelet(runner, A, 'Started', 'Started container e2e', 'Normal', run3342 + 7_000, 'spec.containers{e2e}'),
    event({
      about: tonight,
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      type: 'Warning',
      first: run3342 + 17_000,
      component: 'job-controller',
    }),
  );

  const manifest = {
    format: 'triage-bundle/v1',
    capturedAt: ts(NOW),
    context: 'ci-k3s',
    serverVersion: {
      major: '1',
      minor: '30',
      gitVersion: K3S,
      gitCommit: '9b586704a2c3bd0f3e4d8b6a2f4e6c8d0a1b3c5d',
      gitTreeState: 'clean',
      buildDate: '2024-09-19T23:02:11Z',
      goVersion: 'go1.22.7',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    namespaces: [],
    allNamespaces: true,
    since: '1h',
    failures: [],
  };
  void DAY;
  void HOUR;
  return { manifest, objects, logs, files: {} };
}
