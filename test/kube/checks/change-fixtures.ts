// A small incident's cluster, object by object, for the change timeline's tests: the shapes are
// those `kubectl get -o json` prints (trimmed to the fields that matter), after the Kubernetes
// documentation's own examples:
// - ReplicaSets and `deployment.kubernetes.io/revision`: "Deployments" (kubernetes.io/docs/concepts/workloads/controllers/deployment/),
//   its nginx-deployment rollout, `kubectl get rs`, `kubectl rollout history --revision=2`;
// - ControllerRevision `revision` and `data.spec.template` with `$patch: replace`: the apps/v1
//   ControllerRevision API reference and `kubectl get controllerrevisions -o yaml` of a StatefulSet;
// - managedFields `manager`, `operation`, `time`: "Server-Side Apply" (kubernetes.io/docs/reference/using-api/server-side-apply/);
// - HPA `status.lastScaleTime` and SuccessfulRescale "New size: N; reason: …": "HorizontalPodAutoscaler Walkthrough";
// - Node conditions with `lastTransitionTime` and reasons (KubeletHasInsufficientMemory): "Nodes", `kubectl describe node`;
// - Job `status.startTime` and a CronJob owner: "Jobs" and "CronJob";
// - Helm release Secrets (`sh.helm.release.v1.NAME.vN`, type helm.sh/release.v1, labels name/status/version): Helm 3's storage driver.
// Values below that look secret are planted: the timeline must compare them and never show them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CAPTURED_AT = '2025-03-14T10:00:00Z';
/** Values that must never reach evidence, phrases or facts. */
export const PLANTED_VALUES = ['pm-live-7f3a', 'pm-sandbox-2b9c', 'hunter2-9c1', 'https://sandbox.pay.example/v2', 'czNjcjN0LXZhbHVl'];

const deploymentOwner = (name: string) => [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${name}`, controller: true, blockOwnerDeletion: true }];

function checkoutTemplate(version: string, hash: string, mode: string, workers: string, extraEnv: { name: string; value: string }[]) {
  return {
    metadata: { creationTimestamp: null, labels: { app: 'checkout', 'pod-template-hash': hash, 'app.kubernetes.io/version': version } },
    spec: {
      containers: [
        {
          name: 'checkout',
          image: `registry.example.com/shop/checkout:${version}`,
          args: [`--workers=${workers}`, '--db-password=hunter2-9c1'],
          env: [
            { name: 'PAYMENT_MODE', value: mode },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } },
            ...extraEnv,
          ],
          envFrom: [{ configMapRef: { name: 'checkout-config' } }],
          resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
          terminationMessagePath: '/dev/termination-log',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    },
  };
}

function replicaSet(name: string, revision: number, created: string, template: object, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: created,
      generation: 1,
      labels: { app: 'checkout', 'pod-template-hash': name.split('-').pop() },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': '2',
        'deployment.kubernetes.io/max-replicas': '3',
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: deploymentOwner('checkout'),
    },
    spec: { replicas, selector: { matchLabels: { app: 'checkout', 'pod-template-hash': name.split('-').pop() } }, template },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1 },
  };
}

const postgres = (tag: string, memory: string) => ({
  metadata: { labels: { app: 'orders-db' } },
  spec: { containers: [{ name: 'postgres', image: `docker.io/library/postgres:${tag}`, resources: { limits: { memory } } }] },
});

function controllerRevision(name: string, revision: number, created: string, template: object) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: created,
      labels: { app: 'orders-db', 'controller.kubernetes.io/hash': name.split('-').pop() },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'orders-db', uid: 'uid-orders-db', controller: true, blockOwnerDeletion: true }],
    },
    data: { spec: { template: { $patch: 'replace', ...template } } },
    revision,
  };
}

const condition = (type: string, status: string, reason: string, lastTransitionTime: string, lastUpdateTime: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime,
  lastUpdateTime,
});

function deployment(name: string, extra: { generation: number; observed: number; paused?: boolean; progressing: object; managedFields?: object[] }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      creationTimestamp: '2025-01-05T08:00:00Z',
      generation: extra.generation,
      ...(extra.managedFields ? { managedFields: extra.managedFields } : {}),
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      ...(extra.paused ? { paused: true } : {}),
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `registry.example.com/shop/${name}:1.0.0` }] } },
    },
    status: { observedGeneration: extra.observed, replicas: 2, readyReplicas: 2, conditions: [extra.progressing] },
  };
}

const pod = (name: string, rs: string, spec: object) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    creationTimestamp: '2025-03-14T09:52:03Z',
    labels: { app: name.split('-')[0], 'pod-template-hash': rs.split('-').pop() },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true }],
  },
  spec,
  status: { phase: 'Running' },
});

const event = (namespace: string, reason: string, kind: string, name: string, time: string, message: string, source: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${name}.17c0a1b2c3d4e5f6`, namespace, creationTimestamp: time },
  involvedObject: { apiVersion: kind === 'HorizontalPodAutoscaler' ? 'autoscaling/v2' : 'apps/v1', kind, name, namespace },
  reason,
  message,
  source: { component: source },
  firstTimestamp: time,
  lastTimestamp: time,
  count: 1,
  type: 'Normal',
});

const managed = (manager: string, operation: string, time: string) => ({
  manager,
  operation,
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:data': {} },
});

function node(name: string, created: string, conditions: object[]) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: created, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { conditions, nodeInfo: { kubeletVersion: 'v1.30.4' } },
  };
}

const nodeCondition = (type: string, status: string, reason: string, lastTransitionTime: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime,
  lastHeartbeatTime: '2025-03-14T09:59:40Z',
});

function job(namespace: string, name: string, startTime: string, state: object, owner?: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      creationTimestamp: startTime,
      ...(owner ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: owner, uid: `uid-${owner}`, controller: true }] } : {}),
    },
    spec: { backoffLimit: 0, completions: 1 },
    status: { startTime, ...state },
  };
}

const list = (items: object[]) => ({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });

/** The incident's resources, as `resources/<plural>[.<group>].json` files hold them. */
export const CHANGE_RESOURCES: Record<string, ReturnType<typeof list>> = {
  'replicasets.apps': list([
    replicaSet(
      'checkout-6d5f7c9b8',
      7,
      '2025-03-10T15:20:00Z',
      checkoutTemplate('1.4.2', '6d5f7c9b8', 'pm-sandbox-2b9c', '4', [{ name: 'LEGACY_RETRY', value: '3' }]),
      1,
    ),
    replicaSet(
      'checkout-7b4d9f6c8',
      8,
      '2025-03-14T09:52:00Z',
      checkoutTemplate('1.4.3', '7b4d9f6c8', 'pm-live-7f3a', '8', [{ name: 'SETTLE_BATCH', value: '500' }]),
      2,
    ),
    replicaSet(
      'checkout-5f8c7d6b4',
      6,
      '2025-03-01T11:00:00Z',
      checkoutTemplate('1.4.1', '5f8c7d6b4', 'pm-sandbox-2b9c', '4', [{ name: 'LEGACY_RETRY', value: '3' }]),
      0,
    ),
  ]),
  'controllerrevisions.apps': list([
    controllerRevision('orders-db-5d8c7b9f4', 2, '2025-02-01T10:00:00Z', postgres('16.2', '1Gi')),
    controllerRevision('orders-db-6c9d8e7f5', 3, '2025-03-14T09:40:00Z', postgres('16.3', '2Gi')),
  ]),
  'statefulsets.apps': list([
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'orders-db', namespace: 'shop', uid: 'uid-orders-db', creationTimestamp: '2025-01-05T08:00:00Z', generation: 3 },
      spec: { replicas: 1, serviceName: 'orders-db', selector: { matchLabels: { app: 'orders-db' } }, template: postgres('16.3', '2Gi') },
      status: { replicas: 1, readyReplicas: 1, currentRevision: 'orders-db-6c9d8e7f5', updateRevision: 'orders-db-6c9d8e7f5', observedGeneration: 3 },
    },
  ]),
  'deployments.apps': list([
    deployment('checkout', {
      generation: 8,
      observed: 8,
      progressing: condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        '2025-01-05T08:01:00Z',
        '2025-03-14T09:53:10Z',
        'ReplicaSet "checkout-7b4d9f6c8" has successfully progressed.',
      ),
    }),
    deployment('cart', {
      generation: 12,
      observed: 11,
      progressing: condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        '2025-01-05T08:01:00Z',
        '2025-03-02T10:00:00Z',
        'ReplicaSet "cart-6b7c8d9f5" has successfully progressed.',
      ),
      managedFields: [managed('kube-controller-manager', 'Update', '2025-03-14T09:58:30Z'), managed('kubectl-edit', 'Update', '2025-03-14T09:58:00Z')].map(
        (m, i) => (i === 0 ? { ...m, subresource: 'status' } : m),
      ),
    }),
    deployment('payments-worker', {
      generation: 5,
      observed: 5,
      paused: true,
      progressing: condition('Progressing', 'Unknown', 'DeploymentPaused', '2025-03-14T09:30:00Z', '2025-03-14T09:30:00Z', 'Deployment is paused'),
    }),
  ]),
  pods: list([
    pod('checkout-7b4d9f6c8-r4t6n', 'checkout-7b4d9f6c8', checkoutTemplate('1.4.3', '7b4d9f6c8', 'pm-live-7f3a', '8', []).spec),
    pod('payments-worker-5c8d7b9f4-x7k2m', 'payments-worker-5c8d7b9f4', {
      containers: [
        {
          name: 'payments-worker',
          image: 'registry.example.com/shop/payments-worker:2.0.1',
          env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'payments-api', key: 'api-key' } } }],
        },
      ],
    }),
  ]),
  configmaps: list([
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'checkout-config',
        namespace: 'shop',
        creationTimestamp: '2025-01-05T08:00:00Z',
        managedFields: [managed('kubectl-client-side-apply', 'Update', '2025-01-05T08:00:00Z'), managed('kubectl-edit', 'Update', '2025-03-14T09:50:00Z')],
      },
      data: { PAYMENT_PROVIDER_URL: 'https://sandbox.pay.example/v2' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: 'shop-e2e',
        creationTimestamp: '2025-03-14T09:55:00Z',
        managedFields: [managed('kube-controller-manager', 'Update', '2025-03-14T09:55:00Z')],
      },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'feature-flags',
        namespace: 'shop',
        creationTimestamp: '2025-03-14T09:57:30Z',
        managedFields: [managed('kubectl-create', 'Update', '2025-03-14T09:57:30Z')],
      },
      data: { beta: 'true' },
    },
  ]),
  secrets: list([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: 'payments-api',
        namespace: 'shop',
        creationTimestamp: '2025-01-05T08:00:00Z',
        managedFields: [managed('kubectl-client-side-apply', 'Update', '2025-03-14T09:45:00Z')],
      },
      data: { 'api-key': 'czNjcjN0LXZhbHVl' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: { name: 'default-token-x2k9q', namespace: 'shop-e2e', creationTimestamp: '2025-03-14T09:55:00Z' },
      data: { token: 'czNjcjN0LXZhbHVl' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: {
        name: 'sh.helm.release.v1.cart.v14',
        namespace: 'shop',
        creationTimestamp: '2025-03-14T09:57:00Z',
        labels: { name: 'cart', owner: 'helm', status: 'deployed', version: '14' },
      },
      data: { release: 'czNjcjN0LXZhbHVl' },
    },
  ]),
  'horizontalpodautoscalers.autoscaling': list([
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'checkout', namespace: 'shop', creationTimestamp: '2025-01-05T08:00:00Z' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' }, minReplicas: 2, maxReplicas: 6 },
      status: { currentReplicas: 4, desiredReplicas: 4, lastScaleTime: '2025-03-14T09:20:00Z' },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'worker-hpa', namespace: 'shop', creationTimestamp: '2025-01-05T08:00:00Z' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' }, minReplicas: 3, maxReplicas: 6 },
      status: { currentReplicas: 6, desiredReplicas: 6, lastScaleTime: '2025-03-14T09:55:00Z' },
    },
  ]),
  events: list([
    event(
      'shop',
      'ScalingReplicaSet',
      'Deployment',
      'checkout',
      '2025-03-14T09:52:00Z',
      'Scaled up replica set checkout-7b4d9f6c8 to 1',
      'deployment-controller',
    ),
    event(
      'shop',
      'ScalingReplicaSet',
      'Deployment',
      'checkout',
      '2025-03-14T09:52:40Z',
      'Scaled down replica set checkout-6d5f7c9b8 to 1 from 2',
      'deployment-controller',
    ),
    event(
      'shop',
      'SuccessfulRescale',
      'HorizontalPodAutoscaler',
      'worker-hpa',
      '2025-03-14T09:55:00Z',
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
      'horizontal-pod-autoscaler',
    ),
    event(
      'shop',
      'ScalingReplicaSet',
      'Deployment',
      'worker',
      '2025-03-14T09:55:01Z',
      'Scaled up replica set worker-5c8d7b9f4 to 6 from 3',
      'deployment-controller',
    ),
  ]),
  nodes: list([
    node('node-a', '2025-01-02T07:00:00Z', [
      nodeCondition('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', '2025-03-14T09:48:00Z', 'kubelet has insufficient memory available'),
      nodeCondition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', '2025-01-02T07:00:10Z', 'kubelet has no disk pressure'),
      nodeCondition('Ready', 'True', 'KubeletReady', '2025-01-02T07:00:40Z', 'kubelet is posting ready status'),
    ]),
    node('node-c', '2025-03-14T09:30:00Z', [
      nodeCondition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', '2025-03-14T09:30:05Z', 'kubelet has sufficient memory available'),
      nodeCondition('Ready', 'True', 'KubeletReady', '2025-03-14T09:31:00Z', 'kubelet is posting ready status'),
    ]),
  ]),
  'jobs.batch': list([
    job('shop', 'settle-nightly-28991520', '2025-03-14T09:00:00Z', { active: 1 }, 'settle-nightly'),
    job(
      'shop',
      'settle-nightly-28988640',
      '2025-03-12T09:00:00Z',
      { succeeded: 1, completionTime: '2025-03-12T09:04:00Z', conditions: [{ type: 'Complete', status: 'True' }] },
      'settle-nightly',
    ),
    job('shop-e2e', 'e2e-checkout-1907', '2025-03-14T09:56:00Z', {
      failed: 1,
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
    }),
    job('e2e-run-1841', 'e2e-checkout-1841', '2025-03-11T14:03:12Z', {
      failed: 1,
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
    }),
  ]),
};

/** The incident as a bundle directory (bundle.json and resources/), for the replay path. */
export function writeChangeBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-changes-'));
  mkdirSync(join(dir, 'resources'));
  writeFileSync(
    join(dir, 'bundle.json'),
    JSON.stringify({
      format: 'triage-bundle/v1',
      capturedAt: CAPTURED_AT,
      context: 'staging',
      serverVersion: { major: '1', minor: '30', gitVersion: 'v1.30.4' },
      namespaces: [],
      allNamespaces: true,
      failures: [],
    }),
  );
  for (const [file, content] of Object.entries(CHANGE_RESOURCES)) writeFileSync(join(dir, 'resources', `${file}.json`), JSON.stringify(content, null, 1));
  return dir;
}
