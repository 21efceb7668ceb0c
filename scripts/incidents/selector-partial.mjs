// The inventory chart 2.0.0 renamed the pods' app.kubernetes.io/name to inventory-api; the
// Service, owned by the platform's store-routing release, still selects name=inventory. The
// release pipeline paused the rollout at 2 of 4 for its canary smoke: the Service sees only
// the two 1.9.4 pods, which answer 404 for the 2.0 endpoint the smoke test calls.
// Distractors: the mid-rollout itself (two ReplicaSets, two versions), the smoke job's
// "expected status 200 but got 502" assertion, and search-indexer OOM-killed 40 minutes
// before onset in another namespace.
import { Addresses, nodes, namespaces, rollout, serviceWithEndpoints } from './cluster.mjs';
import {
  MIN,
  at,
  configMap,
  container,
  event,
  hex,
  httpProbe,
  job,
  jobFailed,
  logText,
  managed,
  meta,
  milli,
  pod,
  resetVersions,
  safe,
  secret,
  template,
  traceIds,
  ts,
  zap,
} from './lib.mjs';

export const name = 'selector-partial';

const NOW = at('2026-05-06T16:41:05Z');
const TRACE = '5c1e8d2a9f0b4e7c8a6d3b1f2e9c7a05';
const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const EKS = 'v1.30.4-eks-a737599';

const eks = {
  podCIDR: false,
  labels: (n) => ({
    'eks.amazonaws.com/capacityType': 'ON_DEMAND',
    'eks.amazonaws.com/nodegroup': 'store-staging-general-20260412',
    'eks.amazonaws.com/nodegroup-image': 'ami-0c2a9e4f7d61b8a35',
    'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-04f3a1c9e2b7d5f80',
    'eks.amazonaws.com/sourceLaunchTemplateVersion': '3',
    'failure-domain.beta.kubernetes.io/region': 'us-east-1',
    'failure-domain.beta.kubernetes.io/zone': n.zone,
    'k8s.io/cloud-provider-aws': 'a94f37c1e05b2d8e6f1c9a7b3d5e2f08',
    'node.kubernetes.io/instance-type': 'm5.xlarge',
    'topology.k8s.aws/zone-id': n.zoneId,
    'topology.kubernetes.io/region': 'us-east-1',
    'topology.kubernetes.io/zone': n.zone,
  }),
  annotations: () => ({ 'alpha.kubernetes.io/provided-node-ip': '' }),
  providerID: (n) => `aws:///${n.zone}/${n.instance}`,
  capacity: { cpu: '4', 'ephemeral-storage': '83873772Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15896704Ki', pods: '58' },
  allocatable: { cpu: '3920m', 'ephemeral-storage': '76224326324', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '14879872Ki', pods: '58' },
  info: {
    containerRuntimeVersion: 'containerd://1.7.22',
    kernelVersion: '5.10.225-213.878.amzn2.x86_64',
    kubeProxyVersion: EKS,
    kubeletVersion: EKS,
    osImage: 'Amazon Linux 2',
  },
};

export function build() {
  resetVersions(9_204_000);
  const nodeList = [
    {
      name: 'ip-10-20-33-147.ec2.internal',
      zone: 'us-east-1a',
      zoneId: 'use1-az4',
      instance: 'i-0a4c7e19d2b38f561',
      ip: '10.20.33.147',
      podPrefix: '10.20.33.',
      created: at('2026-04-12T06:02:44Z'),
    },
    {
      name: 'ip-10-20-41-22.ec2.internal',
      zone: 'us-east-1b',
      zoneId: 'use1-az6',
      instance: 'i-07d2b9e4c1a58f3e2',
      ip: '10.20.41.22',
      podPrefix: '10.20.41.',
      created: at('2026-04-12T06:02:51Z'),
    },
    {
      name: 'ip-10-20-52-208.ec2.internal',
      zone: 'us-east-1c',
      zoneId: 'use1-az1',
      instance: 'i-0e81f5a3c7b92d046',
      ip: '10.20.52.208',
      podPrefix: '10.20.52.',
      created: at('2026-04-12T06:03:09Z'),
    },
  ];
  for (const n of nodeList) n.annotations = { 'alpha.kubernetes.io/provided-node-ip': n.ip };
  const [A, B, C] = nodeList.map((n) => n.name);
  const ips = new Addresses(nodeList);
  const objects = [...nodes(nodeList, NOW, { ...eks, annotations: (n) => n.annotations })];
  const logs = {};
  const clusterCreated = at('2025-09-15T13:40:02Z');
  objects.push(
    ...namespaces([
      { name: 'default', created: clusterCreated },
      { name: 'kube-system', created: clusterCreated },
      { name: 'kube-public', created: clusterCreated },
      { name: 'kube-node-lease', created: clusterCreated },
      { name: 'amazon-cloudwatch', created: clusterCreated + 40 * MIN },
      { name: 'store', created: at('2025-09-15T14:12:09Z'), labels: { team: 'store' } },
      { name: 'store-e2e', created: at('2025-09-15T14:12:10Z'), labels: { team: 'store' } },
      { name: 'search', created: at('2025-10-02T09:30:44Z'), labels: { team: 'store' } },
    ]),
  );
  const helm = (chart, release, ns = 'store') => ({
    labels: { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': chart },
    annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns },
  });

  // ---- storefront: the BFF the smoke test calls ---------------------------------------------
  const sfTmpl = template({
    labels: { app: 'storefront', 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront', 'app.kubernetes.io/version': '5.12.2' },
    serviceAccountName: 'storefront',
    containers: [
      container({
        name: 'storefront',
        image: `${ECR}/store/storefront:5.12.2`,
        env: [
          { name: 'NODE_ENV', value: 'production' },
          { name: 'INVENTORY_URL', value: 'http://inventory.store.svc.cluster.local:8080' },
          { name: 'SEARCH_URL', value: 'http://search-api.search.svc.cluster.local:8080' },
        ],
        ports: [{ containerPort: 3000, name: 'http', protocol: 'TCP' }],
        readinessProbe: httpProbe('/healthz', 'http'),
        resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
      }),
    ],
  });
  const sfAt = at('2026-04-28T10:14:22Z');
  const sf = rollout({
    addresses: ips,
    namespace: 'store',
    name: 'storefront',
    created: at('2025-09-15T14:20:31Z'),
    labels: {
      app: 'storefront',
      'app.kubernetes.io/name': 'storefront',
      'app.kubernetes.io/instance': 'storefront',
      ...helm('storefront-5.12.2', 'storefront').labels,
    },
    annotations: helm('storefront-5.12.2', 'storefront').annotations,
    selector: { app: 'storefront' },
    replicas: 2,
    conditions: [
      {
        lastTransitionTime: ts(sfAt + 40_000),
        lastUpdateTime: ts(sfAt + 40_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-09-15T14:20:31Z')),
        lastUpdateTime: ts(sfAt + 52_000),
        message: 'ReplicaSet "storefront-6f8b7d9c45" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 31,
        hash: '6f8b7d9c45',
        created: sfAt,
        replicas: 2,
        tmpl: sfTmpl,
        pods: [
          { node: A, created: sfAt + 1_000, readyAt: sfAt + 24_000, run: [{ running: sfAt + 9_000, ready: true }] },
          { node: C, created: sfAt + 26_000, readyAt: sfAt + 50_000, run: [{ running: sfAt + 34_000, ready: true }] },
        ],
      },
    ],
  });

  // ---- inventory: chart 1.9.4 -> 2.0.0 renamed the pods' app.kubernetes.io/name; paused at 2 of 4 ----
  const invTmpl = (version, chart, nameLabel, commit) =>
    template({
      labels: {
        app: 'inventory',
        'app.kubernetes.io/name': nameLabel,
        'app.kubernetes.io/instance': 'inventory',
        'app.kubernetes.io/version': version,
        'helm.sh/chart': chart,
      },
      annotations: { 'org.opencontainers.image.revision': commit },
      serviceAccountName: 'inventory',
      containers: [
        container({
          name: 'inventory',
          image: `${ECR}/store/inventory:${version}`,
          env: [
            { name: 'DB_HOST', value: 'inventory-db.cluster-c9xk2mq7a1bz.us-east-1.rds.amazonaws.com' },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'inventory-db' } } },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          readinessProbe: httpProbe('/readyz', 'http', { initialDelaySeconds: 5 }),
          livenessProbe: httpProbe('/livez', 'http', { initialDelaySeconds: 15 }),
          resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '500m', memory: '512Mi' } },
        }),
      ],
    });
  const oldAt = at('2026-04-28T10:31:07Z');
  const upgradeAt = at('2026-05-06T16:20:02Z');
  const pausedAt = at('2026-05-06T16:21:09Z');
  const invCreated = at('2025-09-15T14:21:12Z');
  const inv = rollout({
    addresses: ips,
    namespace: 'store',
    name: 'inventory',
    created: invCreated,
    labels: {
      app: 'inventory',
      'app.kubernetes.io/name': 'inventory-api',
      'app.kubernetes.io/instance': 'inventory',
      'app.kubernetes.io/version': '2.0.0',
      ...helm('inventory-2.0.0', 'inventory').labels,
    },
    annotations: helm('inventory-2.0.0', 'inventory').annotations,
    selector: { app: 'inventory' },
    replicas: 4,
    paused: true,
    strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 }, type: 'RollingUpdate' },
    managedFields: [
      managed('helm', 'Update', upgradeAt, 'apps/v1', {
        'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/version': {}, 'f:helm.sh/chart': {} } },
        'f:spec': {
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/version': {}, 'f:helm.sh/chart': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"inventory"}': { 'f:image': {} } } },
          },
        },
      }),
      managed('kubectl-rollout', 'Update', pausedAt, 'apps/v1', { 'f:spec': { 'f:paused': {} } }),
      managed(
        'kube-controller-manager',
        'Update',
        pausedAt,
        'apps/v1',
        {
          'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } },
          'f:status': { 'f:conditions': {}, 'f:observedGeneration': {}, 'f:replicas': {}, 'f:updatedReplicas': {} },
        },
        'status',
      ),
    ],
    conditions: [
      {
        lastTransitionTime: ts(at('2026-04-12T06:11:40Z')),
        lastUpdateTime: ts(at('2026-04-12T06:11:40Z')),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(pausedAt),
        lastUpdateTime: ts(pausedAt),
        message: 'Deployment is paused',
        reason: 'DeploymentPaused',
        status: 'Unknown',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 6,
        hash: '5b7d9f8c64',
        created: oldAt,
        replicas: 2,
        tmpl: invTmpl('1.9.4', 'inventory-1.9.4', 'inventory', 'e4a91c07b3d25f6e8a0c1d3b5f7e9a2c4d6b8f01'),
        pods: [
          { node: B, created: oldAt + 1_000, readyAt: oldAt + 19_000, run: [{ running: oldAt + 8_000, ready: true }], suffix: 'x2kpl' },
          { node: C, created: oldAt + 41_000, readyAt: oldAt + 60_000, run: [{ running: oldAt + 48_000, ready: true }], suffix: 'm9vtr' },
        ],
      },
      {
        revision: 7,
        hash: '7c9f6d4b85',
        created: upgradeAt + 1_000,
        replicas: 2,
        tmpl: invTmpl('2.0.0', 'inventory-2.0.0', 'inventory-api', '71c3e8a04f2d9b6c5e1a7f3d0b8c2e4a6f9d1b35'),
        pods: [
          { node: A, created: upgradeAt + 1_000, readyAt: upgradeAt + 29_000, run: [{ running: upgradeAt + 12_000, ready: true }], suffix: 'q4wzd' },
          { node: B, created: upgradeAt + 31_000, readyAt: upgradeAt + 60_000, run: [{ running: upgradeAt + 41_000, ready: true }], suffix: 'h8ntc' },
        ],
      },
    ],
  });
  const [old1, old2, new1, new2] = inv.pods;
  const [oldRS, newRS] = inv.replicaSets;

  // ---- search: search-api and the indexer that was OOM-killed before the release (distractor) ----
  const indexerTmpl = template({
    labels: { app: 'search-indexer', 'app.kubernetes.io/name': 'search-indexer', 'app.kubernetes.io/version': '3.2.0' },
    containers: [
      container({
        name: 'indexer',
        image: `${ECR}/search/search-indexer:3.2.0`,
        env: [
          { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=85' },
          { name: 'OPENSEARCH_URL', value: 'https://vpc-store-search-staging-3kq7f2.us-east-1.es.amazonaws.com' },
        ],
        ports: [{ containerPort: 8081, name: 'admin', protocol: 'TCP' }],
        readinessProbe: httpProbe('/health', 'admin'),
        resources: { limits: { memory: '2Gi' }, requests: { cpu: '500m', memory: '2Gi' } },
      }),
    ],
  });
  const searchApiTmpl = template({
    labels: { app: 'search-api', 'app.kubernetes.io/name': 'search-api', 'app.kubernetes.io/version': '3.2.0' },
    containers: [
      container({
        name: 'search-api',
        image: `${ECR}/search/search-api:3.2.0`,
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        readinessProbe: httpProbe('/health', 'http'),
        resources: { limits: { memory: '1Gi' }, requests: { cpu: '250m', memory: '1Gi' } },
      }),
    ],
  });
  const searchAt = at('2026-05-04T09:02:18Z');
  const oomAt = at('2026-05-06T15:43:50Z');
  const indexer = rollout({
    addresses: ips,
    namespace: 'search',
    name: 'search-indexer',
    created: at('2025-10-02T09:41:00Z'),
    labels: { app: 'search-indexer' },
    selector: { app: 'search-indexer' },
    replicas: 1,
    strategy: { type: 'Recreate' },
    conditions: [
      {
        lastTransitionTime: ts(oomAt + 31_000),
        lastUpdateTime: ts(oomAt + 31_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-10-02T09:41:00Z')),
        lastUpdateTime: ts(searchAt + 40_000),
        message: 'ReplicaSet "search-indexer-84c6d7f5b9" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 12,
        hash: '84c6d7f5b9',
        created: searchAt,
        replicas: 1,
        tmpl: indexerTmpl,
        pods: [
          {
            node: C,
            created: searchAt + 1_000,
            readyAt: oomAt + 30_000,
            run: [
              {
                running: oomAt + 1_000,
                ready: true,
                restarts: 1,
                last: { reason: 'OOMKilled', exitCode: 137, startedAt: searchAt + 7_000, finishedAt: oomAt },
              },
            ],
          },
        ],
      },
    ],
  });
  const searchApi = rollout({
    addresses: ips,
    namespace: 'search',
    name: 'search-api',
    created: at('2025-10-02T09:40:51Z'),
    labels: { app: 'search-api' },
    selector: { app: 'search-api' },
    replicas: 2,
    conditions: [
      {
        lastTransitionTime: ts(searchAt + 30_000),
        lastUpdateTime: ts(searchAt + 30_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-10-02T09:40:51Z')),
        lastUpdateTime: ts(searchAt + 52_000),
        message: 'ReplicaSet "search-api-6d9b5c7f48" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 12,
        hash: '6d9b5c7f48',
        created: searchAt,
        replicas: 2,
        tmpl: searchApiTmpl,
        pods: [
          { node: A, created: searchAt + 1_000, readyAt: searchAt + 25_000, run: [{ running: searchAt + 9_000, ready: true }] },
          { node: B, created: searchAt + 27_000, readyAt: searchAt + 50_000, run: [{ running: searchAt + 35_000, ready: true }] },
        ],
      },
    ],
  });

  objects.push(
    sf.deploy,
    ...sf.replicaSets,
    ...sf.pods,
    inv.deploy,
    ...inv.replicaSets,
    ...inv.pods,
    indexer.deploy,
    ...indexer.replicaSets,
    ...indexer.pods,
    searchApi.deploy,
    ...searchApi.replicaSets,
    ...searchApi.pods,
    ...serviceWithEndpoints({
      namespace: 'store',
      name: 'storefront',
      created: at('2025-09-15T14:20:31Z'),
      labels: { 'app.kubernetes.io/name': 'storefront', ...helm('storefront-5.12.2', 'storefront').labels },
      annotations: helm('storefront-5.12.2', 'storefront').annotations,
      selector: { app: 'storefront' },
      clusterIP: '172.20.88.14',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 3000 }],
      pods: sf.pods,
      updated: sfAt + 50_000,
    }),
    // The Service belongs to the platform's routing release, not to the inventory chart.
    ...serviceWithEndpoints({
      namespace: 'store',
      name: 'inventory',
      created: at('2025-09-15T14:19:55Z'),
      labels: { 'app.kubernetes.io/name': 'inventory', 'app.kubernetes.io/part-of': 'store', ...helm('store-routing-0.7.1', 'store-routing').labels },
      annotations: helm('store-routing-0.7.1', 'store-routing').annotations,
      selector: { 'app.kubernetes.io/name': 'inventory', 'app.kubernetes.io/instance': 'inventory' },
      clusterIP: '172.20.131.207',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: inv.pods,
      updated: upgradeAt + 31_000,
    }),
    ...serviceWithEndpoints({
      namespace: 'search',
      name: 'search-api',
      created: at('2025-10-02T09:40:51Z'),
      labels: { app: 'search-api' },
      selector: { app: 'search-api' },
      clusterIP: '172.20.19.96',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: searchApi.pods,
      updated: searchAt + 50_000,
    }),
    configMap({
      namespace: 'store',
      name: 'inventory-routes',
      created: invCreated - 2_000,
      labels: helm('inventory-2.0.0', 'inventory').labels,
      annotations: helm('inventory-2.0.0', 'inventory').annotations,
      data: { 'routes.yaml': 'v1:\n  - GET /v1/stock/{sku}\n  - POST /v1/stock/{sku}/reserve\nv2:\n  - GET /v2/stock/{sku}/reservations\n' },
      managedFields: [
        managed('helm', 'Update', upgradeAt, 'v1', { 'f:data': { 'f:routes.yaml': {} }, 'f:metadata': { 'f:labels': { 'f:helm.sh/chart': {} } } }),
      ],
    }),
    secret({ namespace: 'store', name: 'inventory-db', created: invCreated - 3_000, keys: ['password'], labels: { team: 'store' } }),
    secret({
      namespace: 'store',
      name: 'sh.helm.release.v1.inventory.v6',
      created: oldAt - 2_000,
      keys: ['release'],
      labels: { name: 'inventory', owner: 'helm', status: 'superseded', version: '6' },
      type: 'helm.sh/release.v1',
      managedFields: [managed('helm', 'Update', upgradeAt, 'v1', { 'f:metadata': { 'f:labels': { 'f:status': {} } } })],
    }),
    secret({
      namespace: 'store',
      name: 'sh.helm.release.v1.inventory.v7',
      created: upgradeAt - 1_000,
      keys: ['release'],
      labels: { name: 'inventory', owner: 'helm', status: 'deployed', version: '7' },
      type: 'helm.sh/release.v1',
    }),
    secret({
      namespace: 'store',
      name: 'sh.helm.release.v1.store-routing.v4',
      created: at('2026-02-19T11:02:40Z'),
      keys: ['release'],
      labels: { name: 'store-routing', owner: 'helm', status: 'deployed', version: '4' },
      type: 'helm.sh/release.v1',
    }),
    ...['storefront', 'inventory'].map((sa) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta({ namespace: 'store', name: sa, created: at('2025-09-15T14:19:50Z') }),
    })),
  );

  // ---- the canary smoke job ------------------------------------------------------------------------
  const smokeCreated = at('2026-05-06T16:23:38Z');
  const smokeName = 'inventory-smoke-1931';
  const smokeTmpl = template({
    labels: { 'app.kubernetes.io/name': 'inventory-smoke', 'store.example.com/pipeline': '1931' },
    restartPolicy: 'Never',
    containers: [
      container({
        name: 'smoke',
        image: `${ECR}/store/release-smoke:1.4.2`,
        args: ['--check', 'inventory-reservations', '--target', 'http://storefront.store.svc.cluster.local:8080', '--attempts', '5'],
        env: [{ name: 'EXPECT_VERSION', value: '2.0.0' }],
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
      }),
    ],
  });
  const smokeStart = smokeCreated + 6_000;
  const smokeEnd = smokeCreated + 47_000;
  const smoke = job({
    namespace: 'store-e2e',
    name: smokeName,
    created: smokeCreated,
    labels: { 'app.kubernetes.io/name': 'inventory-smoke', 'store.example.com/pipeline': '1931' },
    annotations: { 'store.example.com/pipeline-url': 'https://gitlab.example.com/store/inventory/-/pipelines/1931', 'store.example.com/stage': 'canary-50' },
    tmpl: smokeTmpl,
    backoffLimit: 0,
    ttlSecondsAfterFinished: 604800,
    status: jobFailed({ start: smokeCreated, failedAt: smokeEnd + 1_000 }),
  });
  const smokePod = pod({
    namespace: 'store-e2e',
    name: `${smokeName}-${safe('smoke-pod', 5)}`,
    generateName: `${smokeName}-`,
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: smokeName, uid: smoke.metadata.uid },
    tmpl: smoke.spec.template,
    node: A,
    hostIP: ips.hostIP(A),
    ip: ips.pod(A),
    created: smokeCreated,
    run: [{ terminated: { reason: 'Error', exitCode: 1, startedAt: smokeStart, finishedAt: smokeEnd } }],
  });
  objects.push(smoke, smokePod);

  // ---- logs ----------------------------------------------------------------------------------
  const ONSET = at('2026-05-06T16:23:52.204Z');
  const attempts = [0, 4_012, 8_031, 12_044, 16_058].map((d) => ONSET + d);
  const byOld = [old1, old2, old1, old2, old1];
  const sku = 'SKU-1142';
  const bg = traceIds('selector-bg', 70);

  // inventory 1.9.4 pods: steady v1 traffic from the storefront, and the smoke's five v2 calls (404).
  const invCaller = 'httpserver/log.go:31';
  const oldLines = new Map([
    [old1.metadata.name, []],
    [old2.metadata.name, []],
  ]);
  bg.forEach((id, i) => {
    const t = NOW - 59 * MIN + i * 49_000 + (parseInt(id.slice(0, 4), 16) % 9_000);
    const p = i % 2 ? old2 : old1;
    const path = i % 4 === 0 ? `/v1/stock/SKU-${1000 + ((i * 37) % 900)}/reserve` : `/v1/stock/SKU-${1000 + ((i * 53) % 900)}`;
    oldLines.get(p.metadata.name).push([
      t,
      zap('info', t, invCaller, 'request', {
        method: i % 4 === 0 ? 'POST' : 'GET',
        path,
        status: 200,
        duration_ms: 3 + (i % 7),
        version: '1.9.4',
        trace_id: id,
      }),
    ]);
  });
  attempts.forEach((t, i) => {
    oldLines.get(byOld[i].metadata.name).push([
      t + 6,
      zap('info', t + 6, invCaller, 'request', {
        method: 'GET',
        path: `/v2/stock/${sku}/reservations`,
        status: 404,
        duration_ms: 0.4,
        route: 'no route',
        version: '1.9.4',
        trace_id: TRACE,
      }),
    ]);
  });
  for (const p of [old1, old2]) logs[`store/${p.metadata.name}/inventory`] = logText(p.metadata.name, oldLines.get(p.metadata.name));

  // inventory 2.0.0 pods: started, registered the v2 routes, and never got a request.
  for (const p of [new1, new2]) {
    const s = Date.parse(p.status.containerStatuses[0].state.running.startedAt);
    logs[`store/${p.metadata.name}/inventory`] = logText(p.metadata.name, [
      [s + 310, zap('info', s + 310, 'cmd/inventory/main.go:44', 'inventory starting', { version: '2.0.0', commit: '71c3e8a' })],
      [
        s + 1_920,
        zap('info', s + 1_920, 'store/db.go:58', 'connected to database', { host: 'inventory-db.cluster-c9xk2mq7a1bz.us-east-1.rds.amazonaws.com', pool: 20 }),
      ],
      [
        s + 1_960,
        zap('info', s + 1_960, 'httpserver/routes.go:27', 'routes registered', {
          routes: ['GET /v1/stock/{sku}', 'POST /v1/stock/{sku}/reserve', 'GET /v2/stock/{sku}/reservations'],
        }),
      ],
      [s + 1_975, zap('info', s + 1_975, 'httpserver/server.go:63', 'listening', { addr: ':8080' })],
    ]);
  }

  // storefront (pino): v1 lookups, search calls, and the smoke's five failures.
  const pino = (level, t, host, msg, fields) => JSON.stringify({ level, time: t, pid: 1, hostname: host, msg, ...fields });
  const sfLines = new Map(sf.pods.map((p) => [p.metadata.name, []]));
  bg.forEach((id, i) => {
    const t = NOW - 59 * MIN + i * 49_000 + (parseInt(id.slice(0, 4), 16) % 9_000) - 9;
    const p = sf.pods[i % 2];
    sfLines.get(p.metadata.name).push([
      t + 14,
      pino(30, t + 14, p.metadata.name, 'request completed', {
        req: { method: 'GET', url: `/api/products/SKU-${1000 + ((i * 53) % 900)}` },
        res: { statusCode: 200 },
        responseTime: 12 + (i % 9),
        trace_id: id,
      }),
    ]);
  });
  attempts.forEach((t, i) => {
    const p = sf.pods[i % 2];
    const host = p.metadata.name;
    sfLines.get(host).push(
      [
        t + 9,
        pino(50, t + 9, host, 'inventory reservations lookup failed', {
          upstream: 'http://inventory.store.svc.cluster.local:8080',
          path: `/v2/stock/${sku}/reservations`,
          upstream_status: 404,
          status: 502,
          attempt: i + 1,
          trace_id: TRACE,
        }),
      ],
      [
        t + 11,
        pino(30, t + 11, host, 'request completed', {
          req: { method: 'GET', url: `/api/stock/${sku}/reservations` },
          res: { statusCode: 502 },
          responseTime: 9,
          trace_id: TRACE,
        }),
      ],
    );
  });
  for (const p of sf.pods) logs[`store/${p.metadata.name}/storefront`] = logText(p.metadata.name, sfLines.get(p.metadata.name));

  // The smoke runner.
  const smokeLog = [
    [
      smokeStart + 120,
      `release-smoke 1.4.2 check=inventory-reservations target=http://storefront.store.svc.cluster.local:8080 expect_version=2.0.0 trace_id=${TRACE}`,
    ],
    [smokeStart + 300, 'waiting 8s for the canary pods to take traffic'],
  ];
  attempts.forEach((t, i) => {
    smokeLog.push([t, `attempt ${i + 1}/5: GET /api/stock/${sku}/reservations trace_id=${TRACE}`]);
    smokeLog.push([t + 14, `attempt ${i + 1}/5: 502 Bad Gateway {"error":"inventory lookup failed","upstream_status":404} trace_id=${TRACE}`]);
  });
  const last = attempts.at(-1) + 1_200;
  smokeLog.push(
    [last, `AssertionError: expected status 200 but got 502 for GET /api/stock/${sku}/reservations after 5 attempts (trace_id=${TRACE})`],
    [last + 4, 'smoke FAILED: inventory 2.0.0 canary does not serve /v2/stock/{sku}/reservations; the rollout stays paused for a person to decide'],
  );
  logs[`store-e2e/${smokePod.metadata.name}/smoke`] = logText(smokePod.metadata.name, smokeLog);

  // search-indexer: the instance before the OOM kill was mid-reindex; the current one restarted it.
  const ix = indexer.pods[0];
  const ixLast = ix.status.containerStatuses[0];
  const prevLines = [];
  for (let i = 0; i < 14; i++) {
    const t = oomAt - 26 * MIN + i * 110_000;
    prevLines.push([
      t,
      JSON.stringify({
        '@timestamp': milli(t),
        'log.level': 'INFO',
        message: `reindex catalog-v7: ${(i + 1) * 58_000}/1412000 documents`,
        'service.name': 'search-indexer',
      }),
    ]);
  }
  prevLines.push([
    oomAt - 40_000,
    JSON.stringify({
      '@timestamp': milli(oomAt - 40_000),
      'log.level': 'WARN',
      message: 'bulk batch slow: 5000 documents took 8123 ms',
      'service.name': 'search-indexer',
    }),
  ]);
  logs[`search/${ix.metadata.name}/indexer.previous`] = logText(`${ix.metadata.name}:prev`, prevLines);
  const ixStart = Date.parse(ixLast.state.running.startedAt);
  const curLines = [
    [
      ixStart + 2_400,
      JSON.stringify({ '@timestamp': milli(ixStart + 2_400), 'log.level': 'INFO', message: 'search-indexer 3.2.0 started', 'service.name': 'search-indexer' }),
    ],
  ];
  for (let i = 0; i < 20; i++) {
    const t = ixStart + 30_000 + i * 150_000;
    curLines.push([
      t,
      JSON.stringify({
        '@timestamp': milli(t),
        'log.level': 'INFO',
        message: `reindex catalog-v7: ${(i + 1) * 61_000}/1412000 documents`,
        'service.name': 'search-indexer',
      }),
    ]);
  }
  logs[`search/${ix.metadata.name}/indexer`] = logText(ix.metadata.name, curLines);
  for (const p of searchApi.pods) {
    const lines = [];
    for (let i = 0; i < 25; i++) {
      const t = NOW - 58 * MIN + i * 137_000 + (p === searchApi.pods[0] ? 0 : 61_000);
      lines.push([
        t,
        JSON.stringify({
          '@timestamp': milli(t),
          'log.level': 'INFO',
          message: 'search',
          query_terms: 2 + (i % 3),
          hits: 40 + i,
          took_ms: 18 + (i % 11),
          trace_id: hex(`search:${p.metadata.name}:${i}`, 32),
        }),
      ]);
    }
    logs[`search/${p.metadata.name}/search-api`] = logText(p.metadata.name, lines);
  }

  // ---- events of the last hour -----------------------------------------------------------------
  const kubelet = (o, host, reason, message, type, first, fieldPath, count = 1, last = first) =>
    event({ about: o, reason, message, type, count, first, last, component: 'kubelet', host, fieldPath });
  const dc = (reason, message, t) => event({ about: inv.deploy, reason, message, first: t, component: 'deployment-controller' });
  objects.push(
    dc('ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} to 1`, upgradeAt + 1_000),
    dc('ScalingReplicaSet', `Scaled down replica set ${oldRS.metadata.name} to 3 from 4`, upgradeAt + 1_000),
    dc('ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} to 2 from 1`, upgradeAt + 30_000),
    dc('ScalingReplicaSet', `Scaled down replica set ${oldRS.metadata.name} to 2 from 3`, upgradeAt + 31_000),
  );
  for (const p of [new1, new2]) {
    const c = Date.parse(p.metadata.creationTimestamp);
    const host = p.spec.nodeName;
    objects.push(
      event({ about: newRS, reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: c, component: 'replicaset-controller' }),
      event({ about: p, reason: 'Scheduled', message: `Successfully assigned store/${p.metadata.name} to ${host}`, first: c, component: 'default-scheduler' }),
      kubelet(p, host, 'Pulling', `Pulling image "${ECR}/store/inventory:2.0.0"`, 'Normal', c + 1_000, 'spec.containers{inventory}'),
      kubelet(
        p,
        host,
        'Pulled',
        `Successfully pulled image "${ECR}/store/inventory:2.0.0" in 9.412s (9.412s including waiting). Image size: 48311207 bytes.`,
        'Normal',
        c + 10_000,
        'spec.containers{inventory}',
      ),
      kubelet(p, host, 'Created', 'Created container inventory', 'Normal', c + 10_500, 'spec.containers{inventory}'),
      kubelet(p, host, 'Started', 'Started container inventory', 'Normal', c + 11_000, 'spec.containers{inventory}'),
    );
  }
  objects.push(
    event({
      about: oldRS,
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${oldRS.metadata.name}-b5nqz`,
      first: upgradeAt + 1_000,
      component: 'replicaset-controller',
    }),
    event({
      about: oldRS,
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${oldRS.metadata.name}-t6fjw`,
      first: upgradeAt + 31_000,
      component: 'replicaset-controller',
    }),
    event({ about: smoke, reason: 'SuccessfulCreate', message: `Created pod: ${smokePod.metadata.name}`, first: smokeCreated, component: 'job-controller' }),
    event({
      about: smokePod,
      reason: 'Scheduled',
      message: `Successfully assigned store-e2e/${smokePod.metadata.name} to ${A}`,
      first: smokeCreated,
      component: 'default-scheduler',
    }),
    kubelet(
      smokePod,
      A,
      'Pulled',
      `Container image "${ECR}/store/release-smoke:1.4.2" already present on machine`,
      'Normal',
      smokeCreated + 4_000,
      'spec.containers{smoke}',
    ),
    kubelet(smokePod, A, 'Created', 'Created container smoke', 'Normal', smokeCreated + 4_500, 'spec.containers{smoke}'),
    kubelet(smokePod, A, 'Started', 'Started container smoke', 'Normal', smokeCreated + 6_000, 'spec.containers{smoke}'),
    event({
      about: smoke,
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      type: 'Warning',
      first: smokeEnd + 1_000,
      component: 'job-controller',
    }),
    kubelet(
      ix,
      C,
      'Pulled',
      `Container image "${ECR}/search/search-indexer:3.2.0" already present on machine`,
      'Normal',
      oomAt + 600,
      'spec.containers{indexer}',
    ),
    kubelet(ix, C, 'Created', 'Created container indexer', 'Normal', oomAt + 700, 'spec.containers{indexer}'),
    kubelet(ix, C, 'Started', 'Started container indexer', 'Normal', oomAt + 1_000, 'spec.containers{indexer}'),
  );

  const manifest = {
    format: 'triage-bundle/v1',
    capturedAt: ts(NOW),
    context: 'arn:aws:eks:us-east-1:111122223333:cluster/store-staging',
    serverVersion: {
      major: '1',
      minor: '30+',
      gitVersion: EKS,
      gitCommit: '4bd5e7ea3cf3a8bb8a8e9a1b9e2c4d6f8a0b2c4e',
      gitTreeState: 'clean',
      buildDate: '2024-08-26T21:27:41Z',
      goVersion: 'go1.22.5',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    namespaces: ['store', 'store-e2e', 'search'],
    since: '1h',
    failures: [],
  };
  return { manifest, objects, logs, files: {} };
}
