// Replay at scale: a generated bundle with BENCH_PODS pods (5,000 by default) across 50
// namespaces. Prints how long `triage replay` takes to serve it, how long the real
// `kubectl get pods -A` takes through it (cold and warm discovery cache), and the wall time
// of the `environment` step of `triage run --bundle`. Asserts nothing.
// Run with `npm run bench:replay` (it builds first).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PODS = Number(process.env.BENCH_PODS ?? 5000);
const NAMESPACES = 50;
const PER_DEPLOYMENT = 10;
const NODES = 20;
const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));
const CAPTURED = Date.parse('2026-06-15T09:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const hex = (n, len = 10) => (Math.imul(n + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8).slice(0, len);
const list = (items) => `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
const uid = (kind, n) => `${hex(n, 8)}-${hex(n + kind.length, 4)}-4${hex(n * 7, 3)}-8${hex(n * 13, 3)}-${hex(n * 31, 12)}`;

function generate(dir) {
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
    const template = { metadata: { labels: { app, 'pod-template-hash': hash } }, spec: { containers: [{ name: app, image, ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } }] } };
    const unready = d % 50 === 7 ? 1 : 0;
    deployments.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: ns, uid: uid('Deployment', d), creationTimestamp: created, labels: { app }, annotations: { 'deployment.kubernetes.io/revision': '1' }, generation: 1 }, spec: { replicas, selector: { matchLabels: { app } }, template }, status: { replicas, readyReplicas: replicas - unready, updatedReplicas: replicas, availableReplicas: replicas - unready, observedGeneration: 1 } });
    replicasets.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${app}-${hash}`, namespace: ns, uid: uid('ReplicaSet', d), creationTimestamp: created, labels: { app, 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: uid('Deployment', d), controller: true }] }, spec: { replicas, selector: { matchLabels: { app, 'pod-template-hash': hash } }, template }, status: { replicas, readyReplicas: replicas - unready, availableReplicas: replicas - unready } });
    services.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: ns, uid: uid('Service', d), creationTimestamp: created }, spec: { type: 'ClusterIP', clusterIP: `10.96.${d % 250}.${(d * 7) % 250}`, ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }], selector: { app } }, status: { loadBalancer: {} } });
    for (let p = 0; p < replicas; p++) {
      const n = d * PER_DEPLOYMENT + p;
      const name = `${app}-${hash}-${hex(n, 5)}`;
      const crashing = unready && p === 0;
      const started = iso(CAPTURED - (1 + (n % 47)) * 3_600_000);
      const state = crashing ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${app} pod=${name}` } } : { running: { startedAt: started } };
      const lastState = crashing ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(CAPTURED - 600_000), finishedAt: iso(CAPTURED - 300_000) } } : {};
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, uid: uid('Pod', n), creationTimestamp: started, labels: { app, 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: uid('ReplicaSet', d), controller: true, blockOwnerDeletion: true }] },
        spec: { ...template.spec, nodeName: nodes[n % NODES], restartPolicy: 'Always', serviceAccountName: 'default', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: crashing ? 'False' : 'True' }, { type: 'ContainersReady', status: crashing ? 'False' : 'True' }, { type: 'PodScheduled', status: 'True' }],
          containerStatuses: [{ name: app, image, imageID: `${image.split(':')[0]}@sha256:${hex(d, 64)}`, ready: !crashing, started: !crashing, restartCount: crashing ? 9 : 0, state, lastState, containerID: `containerd://${hex(n, 64)}` }],
          hostIP: `10.0.${n % NODES}.10`,
          podIP: `10.244.${n % 250}.${(n * 3) % 250}`,
          podIPs: [{ ip: `10.244.${n % 250}.${(n * 3) % 250}` }],
          qosClass: 'Burstable',
          startTime: started,
        },
      });
      if (crashing) {
        events.push({ apiVersion: 'v1', kind: 'Event', metadata: { name: `${name}.${hex(n, 16)}`, namespace: ns, uid: uid('Event', n), creationTimestamp: iso(CAPTURED - 3_600_000) }, involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace: ns, uid: uid('Pod', n), fieldPath: `spec.containers{${app}}` }, reason: 'BackOff', message: `Back-off restarting failed container ${app} in pod ${name}`, type: 'Warning', count: 40, firstTimestamp: iso(CAPTURED - 3_600_000), lastTimestamp: iso(CAPTURED - 60_000), source: { component: 'kubelet', host: nodes[n % NODES] } });
      }
    }
  }
  const nodeObjects = nodes.map((name, i) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: uid('Node', i), creationTimestamp: iso(CAPTURED - 30 * 86_400_000), labels: { 'kubernetes.io/hostname': name } }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }], nodeInfo: { kubeletVersion: 'v1.30.4', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0-1020', containerRuntimeVersion: 'containerd://1.7.13' }, addresses: [{ type: 'InternalIP', address: `10.0.${i}.10` }] } }));
  const namespaceObjects = namespaces.map((name, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: uid('Namespace', i), creationTimestamp: iso(CAPTURED - 60 * 86_400_000), labels: { 'kubernetes.io/metadata.name': name } }, status: { phase: 'Active' } }));
  const files = { 'pods.json': pods, 'deployments.apps.json': deployments, 'replicasets.apps.json': replicasets, 'services.json': services, 'events.json': events, 'nodes.json': nodeObjects, 'namespaces.json': namespaceObjects };
  for (const [file, items] of Object.entries(files)) writeFileSync(join(dir, 'resources', file), list(items));
  writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ format: 'triage-bundle/v1', capturedAt: iso(CAPTURED), context: 'bench', serverVersion: { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' }, namespaces: [], allNamespaces: true, failures: [] }, null, 2));
  return pods.length;
}

/** Spawn `triage replay` and resolve when it says it is serving. */
function startReplay(dir, kubeconfig) {
  const started = performance.now();
  const child = spawn(process.execPath, [TRIAGE, 'replay', dir, '--write-kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl-C stops it.')) resolve({ child, ms: performance.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`triage replay exited ${code}: ${out}`)));
  });
}

function timed(file, args, options) {
  const started = performance.now();
  const stdout = execFileSync(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { ms: performance.now() - started, stdout };
}

const fmt = (ms) => `${Math.round(ms)} ms`;
const work = mkdtempSync(join(tmpdir(), 'triage-bench-replay-'));
try {
  const bundle = join(work, 'bundle');
  const generated = performance.now();
  const pods = generate(bundle);
  console.log(`bundle: ${pods} pods in ${NAMESPACES} namespaces, generated in ${fmt(performance.now() - generated)} (${bundle})`);

  const kubeconfig = join(work, 'replay.kubeconfig');
  const replay = await startReplay(bundle, kubeconfig);
  console.log(`triage replay start (spawn → serving, bundle validated): ${fmt(replay.ms)}`);
  try {
    const kubectl = (...args) => timed('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(work, 'kube-cache'), ...args]);
    const cold = kubectl('get', 'pods', '-A');
    const rows = cold.stdout.trimEnd().split('\n').length - 1;
    const warm = [kubectl('get', 'pods', '-A'), kubectl('get', 'pods', '-A'), kubectl('get', 'pods', '-A')].map((r) => r.ms).sort((a, b) => a - b);
    console.log(`kubectl get pods -A through replay: ${rows} rows; cold discovery ${fmt(cold.ms)}, warm median ${fmt(warm[1])}`);
    const json = kubectl('get', 'pods', '-A', '-o', 'json');
    console.log(`kubectl get pods -A -o json through replay: ${fmt(json.ms)} (${(json.stdout.length / 1024 / 1024).toFixed(1)} MiB)`);
  } finally {
    replay.child.kill('SIGINT');
  }

  // The environment step of a headless walk over the same bundle (its own in-process replay).
  const cwd = join(work, 'walk');
  mkdirSync(cwd);
  const walk = (() => {
    const started = performance.now();
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [TRIAGE, 'run', '--bundle', bundle, '--format', 'ndjson'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (error) {
      stdout = error.stdout ?? '';
    }
    return { ms: performance.now() - started, events: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
  })();
  const env = walk.events.filter((e) => e.step === 'environment' && (e.type === 'check.started' || e.type === 'check.finished'));
  const starts = env.filter((e) => e.type === 'check.started').map((e) => Date.parse(e.at));
  const ends = env.filter((e) => e.type === 'check.finished').map((e) => Date.parse(e.at));
  if (starts.length) {
    console.log(`environment step wall time (triage run --bundle, ${starts.length} checks): ${fmt(Math.max(...ends) - Math.min(...starts))}`);
    for (const e of env.filter((x) => x.type === 'check.finished')) console.log(`  ${e.checkId.padEnd(26)} ${String(e.result.durationMs).padStart(6)} ms  ${e.result.status.padEnd(5)} ${e.result.summary.slice(0, 80)}`);
  } else {
    console.log('environment step: no environment checks ran');
  }
  console.log(`whole headless walk: ${fmt(walk.ms)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
