// The generated bundle the benchmarks read: BENCH_PODS pods (5,000 by default) across 50
// namespaces in deployments of 10, their ReplicaSets, Services, nodes, events (a BackOff for
// each crashing pod, Normal ones to fill up to a count), and optional pod logs that one trace
// id crosses. Deterministic: the same options write the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const NAMESPACES = 50;
const PER_DEPLOYMENT = 10;
const NODES = 20;
const CAPTURED = Date.parse('2026-06-15T09:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const hex = (n, len = 10) => (Math.imul(n + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8).slice(0, len);
const list = (items) => `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
const uid = (kind, n) => `${hex(n, 8)}-${hex(n + kind.length, 4)}-4${hex(n * 7, 3)}-8${hex(n * 13, 3)}-${hex(n * 31, 12)}`;

/**
 * Write a bundle of `pods` pods into `dir`. `events`: at least this many events (Normal
 * ones fill up to it beside each crash's BackOff); `logPods` pods get a log of `logLines`
 * lines each, `TRACE` crossing up to 20 of them. Returns what it wrote.
 */
export function generateBundle(dir, { pods: PODS = 5000, events: EVENTS = 0, logPods = 0, logLines = 0 } = {}) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `team-${String(i).padStart(2, '0')}`);
  const nodes = Array.from({ length: NODES }, (_, i) => `pool-a-${hex(i, 5)}`);
  const deployments = [];
  const replicasets = [];
  const pods = [];
  const services = [];
  const events = [];
  const count = Math.ceil(PODS / PER_DEPLOYMENT);
  for (let d = 0; d < count; d++) {
    const ns = namespaces[d % NAMESPACES];
    const app = `svc-${String(d).padStart(4, '0')}`;
    const hash = hex(d, 9);
    const image = `registry.example.com/${ns}/${app}:1.${d % 7}.${d % 3}`;
    const created = iso(CAPTURED - (3 + (d % 20)) * 86_400_000);
    const replicas = Math.min(PER_DEPLOYMENT, PODS - d * PER_DEPLOYMENT);
    const template = {
      metadata: { labels: { app, 'pod-template-hash': hash } },
      spec: {
        containers: [
          {
            name: app,
            image,
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
      },
    };
    const unready = d % 50 === 7 ? 1 : 0;
    deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: app,
        namespace: ns,
        uid: uid('Deployment', d),
        creationTimestamp: created,
        labels: { app },
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        generation: 1,
      },
      spec: { replicas, selector: { matchLabels: { app } }, template },
      status: { replicas, readyReplicas: replicas - unready, updatedReplicas: replicas, availableReplicas: replicas - unready, observedGeneration: 1 },
    });
    replicasets.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${app}-${hash}`,
        namespace: ns,
        uid: uid('ReplicaSet', d),
        creationTimestamp: created,
        labels: { app, 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: uid('Deployment', d), controller: true }],
      },
      spec: { replicas, selector: { matchLabels: { app, 'pod-template-hash': hash } }, template },
      status: { replicas, readyReplicas: replicas - unready, availableReplicas: replicas - unready },
    });
    services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace: ns, uid: uid('Service', d), creationTimestamp: created },
      spec: {
        type: 'ClusterIP',
        clusterIP: `10.96.${d % 250}.${(d * 7) % 250}`,
        ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }],
        selector: { app },
      },
      status: { loadBalancer: {} },
    });
    for (let p = 0; p < replicas; p++) {
      const n = d * PER_DEPLOYMENT + p;
      const name = `${app}-${hash}-${hex(n, 5)}`;
      const crashing = unready && p === 0;
      const started = iso(CAPTURED - (1 + (n % 47)) * 3_600_000);
      const state = crashing
        ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${app} pod=${name}` } }
        : { running: { startedAt: started } };
      const lastState = crashing
        ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(CAPTURED - 600_000), finishedAt: iso(CAPTURED - 300_000) } }
        : {};
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: ns,
          uid: uid('Pod', n),
          creationTimestamp: started,
          labels: { app, 'pod-template-hash': hash },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: uid('ReplicaSet', d), controller: true, blockOwnerDeletion: true },
          ],
        },
        spec: {
          ...template.spec,
          nodeName: nodes[n % NODES],
          restartPolicy: 'Always',
          serviceAccountName: 'default',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
        },
        status: {
          phase: 'Running',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: crashing ? 'False' : 'True' },
            { type: 'ContainersReady', status: crashing ? 'False' : 'True' },
            { type: 'PodScheduled', status: 'True' },
          ],
          containerStatuses: [
            {
              name: app,
              image,
              imageID: `${image.split(':')[0]}@sha256:${hex(d, 64)}`,
              ready: !crashing,
              started: !crashing,
              restartCount: crashing ? 9 : 0,
              state,
              lastState,
              containerID: `containerd://${hex(n, 64)}`,
            },
          ],
          hostIP: `10.0.${n % NODES}.10`,
          podIP: `10.244.${n % 250}.${(n * 3) % 250}`,
          podIPs: [{ ip: `10.244.${n % 250}.${(n * 3) % 250}` }],
          qosClass: 'Burstable',
          startTime: started,
        },
      });
      if (crashing) {
        events.push({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${name}.${hex(n, 16)}`, namespace: ns, uid: uid('Event', n), creationTimestamp: iso(CAPTURED - 3_600_000) },
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace: ns, uid: uid('Pod', n), fieldPath: `spec.containers{${app}}` },
          reason: 'BackOff',
          message: `Back-off restarting failed container ${app} in pod ${name}`,
          type: 'Warning',
          count: 40,
          firstTimestamp: iso(CAPTURED - 3_600_000),
          lastTimestamp: iso(CAPTURED - 60_000),
          source: { component: 'kubelet', host: nodes[n % NODES] },
        });
      }
    }
  }
  const nodeObjects = nodes.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: uid('Node', i), creationTimestamp: iso(CAPTURED - 30 * 86_400_000), labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: { kubeletVersion: 'v1.30.4', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0-1020', containerRuntimeVersion: 'containerd://1.7.13' },
      addresses: [{ type: 'InternalIP', address: `10.0.${i}.10` }],
    },
  }));
  const namespaceObjects = namespaces.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: uid('Namespace', i), creationTimestamp: iso(CAPTURED - 60 * 86_400_000), labels: { 'kubernetes.io/metadata.name': name } },
    status: { phase: 'Active' },
  }));
  for (let i = 0; events.length < EVENTS; i++) {
    const pod = pods[i % pods.length];
    const { name, namespace: ns } = pod.metadata;
    const reason = ['Scheduled', 'Pulled', 'Created', 'Started'][Math.floor(i / pods.length) % 4];
    const at = iso(CAPTURED - (5 + (i % 50)) * 60_000);
    events.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${hex(i + 7919, 16)}`, namespace: ns, uid: uid('Event', i + 1_000_000), creationTimestamp: at },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace: ns, uid: pod.metadata.uid },
      reason,
      message: `${reason} container ${pod.spec.containers[0].name}`,
      type: 'Normal',
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: 'kubelet', host: pod.spec.nodeName },
    });
  }
  let logBytes = 0;
  const logged = [];
  for (let l = 0; l < Math.min(logPods, pods.length); l++) {
    const pod = pods[Math.floor((l * pods.length) / logPods)];
    const { name, namespace: ns } = pod.metadata;
    const container = pod.spec.containers[0].name;
    const crossed = l < 20;
    const hop = Math.floor(logLines / 2) + l * 7;
    const lines = [];
    for (let i = 0; i < logLines; i++) {
      const t = new Date(CAPTURED - 3_600_000 + i * 500 + l).toISOString().replace('Z', '000000Z');
      const id = crossed && i >= hop && i < hop + 3 ? TRACE : `${hex(i, 16)}${hex(i + l, 16)}`;
      lines.push(`${t} {"level":"info","msg":"request handled","path":"/api/items/${i}","status":200,"duration_ms":${i % 97},"trace_id":"${id}"}`);
    }
    const text = `${lines.join('\n')}\n`;
    mkdirSync(join(dir, 'logs', ns, name), { recursive: true });
    writeFileSync(join(dir, 'logs', ns, name, `${container}.log`), text);
    logBytes += text.length;
    logged.push(join('logs', ns, name, `${container}.log`));
  }
  const files = {
    'pods.json': pods,
    'deployments.apps.json': deployments,
    'replicasets.apps.json': replicasets,
    'services.json': services,
    'events.json': events,
    'nodes.json': nodeObjects,
    'namespaces.json': namespaceObjects,
  };
  for (const [file, items] of Object.entries(files)) writeFileSync(join(dir, 'resources', file), list(items));
  writeFileSync(
    join(dir, 'bundle.json'),
    JSON.stringify(
      {
        format: 'triage-bundle/v1',
        capturedAt: iso(CAPTURED),
        context: 'bench',
        serverVersion: { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' },
        namespaces: [],
        allNamespaces: true,
        failures: [],
      },
      null,
      2,
    ),
  );
  return { pods: pods.length, events: events.length, logs: logged.length, logBytes };
}
