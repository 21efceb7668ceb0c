// At 10:02:09 someone ran `kubectl set env deployment/payments PAYMENT_MODE=live` against
// staging: revision 9's pod template differs from revision 8's only in that variable. The new
// pods call the acquirer's live API with staging's test key; the first checkout after the
// rollout, the E2E run at 10:07:14, fails with 401 from the acquirer and 502 up the chain.
// Distractors: cart's Redis read timing out once and succeeding on the retry on the same
// trace (the first error-looking line), search's autoscaler pinned at its maximum, and
// clickstream-aggregator OOM-killed three hours before onset in another namespace.
import { Addresses, namespaces, nodes, rollout, serviceWithEndpoints } from './cluster.mjs';
import {
  MIN,
  at,
  configMap,
  container,
  controllerRevision,
  event,
  hex,
  hpa,
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
  statefulSet,
  template,
  ts,
  uid,
  zap,
} from './lib.mjs';

export const name = 'env-rollout';

const NOW = at('2026-06-03T10:19:52Z');
const SET_ENV = at('2026-06-03T10:02:09Z');
const ONSET = at('2026-06-03T10:07:14.318Z');
const TRACE = '9a4c2e7f1b3d4c58a6e0f2d4b8c1e3a7';
const REG = 'harbor.staging.example.net/shop';
const K8S = 'v1.31.2';

const kubeadm = {
  labels: () => ({}),
  annotations: (n) => ({
    'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${hex(`mac:${n.name}`, 12).match(/../g).join(':')}"}`,
    'flannel.alpha.coreos.com/backend-type': 'vxlan',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': n.ip,
    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
  }),
  capacity: { cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32858148Ki', pods: '110' },
  allocatable: { cpu: '8', 'ephemeral-storage': '94580335255', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32755748Ki', pods: '110' },
  info: {
    containerRuntimeVersion: 'containerd://1.7.22',
    kernelVersion: '6.8.0-49-generic',
    kubeProxyVersion: K8S,
    kubeletVersion: K8S,
    osImage: 'Ubuntu 24.04.1 LTS',
  },
};

export function build() {
  resetVersions(5_530_000);
  const nodeList = [1, 2, 3].map((i) => ({
    name: `stg-worker-0${i}`,
    ip: `10.10.20.${10 + i}`,
    podPrefix: `10.244.${i}.`,
    created: at('2026-02-11T08:30:00Z') + i * 40_000,
  }));
  const [A, B, C] = nodeList.map((n) => n.name);
  const ips = new Addresses(nodeList);
  const objects = [...nodes(nodeList, NOW, kubeadm)];
  const logs = {};
  const born = at('2026-02-11T08:21:44Z');
  objects.push(
    ...namespaces([
      { name: 'default', created: born },
      { name: 'kube-system', created: born },
      { name: 'kube-public', created: born },
      { name: 'kube-node-lease', created: born },
      { name: 'kube-flannel', created: born + 3 * MIN, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      { name: 'ingress-nginx', created: born + 9 * MIN },
      { name: 'shop', created: at('2026-02-12T10:00:31Z'), labels: { team: 'shop' } },
      { name: 'shop-e2e', created: at('2026-02-12T10:00:32Z'), labels: { team: 'shop' } },
      { name: 'analytics', created: at('2026-03-03T14:41:19Z'), labels: { team: 'data' } },
    ]),
  );
  const shopLabels = (app, v) => ({ app, 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': v });
  const stable = (app, created, hash, since) => [
    {
      lastTransitionTime: ts(since + 30_000),
      lastUpdateTime: ts(since + 30_000),
      message: 'Deployment has minimum availability.',
      reason: 'MinimumReplicasAvailable',
      status: 'True',
      type: 'Available',
    },
    {
      lastTransitionTime: ts(created),
      lastUpdateTime: ts(since + 45_000),
      message: `ReplicaSet "${app}-${hash}" has successfully progressed.`,
      reason: 'NewReplicaSetAvailable',
      status: 'True',
      type: 'Progressing',
    },
  ];
  const simple = ({
    ns = 'shop',
    app,
    v,
    image,
    replicas,
    hash,
    created,
    since,
    onNodes,
    env = [],
    ports = [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources,
    extra = {},
  }) => {
    const tmpl = template({
      labels: shopLabels(app, v),
      containers: [
        container({
          name: app,
          image,
          env,
          ports,
          readinessProbe: ports.length ? httpProbe('/healthz', ports[0].name) : undefined,
          resources: resources ?? { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
        }),
      ],
    });
    return rollout({
      addresses: ips,
      namespace: ns,
      name: app,
      created,
      labels: { app },
      selector: { app },
      replicas,
      conditions: stable(app, created, hash, since),
      revisions: [
        {
          revision: 4,
          hash,
          created: since,
          replicas,
          tmpl,
          pods: onNodes.map((n, i) => ({
            node: n,
            created: since + i * 20_000,
            readyAt: since + 18_000 + i * 20_000,
            run: [{ running: since + 7_000 + i * 20_000, ready: true, ...(extra.run?.[i] ?? {}) }],
          })),
        },
      ],
    });
  };

  // ---- shop ----------------------------------------------------------------------------------
  const checkout = simple({
    app: 'checkout',
    v: '3.7.2',
    image: `${REG}/checkout:3.7.2`,
    replicas: 2,
    hash: '6d8b9c7f5',
    created: at('2026-02-12T10:12:40Z'),
    since: at('2026-05-29T13:20:05Z'),
    onNodes: [A, B],
    env: [
      { name: 'CART_URL', value: 'http://cart.shop.svc:8080' },
      { name: 'PAYMENTS_URL', value: 'http://payments.shop.svc:8080' },
    ],
  });
  const cart = simple({
    app: 'cart',
    v: '2.4.0',
    image: `${REG}/cart:2.4.0`,
    replicas: 2,
    hash: '7f5c9d8b46',
    created: at('2026-02-12T10:12:44Z'),
    since: at('2026-06-01T09:02:31Z'),
    onNodes: [B, C],
    env: [
      { name: 'REDIS_ADDR', value: 'cart-redis-0.cart-redis.shop.svc:6379' },
      { name: 'REDIS_READ_TIMEOUT', value: '100ms' },
    ],
  });
  const search = simple({
    app: 'search',
    v: '1.22.0',
    image: `${REG}/search:1.22.0`,
    replicas: 4,
    hash: '58c6f7d9b4',
    created: at('2026-02-12T10:13:01Z'),
    since: at('2026-06-02T16:40:12Z'),
    onNodes: [A, C, B, C],
    resources: { limits: { memory: '768Mi' }, requests: { cpu: '500m', memory: '768Mi' } },
  });
  // The two pods the autoscaler added this morning.
  for (const [i, p] of search.pods.slice(2).entries()) {
    const c = at('2026-06-03T09:31:07Z') + i * 1_000;
    p.metadata.creationTimestamp = ts(c);
    p.status.startTime = ts(c);
    p.status.containerStatuses[0].state.running.startedAt = ts(c + 6_000);
    for (const cond of p.status.conditions)
      cond.lastTransitionTime = ts(
        cond.type === 'Ready' || cond.type === 'ContainersReady' ? c + 19_000 : c + (cond.type === 'PodReadyToStartContainers' ? 2_000 : 0),
      );
  }

  // payments: revision 8 (sandbox) and revision 9 (live), identical but for PAYMENT_MODE.
  const paymentsTmpl = (mode) =>
    template({
      labels: shopLabels('payments', '5.2.1'),
      annotations: { 'org.opencontainers.image.revision': '0b7e4d2a9c1f3e5d7b9a1c3e5f7d9b2a4c6e8f01' },
      containers: [
        container({
          name: 'payments',
          image: `${REG}/payments:5.2.1`,
          env: [
            { name: 'PAYMENT_MODE', value: mode },
            { name: 'ACQUIRER_API_KEY', valueFrom: { secretKeyRef: { key: 'api-key', name: 'payments-acquirer' } } },
            { name: 'ACQUIRER_TIMEOUT', value: '3s' },
          ],
          envFrom: [{ configMapRef: { name: 'payments-config' } }],
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          readinessProbe: httpProbe('/healthz', 'http'),
          resources: { limits: { memory: '384Mi' }, requests: { cpu: '200m', memory: '384Mi' } },
        }),
      ],
    });
  const rev8 = at('2026-05-28T15:44:02Z');
  const payments = rollout({
    addresses: ips,
    namespace: 'shop',
    name: 'payments',
    created: at('2026-02-12T10:12:50Z'),
    labels: { app: 'payments' },
    selector: { app: 'payments' },
    replicas: 2,
    managedFields: [
      managed('argocd-controller', 'Apply', rev8, 'apps/v1', {
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:annotations': { 'f:org.opencontainers.image.revision': {} }, 'f:labels': { 'f:app': {}, 'f:app.kubernetes.io/version': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"payments"}': { 'f:image': {}, 'f:envFrom': {} } } },
          },
        },
      }),
      managed('kubectl-set', 'Update', SET_ENV, 'apps/v1', {
        'f:spec': {
          'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"payments"}': { 'f:env': { 'k:{"name":"PAYMENT_MODE"}': { 'f:value': {} } } } } } },
        },
      }),
      managed(
        'kube-controller-manager',
        'Update',
        SET_ENV + 44_000,
        'apps/v1',
        {
          'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } },
          'f:status': {
            'f:availableReplicas': {},
            'f:conditions': {},
            'f:observedGeneration': {},
            'f:readyReplicas': {},
            'f:replicas': {},
            'f:updatedReplicas': {},
          },
        },
        'status',
      ),
    ],
    conditions: [
      {
        lastTransitionTime: ts(at('2026-02-12T10:13:31Z')),
        lastUpdateTime: ts(at('2026-02-12T10:13:31Z')),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2026-02-12T10:12:50Z')),
        lastUpdateTime: ts(SET_ENV + 44_000),
        message: 'ReplicaSet "payments-5b9f7c6d84" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      { revision: 8, hash: '7c4d8b9f65', created: rev8, replicas: 0, tmpl: paymentsTmpl('sandbox') },
      {
        revision: 9,
        hash: '5b9f7c6d84',
        created: SET_ENV,
        replicas: 2,
        tmpl: paymentsTmpl('live'),
        pods: [
          { node: A, created: SET_ENV, readyAt: SET_ENV + 22_000, run: [{ running: SET_ENV + 6_000, ready: true }] },
          { node: C, created: SET_ENV + 22_000, readyAt: SET_ENV + 43_000, run: [{ running: SET_ENV + 28_000, ready: true }] },
        ],
      },
    ],
  });
  const [oldRS, newRS] = payments.replicaSets;

  // cart-redis: a StatefulSet with its ControllerRevision, unchanged for weeks.
  const redisTmpl = template({
    labels: { app: 'cart-redis', 'app.kubernetes.io/name': 'cart-redis', 'app.kubernetes.io/part-of': 'shop' },
    containers: [
      container({
        name: 'redis',
        image: 'docker.io/library/redis:7.2.5',
        args: ['--appendonly', 'yes', '--maxmemory', '256mb'],
        ports: [{ containerPort: 6379, name: 'redis', protocol: 'TCP' }],
        resources: { limits: { memory: '320Mi' }, requests: { cpu: '100m', memory: '320Mi' } },
        volumeMounts: [{ mountPath: '/data', name: 'data' }],
      }),
    ],
  });
  const redisAt = at('2026-04-14T12:00:12Z');
  const redisHash = '6b8d5c7f9b';
  const redisPod = pod({
    namespace: 'shop',
    name: 'cart-redis-0',
    generateName: 'cart-redis-',
    owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cart-redis', uid: undefined },
    tmpl: {
      ...redisTmpl,
      spec: {
        ...redisTmpl.spec,
        hostname: 'cart-redis-0',
        subdomain: 'cart-redis',
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-cart-redis-0' } }],
      },
    },
    extraLabels: {
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': `cart-redis-${redisHash}`,
      'statefulset.kubernetes.io/pod-name': 'cart-redis-0',
    },
    node: B,
    hostIP: ips.hostIP(B),
    ip: ips.pod(B),
    created: redisAt,
    readyAt: redisAt + 12_000,
    run: [{ running: redisAt + 5_000, ready: true }],
  });
  const redisSts = statefulSet({
    namespace: 'shop',
    name: 'cart-redis',
    created: at('2026-02-12T10:12:41Z'),
    labels: { app: 'cart-redis' },
    replicas: 1,
    selector: { app: 'cart-redis' },
    tmpl: redisTmpl,
    serviceName: 'cart-redis',
    revision: `cart-redis-${redisHash}`,
    generation: 2,
    pods: [redisPod],
  });
  redisSts.spec.volumeClaimTemplates = [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { creationTimestamp: null, name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  ];
  redisPod.metadata.ownerReferences[0].uid = redisSts.metadata.uid;
  const redisRev = controllerRevision({ owner: redisSts, hash: redisHash, revision: 2, created: at('2026-04-14T11:59:58Z'), tmpl: redisTmpl });
  redisRev.metadata.name = `cart-redis-${redisHash}`;
  const redisRevOld = controllerRevision({
    owner: redisSts,
    hash: '85f9c7d6b4',
    revision: 1,
    created: at('2026-02-12T10:12:41Z'),
    tmpl: { ...redisTmpl, spec: { ...redisTmpl.spec, containers: [{ ...redisTmpl.spec.containers[0], image: 'docker.io/library/redis:7.2.4' }] } },
  });
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta({
      namespace: 'shop',
      name: 'data-cart-redis-0',
      created: at('2026-02-12T10:12:42Z'),
      labels: { app: 'cart-redis' },
      annotations: {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
        'volume.kubernetes.io/selected-node': B,
        'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'local-path',
      volumeMode: 'Filesystem',
      volumeName: 'pvc-4e1b7c9a-2d3f-4a5b-8c6d-7e8f9a0b1c2d',
    },
    status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, phase: 'Bound' },
  };

  // ---- analytics: the aggregator OOM-killed at 07:05 (distractor) -------------------------------
  const oomAt = at('2026-06-03T07:05:40Z');
  const aggAt = at('2026-05-30T11:10:20Z');
  const aggTmpl = template({
    labels: { app: 'clickstream-aggregator', 'app.kubernetes.io/name': 'clickstream-aggregator', 'app.kubernetes.io/version': '0.14.3' },
    containers: [
      container({
        name: 'aggregator',
        image: `harbor.staging.example.net/data/clickstream-aggregator:0.14.3`,
        env: [
          { name: 'KAFKA_TOPIC', value: 'shop.clickstream' },
          { name: 'WINDOW', value: '5m' },
        ],
        ports: [{ containerPort: 9100, name: 'metrics', protocol: 'TCP' }],
        resources: { limits: { memory: '1Gi' }, requests: { cpu: '250m', memory: '1Gi' } },
      }),
    ],
  });
  const agg = rollout({
    addresses: ips,
    namespace: 'analytics',
    name: 'clickstream-aggregator',
    created: at('2026-03-03T14:50:00Z'),
    labels: { app: 'clickstream-aggregator' },
    selector: { app: 'clickstream-aggregator' },
    replicas: 1,
    conditions: stable('clickstream-aggregator', at('2026-03-03T14:50:00Z'), '9d6f8b7c5', aggAt),
    revisions: [
      {
        revision: 7,
        hash: '9d6f8b7c5',
        created: aggAt,
        replicas: 1,
        tmpl: aggTmpl,
        pods: [
          {
            node: C,
            created: aggAt + 1_000,
            readyAt: oomAt + 16_000,
            run: [
              { running: oomAt + 1_000, ready: true, restarts: 1, last: { reason: 'OOMKilled', exitCode: 137, startedAt: aggAt + 6_000, finishedAt: oomAt } },
            ],
          },
        ],
      },
    ],
  });

  objects.push(
    checkout.deploy,
    ...checkout.replicaSets,
    ...checkout.pods,
    cart.deploy,
    ...cart.replicaSets,
    ...cart.pods,
    search.deploy,
    ...search.replicaSets,
    ...search.pods,
    payments.deploy,
    ...payments.replicaSets,
    ...payments.pods,
    redisSts,
    redisRevOld,
    redisRev,
    redisPod,
    pvc,
    agg.deploy,
    ...agg.replicaSets,
    ...agg.pods,
    ...serviceWithEndpoints({
      namespace: 'shop',
      name: 'checkout',
      created: at('2026-02-12T10:12:40Z'),
      labels: { app: 'checkout' },
      selector: { app: 'checkout' },
      clusterIP: '10.96.40.17',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: checkout.pods,
      updated: at('2026-05-29T13:20:45Z'),
    }),
    ...serviceWithEndpoints({
      namespace: 'shop',
      name: 'cart',
      created: at('2026-02-12T10:12:44Z'),
      labels: { app: 'cart' },
      selector: { app: 'cart' },
      clusterIP: '10.96.40.18',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: cart.pods,
      updated: at('2026-06-01T09:03:11Z'),
    }),
    ...serviceWithEndpoints({
      namespace: 'shop',
      name: 'payments',
      created: at('2026-02-12T10:12:50Z'),
      labels: { app: 'payments' },
      selector: { app: 'payments' },
      clusterIP: '10.96.40.22',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: payments.pods,
      updated: SET_ENV + 43_000,
    }),
    ...serviceWithEndpoints({
      namespace: 'shop',
      name: 'search',
      created: at('2026-02-12T10:13:01Z'),
      labels: { app: 'search' },
      selector: { app: 'search' },
      clusterIP: '10.96.40.31',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: search.pods,
      updated: at('2026-06-03T09:31:26Z'),
    }),
    ...serviceWithEndpoints({
      namespace: 'shop',
      name: 'cart-redis',
      created: at('2026-02-12T10:12:41Z'),
      labels: { app: 'cart-redis' },
      selector: { app: 'cart-redis' },
      clusterIP: 'None',
      ports: [{ name: 'redis', port: 6379, protocol: 'TCP', targetPort: 'redis' }],
      pods: [redisPod],
      updated: redisAt + 12_000,
    }),
    configMap({
      namespace: 'shop',
      name: 'payments-config',
      created: at('2026-02-12T10:12:48Z'),
      data: {
        ACQUIRER_URL_LIVE: 'https://api.acquirer.example.com/v1',
        ACQUIRER_URL_SANDBOX: 'https://sandbox.acquirer.example.com/v1',
        CURRENCY_DEFAULT: 'EUR',
        LOG_LEVEL: 'info',
      },
      managedFields: [
        managed('argocd-controller', 'Apply', at('2026-03-18T09:12:00Z'), 'v1', {
          'f:data': { 'f:ACQUIRER_URL_LIVE': {}, 'f:ACQUIRER_URL_SANDBOX': {}, 'f:CURRENCY_DEFAULT': {}, 'f:LOG_LEVEL': {} },
        }),
      ],
    }),
    secret({
      namespace: 'shop',
      name: 'payments-acquirer',
      created: at('2026-02-12T10:12:47Z'),
      keys: ['api-key'],
      labels: { team: 'shop' },
      annotations: { 'shop.example.com/key-mode': 'test' },
      managedFields: [managed('external-secrets', 'Update', at('2026-06-03T06:00:04Z'), 'v1', { 'f:data': { '.': {}, 'f:api-key': {} } })],
    }),
    hpa({
      namespace: 'shop',
      name: 'search',
      created: at('2026-02-12T10:13:02Z'),
      labels: { app: 'search' },
      target: 'search',
      min: 2,
      max: 4,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 60, type: 'Utilization' } }, type: 'Resource' }],
      current: 4,
      desired: 4,
      currentMetrics: [{ resource: { current: { averageUtilization: 141, averageValue: '706m' }, name: 'cpu' }, type: 'Resource' }],
      lastScale: at('2026-06-03T09:31:07Z'),
      conditions: [
        {
          lastTransitionTime: ts(at('2026-06-03T09:31:22Z')),
          message: 'recommended size matches current size',
          reason: 'ReadyForNewScale',
          status: 'True',
          type: 'AbleToScale',
        },
        {
          lastTransitionTime: ts(at('2026-02-12T10:14:17Z')),
          message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          reason: 'ValidMetricFound',
          status: 'True',
          type: 'ScalingActive',
        },
        {
          lastTransitionTime: ts(at('2026-06-03T09:31:07Z')),
          message: 'the desired replica count is more than the maximum replica count',
          reason: 'TooManyReplicas',
          status: 'True',
          type: 'ScalingLimited',
        },
      ],
    }),
  );

  // ---- the E2E run that found it ---------------------------------------------------------------------
  const e2eAt = at('2026-06-03T10:07:02Z');
  const e2eTmpl = template({
    labels: { 'app.kubernetes.io/name': 'e2e-checkout', 'shop.example.com/pipeline': '5120' },
    restartPolicy: 'Never',
    containers: [
      container({
        name: 'e2e',
        image: `${REG}/e2e-runner:4.6.0`,
        args: ['--suite', 'checkout', '--target', 'http://checkout.shop.svc:8080'],
        env: [{ name: 'RUN_ID', value: '5120' }],
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      }),
    ],
  });
  const e2eStart = e2eAt + 6_000;
  const e2eEnd = at('2026-06-03T10:07:19Z');
  const e2eJob = job({
    namespace: 'shop-e2e',
    name: 'e2e-checkout-5120',
    created: e2eAt,
    labels: { 'app.kubernetes.io/name': 'e2e-checkout', 'shop.example.com/pipeline': '5120' },
    annotations: { 'shop.example.com/trigger': 'cart 2.4.0 deploy (pipeline 5120)' },
    tmpl: e2eTmpl,
    backoffLimit: 0,
    ttlSecondsAfterFinished: 86400,
    status: jobFailed({ start: e2eAt, failedAt: e2eEnd + 1_000 }),
  });
  const e2ePod = pod({
    namespace: 'shop-e2e',
    name: `e2e-checkout-5120-${safe('e2e5120', 5)}`,
    generateName: 'e2e-checkout-5120-',
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'e2e-checkout-5120', uid: e2eJob.metadata.uid },
    tmpl: e2eJob.spec.template,
    node: B,
    hostIP: ips.hostIP(B),
    ip: ips.pod(B),
    created: e2eAt,
    run: [{ terminated: { reason: 'Error', exitCode: 1, startedAt: e2eStart, finishedAt: e2eEnd } }],
  });
  objects.push(e2eJob, e2ePod);

  // ---- logs ---------------------------------------------------------------------------------------
  const T = ONSET - 418; // the E2E's checkout request
  const cartId = 'c_71f0a3';
  const order = 'ord_9QmT4v';
  const lines = (pods) => new Map(pods.map((p) => [p.metadata.name, []]));
  const co = lines(checkout.pods);
  const ca = lines(cart.pods);
  const pa = lines(payments.pods);
  const [co1, co2] = checkout.pods.map((p) => p.metadata.name);
  const [ca1, ca2] = cart.pods.map((p) => p.metadata.name);
  const [pa1, pa2] = payments.pods.map((p) => p.metadata.name);

  // Browsing and carts all hour; checkouts only when someone pays (two before the change).
  for (let i = 0; i < 44; i++) {
    const t = NOW - 59 * MIN + i * 80_000 + (i % 5) * 3_000;
    const id = hex(`bg:${i}`, 32);
    const c = i % 2 ? ca2 : ca1;
    ca.get(c).push([
      t + 4,
      zap(
        'info',
        t + 4,
        'http/log.go:22',
        'request',
        { method: 'GET', path: `/carts/c_${hex(`cart${i}`, 6)}`, status: 200, duration_ms: 3 + (i % 4), trace_id: id },
        'time',
      ),
    ]);
  }
  // Before the change the old pods answered; they are gone, so only checkout's side remains in the bundle.
  for (const [i, t] of [at('2026-06-03T09:26:41Z'), at('2026-06-03T09:48:03Z')].entries()) {
    const id = hex(`paid:${i}`, 32);
    const c = i ? co2 : co1;
    co.get(c).push([t, zap('info', t, 'checkout/handler.go:71', 'checkout started', { cart: `c_${id.slice(0, 6)}`, trace_id: id }, 'time')]);
    co.get(c).push([
      t + 251,
      zap('info', t + 251, 'http/log.go:22', 'request', { method: 'POST', path: '/api/checkout', status: 200, duration_ms: 251, trace_id: id }, 'time'),
    ]);
  }

  // The new payments pods announce their mode on start.
  for (const p of payments.pods) {
    const s = Date.parse(p.status.containerStatuses[0].state.running.startedAt);
    pa.get(p.metadata.name).push(
      [
        s + 350,
        zap(
          'info',
          s + 350,
          'cmd/payments/main.go:52',
          'payments starting',
          { version: '5.2.1', mode: 'live', acquirer: 'https://api.acquirer.example.com/v1' },
          'time',
        ),
      ],
      [s + 420, zap('info', s + 420, 'cmd/payments/main.go:88', 'listening', { addr: ':8080' }, 'time')],
    );
  }

  // The E2E's checkout: cart's Redis read times out once (retried), then payments fails at the acquirer.
  const cartIP = (name) => cart.pods.find((x) => x.metadata.name === name).status.podIP;
  const failCheckout = (t, id, c, k, p, withRedis) => {
    co.get(c).push([t + 5, zap('info', t + 5, 'checkout/handler.go:71', 'checkout started', { cart: cartId, trace_id: id }, 'time')]);
    if (withRedis) {
      ca.get(k).push([
        t + 112,
        zap(
          'warn',
          t + 112,
          'store/redis.go:58',
          'redis GET timed out, retrying',
          {
            key: `cart:${cartId}`,
            attempt: 1,
            timeout: '100ms',
            error: `read tcp ${cartIP(k)}:51022->${redisPod.status.podIP}:6379: i/o timeout`,
            trace_id: id,
          },
          'time',
        ),
      ]);
      ca.get(k).push([
        t + 131,
        zap('info', t + 131, 'store/redis.go:64', 'cart loaded', { key: `cart:${cartId}`, attempt: 2, items: 2, trace_id: id }, 'time'),
      ]);
      ca.get(k).push([
        t + 133,
        zap('info', t + 133, 'http/log.go:22', 'request', { method: 'GET', path: `/carts/${cartId}`, status: 200, duration_ms: 124, trace_id: id }, 'time'),
      ]);
    } else {
      ca.get(k).push([
        t + 14,
        zap(
          'info',
          t + 14,
          'http/log.go:22',
          'request',
          { method: 'GET', path: `/carts/c_${id.slice(0, 6)}`, status: 200, duration_ms: 5, trace_id: id },
          'time',
        ),
      ]);
    }
    const q = t + (withRedis ? 160 : 30);
    pa.get(p).push([
      q + 11,
      zap('info', q + 11, 'charges/create.go:40', 'charge requested', { amount_minor: 4599, currency: 'EUR', mode: 'live', trace_id: id }, 'time'),
    ]);
    pa.get(p).push([
      q + 258,
      zap(
        'error',
        q + 258,
        'acquirer/client.go:119',
        'charge failed',
        {
          provider: 'acquirer',
          endpoint: 'https://api.acquirer.example.com/v1/charges',
          status: 401,
          code: 'invalid_api_key',
          error: 'acquirer answered 401 Unauthorized: a test-mode API key was used against the live API',
          mode: 'live',
          trace_id: id,
        },
        'time',
      ),
    ]);
    pa.get(p).push([
      q + 261,
      zap('info', q + 261, 'http/log.go:22', 'request', { method: 'POST', path: '/v1/charges', status: 502, duration_ms: 250, trace_id: id }, 'time'),
    ]);
    co.get(c).push([
      q + 265,
      zap(
        'error',
        q + 265,
        'checkout/payments.go:93',
        'payment authorization failed',
        { order: order, upstream: 'payments', status: 502, trace_id: id },
        'time',
      ),
    ]);
    co.get(c).push([
      q + 268,
      zap(
        'info',
        q + 268,
        'http/log.go:22',
        'request',
        { method: 'POST', path: '/api/checkout', status: 502, duration_ms: 263 + (withRedis ? 130 : 0), trace_id: id },
        'time',
      ),
    ]);
    return q + 270;
  };
  // The E2E's request reaches payments' failure at ONSET exactly (T + 160 + 258).
  const e2eDone = failCheckout(T, TRACE, co1, ca2, pa1, true);
  failCheckout(at('2026-06-03T10:11:38Z'), hex('qa:1', 32), co2, ca1, pa2, false);
  failCheckout(at('2026-06-03T10:16:05Z'), hex('qa:2', 32), co1, ca2, pa1, false);
  for (const [m, p] of [
    [co, checkout.pods],
    [ca, cart.pods],
    [pa, payments.pods],
  ])
    for (const x of p) logs[`shop/${x.metadata.name}/${x.metadata.labels.app}`] = logText(x.metadata.name, m.get(x.metadata.name));

  const e2e = [
    [e2eStart + 300, `e2e-runner 4.6.0 run=5120 suite=checkout target=http://checkout.shop.svc:8080`],
    [e2eStart + 310, 'loaded 6 tests from suites/checkout'],
    [e2eStart + 1_200, '✓ catalog › lists products (0.8s)'],
    [e2eStart + 2_100, '✓ cart › add item (0.9s)'],
    [e2eStart + 3_000, '✓ cart › update quantity (0.9s)'],
    [e2eStart + 3_900, '✓ checkout › rejects an empty cart (0.8s)'],
    [T, `→ POST /api/checkout cart=${cartId} trace_id=${TRACE}`],
    [
      e2eDone + 4,
      `✗ checkout › pays with card (0.4s): POST /api/checkout answered 502 Bad Gateway {"error":"payment authorization failed"} (trace_id=${TRACE})`,
    ],
    [e2eDone + 1_300, '✓ checkout › shows order history (1.3s)'],
    [e2eDone + 1_320, '5 passed, 1 failed (7.4s)'],
  ];
  logs[`shop-e2e/${e2ePod.metadata.name}/e2e`] = logText(e2ePod.metadata.name, e2e);

  // search at its limit, busy but answering.
  for (const [i, p] of search.pods.entries()) {
    const out = [];
    for (let t = Math.max(NOW - 59 * MIN, Date.parse(p.status.containerStatuses[0].state.running.startedAt) + 2_000) + i * 7_000; t < NOW; t += 3 * MIN)
      out.push([
        t,
        zap(
          'info',
          t,
          'http/log.go:22',
          'request',
          { method: 'GET', path: '/search', status: 200, duration_ms: 180 + i * 31, trace_id: hex(`s:${i}:${t}`, 32) },
          'time',
        ),
      ]);
    logs[`shop/${p.metadata.name}/search`] = logText(p.metadata.name, out);
  }
  logs['shop/cart-redis-0/redis'] = logText('cart-redis-0', [
    [at('2026-06-03T09:40:12Z'), '1:M 03 Jun 2026 09:40:12.044 * 100 changes in 300 seconds. Saving...'],
    [at('2026-06-03T09:40:12.05Z'), '1:M 03 Jun 2026 09:40:12.051 * Background saving started by pid 811'],
    [at('2026-06-03T09:40:12.31Z'), '811:C 03 Jun 2026 09:40:12.309 * DB saved on disk'],
    [at('2026-06-03T10:05:13Z'), '1:M 03 Jun 2026 10:05:13.002 * 100 changes in 300 seconds. Saving...'],
    [at('2026-06-03T10:05:13.01Z'), '1:M 03 Jun 2026 10:05:13.009 * Background saving started by pid 846'],
    [at('2026-06-03T10:05:13.29Z'), '846:C 03 Jun 2026 10:05:13.287 * DB saved on disk'],
  ]);
  const aggPod = agg.pods[0];
  const aggLines = [];
  for (let t = NOW - 58 * MIN; t < NOW; t += 5 * MIN)
    aggLines.push([
      t,
      JSON.stringify({ ts: milli(t), level: 'info', msg: 'window flushed', events: 41_000 + ((t / 1000) % 9_000), sessions: 1_800 + ((t / 1000) % 300) }),
    ]);
  logs[`analytics/${aggPod.metadata.name}/aggregator`] = logText(aggPod.metadata.name, aggLines);
  logs[`analytics/${aggPod.metadata.name}/aggregator.previous`] = logText(`${aggPod.metadata.name}:prev`, [
    [oomAt - 60_000, JSON.stringify({ ts: milli(oomAt - 60_000), level: 'warn', msg: 'late events buffered', buffered: 912_400 })],
  ]);

  // ---- events of the last hour -------------------------------------------------------------------
  const kubelet = (o, host, reason, message, first, fieldPath) => event({ about: o, reason, message, first, component: 'kubelet', host, fieldPath });
  const scale = [
    [0, `Scaled up replica set ${newRS.metadata.name} to 1`],
    [22_300, `Scaled down replica set ${oldRS.metadata.name} to 1 from 2`],
    [22_400, `Scaled up replica set ${newRS.metadata.name} to 2 from 1`],
    [43_500, `Scaled down replica set ${oldRS.metadata.name} to 0 from 1`],
  ];
  for (const [d, m] of scale)
    objects.push(event({ about: payments.deploy, reason: 'ScalingReplicaSet', message: m, first: SET_ENV + d, component: 'deployment-controller' }));
  const gone = [`${oldRS.metadata.name}-${safe('old1', 5)}`, `${oldRS.metadata.name}-${safe('old2', 5)}`];
  for (const [i, g] of gone.entries()) {
    const t = SET_ENV + (i ? 43_500 : 22_300);
    objects.push(event({ about: oldRS, reason: 'SuccessfulDelete', message: `Deleted pod: ${g}`, first: t, component: 'replicaset-controller' }));
    objects.push(
      kubelet(
        { apiVersion: 'v1', kind: 'Pod', name: g, namespace: 'shop', uid: uid(`shop/${g}`) },
        i ? C : B,
        'Killing',
        'Stopping container payments',
        t + 100,
        'spec.containers{payments}',
      ),
    );
  }
  for (const p of payments.pods) {
    const c = Date.parse(p.metadata.creationTimestamp);
    objects.push(
      event({ about: newRS, reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: c, component: 'replicaset-controller' }),
      event({
        about: p,
        reason: 'Scheduled',
        message: `Successfully assigned shop/${p.metadata.name} to ${p.spec.nodeName}`,
        first: c,
        component: 'default-scheduler',
      }),
      kubelet(p, p.spec.nodeName, 'Pulled', `Container image "${REG}/payments:5.2.1" already present on machine`, c + 4_000, 'spec.containers{payments}'),
      kubelet(p, p.spec.nodeName, 'Created', 'Created container payments', c + 4_400, 'spec.containers{payments}'),
      kubelet(p, p.spec.nodeName, 'Started', 'Started container payments', c + 5_000, 'spec.containers{payments}'),
    );
  }
  const searchHpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
  objects.push(
    event({
      about: searchHpa,
      reason: 'SuccessfulRescale',
      message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      first: at('2026-06-03T09:31:07Z'),
      component: 'horizontal-pod-autoscaler',
    }),
  );
  objects.push(
    event({ about: e2eJob, reason: 'SuccessfulCreate', message: `Created pod: ${e2ePod.metadata.name}`, first: e2eAt, component: 'job-controller' }),
    event({
      about: e2ePod,
      reason: 'Scheduled',
      message: `Successfully assigned shop-e2e/${e2ePod.metadata.name} to ${B}`,
      first: e2eAt,
      component: 'default-scheduler',
    }),
    kubelet(e2ePod, B, 'Pulled', `Container image "${REG}/e2e-runner:4.6.0" already present on machine`, e2eAt + 4_000, 'spec.containers{e2e}'),
    kubelet(e2ePod, B, 'Created', 'Created container e2e', e2eAt + 5_000, 'spec.containers{e2e}'),
    kubelet(e2ePod, B, 'Started', 'Started container e2e', e2eAt + 6_000, 'spec.containers{e2e}'),
    event({
      about: e2eJob,
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      type: 'Warning',
      first: e2eEnd + 1_000,
      component: 'job-controller',
    }),
  );

  const manifest = {
    format: 'triage-bundle/v1',
    capturedAt: ts(NOW),
    context: 'kubernetes-admin@staging',
    serverVersion: {
      major: '1',
      minor: '31',
      gitVersion: K8S,
      gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d',
      gitTreeState: 'clean',
      buildDate: '2024-10-22T20:28:14Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    namespaces: ['shop', 'shop-e2e', 'analytics'],
    since: '1h',
    failures: [],
  };
  return { manifest, objects, logs, files: {} };
}
