// What every incident cluster has besides its story: nodes, namespaces with their default
// service account and root CA, CoreDNS; and Deployments built revision by revision so the
// Deployment, its ReplicaSets and their pods agree (hashes, owners, counts, times).
import {
  configMap,
  container,
  deployment,
  endpointsFor,
  hex,
  httpProbe,
  logText,
  meta,
  node,
  namespace,
  pod,
  replicaSet,
  rootCA,
  safe,
  service,
  template,
  templateHash,
  ts,
} from './lib.mjs';

/** Hands out pod IPs inside each node's pod CIDR (`10.244.1.` → .12, .13, ...). */
export class Addresses {
  constructor(nodes) {
    this.next = new Map(nodes.map((n) => [n.name, 11]));
    this.prefix = new Map(nodes.map((n) => [n.name, n.podPrefix]));
    this.host = new Map(nodes.map((n) => [n.name, n.ip]));
  }

  pod(nodeName) {
    const n = this.next.get(nodeName);
    if (n === undefined) throw new Error(`unknown node ${nodeName}`);
    this.next.set(nodeName, n + 1);
    return `${this.prefix.get(nodeName)}${n}`;
  }

  hostIP(nodeName) {
    return this.host.get(nodeName);
  }
}

/** `{ name, created, labels?, ip, podPrefix, ... }` per node; the provider's labels and node info come from `flavour`. */
export function nodes(list, now, flavour) {
  return list.map((n) =>
    node({
      name: n.name,
      created: n.created,
      now,
      ip: n.ip,
      hostname: n.hostname ?? n.name,
      labels: { ...flavour.labels(n), ...(n.labels ?? {}) },
      annotations: flavour.annotations?.(n),
      // The AWS VPC CNI hands out VPC addresses: its nodes carry no podCIDR.
      spec: {
        ...(flavour.podCIDR === false ? {} : { podCIDR: `${n.podPrefix}0/24`, podCIDRs: [`${n.podPrefix}0/24`] }),
        ...(flavour.providerID ? { providerID: flavour.providerID(n) } : {}),
        ...(n.spec ?? {}),
      },
      capacity: flavour.capacity,
      allocatable: flavour.allocatable,
      info: { ...flavour.info, ...(n.info ?? {}) },
      conditions: n.conditions,
    }),
  );
}

/** Namespaces, each with its `default` ServiceAccount and `kube-root-ca.crt` as the controllers create them. */
export function namespaces(list) {
  const out = [];
  for (const n of list) {
    out.push(namespace(n));
    out.push(rootCA(n.name, n.created + 1_000));
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta({ name: 'default', namespace: n.name, created: n.created + 1_000 }) });
  }
  return out;
}

/**
 * A Deployment and its history. `revisions` oldest first; each has its template, when its
 * ReplicaSet was created, its replicas now, and its pods (`{ node, created, readyAt, run }`).
 */
export function rollout({
  addresses,
  namespace: ns,
  name,
  created,
  labels,
  selector,
  replicas,
  strategy,
  annotations,
  paused,
  minReadySeconds,
  conditions,
  managedFields,
  revisions,
  digests,
}) {
  const latest = revisions.at(-1);
  const generation = revisions.length + (paused ? 1 : 0) + (revisions.length > 1 ? 1 : 0);
  const draft = deployment({
    namespace: ns,
    name,
    created,
    labels,
    annotations,
    replicas,
    selector,
    tmpl: latest.tmpl,
    strategy,
    revision: latest.revision,
    generation,
    paused,
    minReadySeconds,
    status: {},
    managedFields,
  });
  const replicaSets = [];
  const pods = [];
  for (const r of revisions) {
    const hash = r.hash ?? templateHash(`${ns}/${name}/${r.revision}`);
    const rsName = `${name}-${hash}`;
    const rsPods = (r.pods ?? []).map((p, i) => {
      const podName = `${rsName}-${p.suffix ?? safe(`pod:${ns}/${rsName}/${i}`, 5)}`;
      return pod({
        namespace: ns,
        name: podName,
        generateName: `${rsName}-`,
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: undefined },
        tmpl: { ...r.tmpl, metadata: { ...r.tmpl.metadata, labels: { ...r.tmpl.metadata.labels, 'pod-template-hash': hash } } },
        node: p.node,
        hostIP: addresses.hostIP(p.node),
        ip: p.ip ?? addresses.pod(p.node),
        created: p.created,
        scheduled: p.created,
        readyAt: p.readyAt,
        run: p.run,
        phase: p.phase,
        digests: p.digests ?? digests,
      });
    });
    const rs = replicaSet({
      deploy: draft,
      hash,
      revision: r.revision,
      created: r.created,
      replicas: r.replicas,
      tmpl: r.tmpl,
      pods: rsPods,
      managedFields: r.managedFields,
    });
    for (const p of rsPods) p.metadata.ownerReferences[0].uid = rs.metadata.uid;
    replicaSets.push(rs);
    pods.push(...rsPods);
  }
  const ready = pods.filter((p) => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const latestPods = pods.filter((p) => p.metadata.labels['pod-template-hash'] === replicaSets.at(-1).metadata.labels['pod-template-hash']);
  draft.status = {
    observedGeneration: generation,
    availableReplicas: ready || undefined,
    conditions,
    readyReplicas: ready || undefined,
    replicas: pods.length,
    unavailableReplicas: replicas - ready > 0 ? replicas - ready : undefined,
    updatedReplicas: latestPods.length || undefined,
  };
  for (const k of Object.keys(draft.status)) if (draft.status[k] === undefined) delete draft.status[k];
  return { deploy: draft, replicaSets, pods };
}

/** CoreDNS as kubeadm-style clusters run it: two replicas, the kube-dns Service. */
export function coredns({ addresses, created, image = 'registry.k8s.io/coredns/coredns:v1.11.1', nodes: onNodes, clusterDNS, now, go = 'go1.20.7' }) {
  const tmpl = template({
    labels: { 'k8s-app': 'kube-dns' },
    serviceAccountName: 'coredns',
    containers: [
      container({
        name: 'coredns',
        image,
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { containerPort: 53, name: 'dns', protocol: 'UDP' },
          { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
          { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
        ],
        livenessProbe: httpProbe('/health', 8080, { initialDelaySeconds: 60, timeoutSeconds: 5, failureThreshold: 5 }),
        readinessProbe: httpProbe('/ready', 8181),
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
      }),
    ],
    volumes: [{ configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' }],
  });
  const built = rollout({
    addresses,
    namespace: 'kube-system',
    name: 'coredns',
    created,
    labels: { 'k8s-app': 'kube-dns' },
    selector: { 'k8s-app': 'kube-dns' },
    replicas: onNodes.length,
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' },
    conditions: [
      {
        lastTransitionTime: ts(created + 95_000),
        lastUpdateTime: ts(created + 95_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(created + 20_000),
        lastUpdateTime: ts(created + 95_000),
        message: `ReplicaSet "coredns-${templateHash('kube-system/coredns/1')}" has successfully progressed.`,
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 1,
        created: created + 15_000,
        replicas: onNodes.length,
        tmpl,
        pods: onNodes.map((n, i) => ({
          node: n,
          created: created + 60_000 + i * 1000,
          readyAt: created + 90_000 + i * 1000,
          run: [{ running: created + 70_000 + i * 1000, ready: true }],
        })),
      },
    ],
  });
  const svc = service({
    namespace: 'kube-system',
    name: 'kube-dns',
    created: created + 12_000,
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    selector: { 'k8s-app': 'kube-dns' },
    clusterIP: clusterDNS,
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
  });
  const { endpoints, slice } = endpointsFor(svc, built.pods, created + 90_000);
  const corefile = configMap({
    namespace: 'kube-system',
    name: 'coredns',
    created: created + 11_000,
    data: {
      Corefile:
        '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
    },
  });
  const logs = {};
  for (const p of built.pods) {
    const started = Date.parse(p.status.containerStatuses[0].state.running.startedAt);
    logs[`kube-system/${p.metadata.name}/coredns`] = logText(p.metadata.name, [
      [started + 120, '.:53'],
      [started + 121, `[INFO] plugin/reload: Running configuration SHA512 = ${hex(`corefile:${created}`, 128)}`],
      [started + 122, `CoreDNS-${image.split(':').at(-1).replace(/^v/, '')}`],
      [started + 123, `linux/amd64, ${go}, ${hex(`coredns:${image}`, 7)}`],
    ]);
  }
  void now;
  return { objects: [built.deploy, ...built.replicaSets, ...built.pods, svc, endpoints, slice, corefile], logs, pods: built.pods };
}

/** A Service over a workload's pods, with its Endpoints and EndpointSlice. */
export function serviceWithEndpoints({ pods, updated, ...spec }) {
  const svc = service(spec);
  const { endpoints, slice } = endpointsFor(svc, pods, updated);
  return [svc, endpoints, slice];
}
