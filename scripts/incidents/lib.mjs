// Builders for the incident bundles under fixtures/incidents/: objects shaped as the API
// server returns them (what `triage capture` writes and `kubectl get -A -o json` prints),
// with uids, pod-template hashes, pod names, container ids and digests derived from a seed
// so that a rebuild writes the same bytes. Nothing here is read by the product.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The alphabet Kubernetes uses for generated name suffixes and pod-template hashes (no vowels, no 0/1/3). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function digest(seed) {
  return createHash('sha256').update(seed).digest();
}

export function hex(seed, length = 64) {
  let out = '';
  for (let i = 0; out.length < length; i++) out += digest(`${seed}#${i}`).toString('hex');
  return out.slice(0, length);
}

export function safe(seed, length) {
  const bytes = digest(seed);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE[bytes[i] % SAFE.length];
  return out;
}

export function uid(seed) {
  const h = hex(`uid:${seed}`, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) % 4];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A pod-template-hash as the Deployment controller renders it (9 or 10 safe characters). */
export function templateHash(seed) {
  return safe(`hash:${seed}`, 9 + (digest(seed)[31] % 2));
}

let resourceVersion = 0;
/** Increasing resourceVersions across a bundle, in build order. */
export function nextVersion(base) {
  resourceVersion = Math.max(resourceVersion + 1, base);
  return String(resourceVersion);
}
export function resetVersions(start) {
  resourceVersion = start;
}

// ---- time ---------------------------------------------------------------------------------

export function at(iso) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
}

/** Seconds precision, as the API server prints metav1.Time. */
export function ts(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed, as `kubectl logs --timestamps` prints it. */
export function nano(ms, seed) {
  const base = new Date(Math.floor(ms)).toISOString().slice(0, 19);
  const millis = String(Math.floor(ms) % 1000).padStart(3, '0');
  const rest = String(parseInt(hex(`ns:${seed}:${ms}`, 8), 16) % 1_000_000).padStart(6, '0');
  const fraction = `${millis}${rest}`.replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}Z`;
}

/** Milliseconds precision, as applications print their own time fields. */
export function milli(ms) {
  return new Date(Math.floor(ms)).toISOString();
}

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

// ---- generic metadata -----------------------------------------------------------------------

function clean(obj) {
  if (Array.isArray(obj)) return obj.map(clean);
  if (obj === null || typeof obj !== 'object') return obj;
  return Object.fromEntries(
    Object.entries(obj)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, clean(v)]),
  );
}

export function meta({ name, namespace, created, labels, annotations, owner, generateName, generation, finalizers, managedFields, deletionTimestamp, seed }) {
  return clean({
    name,
    namespace,
    generateName,
    uid: uid(seed ?? `${namespace ?? ''}/${name}`),
    resourceVersion: nextVersion(0),
    generation,
    creationTimestamp: ts(created),
    deletionTimestamp: deletionTimestamp === undefined ? undefined : ts(deletionTimestamp),
    labels,
    annotations,
    ownerReferences: owner
      ? [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }]
      : undefined,
    finalizers,
    managedFields,
  });
}

/** One managedFields entry: who last wrote which part of an object, and when. */
export function managed(manager, operation, time, apiVersion, fields, subresource) {
  return clean({ manager, operation, apiVersion, time: ts(time), fieldsType: 'FieldsV1', fieldsV1: fields, subresource });
}

export function ref(obj) {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, uid: obj.metadata.uid };
}

// ---- cluster-scoped -----------------------------------------------------------------------

export function namespace({ name, created, labels = {}, phase = 'Active', deletionTimestamp }) {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta({ name, created, labels: { 'kubernetes.io/metadata.name': name, ...labels }, deletionTimestamp }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase },
  };
}

const NODE_OK = {
  MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
};

/**
 * A node. `conditions` overrides some of the four kubelet conditions:
 * `{ MemoryPressure: { status, reason, message, since } }`; the rest held since the node joined.
 */
export function node({
  name,
  created,
  now,
  labels,
  annotations = {},
  spec = {},
  ip,
  hostname = name,
  capacity,
  allocatable,
  info,
  conditions = {},
  extraConditions = [],
}) {
  const heartbeat = ts(now - 9_000);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta({
      name,
      created,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': hostname,
        'kubernetes.io/os': 'linux',
        ...labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', ...annotations },
    }),
    spec,
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: hostname, type: 'Hostname' },
      ],
      allocatable,
      capacity,
      conditions: [
        ...extraConditions,
        ...Object.entries(NODE_OK).map(([type, [status, reason, message]]) => {
          const o = conditions[type];
          return {
            lastHeartbeatTime: heartbeat,
            lastTransitionTime: ts(o?.since ?? created + 40_000),
            message: o?.message ?? message,
            reason: o?.reason ?? reason,
            status: o?.status ?? status,
            type,
          };
        }),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid(`boot:${name}`),
        machineID: hex(`machine:${name}`, 32),
        operatingSystem: 'linux',
        systemUUID: uid(`system:${name}`),
        ...info,
      },
    },
  };
}

// ---- pods and their controllers -------------------------------------------------------------

export function container({
  name,
  image,
  env,
  envFrom,
  ports,
  args,
  command,
  resources = {},
  readinessProbe,
  livenessProbe,
  volumeMounts = [],
  pullPolicy = 'IfNotPresent',
}) {
  return clean({
    name,
    image,
    imagePullPolicy: pullPolicy,
    command,
    args,
    env,
    envFrom,
    ports,
    readinessProbe,
    livenessProbe,
    resources,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: volumeMounts.length ? volumeMounts : undefined,
  });
}

export function httpProbe(path, port, extra = {}) {
  return { failureThreshold: 3, httpGet: { path, port, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, ...extra };
}

/** A pod template as a controller stores it (`creationTimestamp: null`, no service account token volume). */
export function template({
  labels,
  annotations,
  containers,
  volumes,
  serviceAccountName,
  restartPolicy = 'Always',
  terminationGracePeriodSeconds = 30,
  nodeSelector,
  securityContext = {},
}) {
  return clean({
    metadata: { annotations, creationTimestamp: null, labels },
    spec: {
      containers,
      dnsPolicy: 'ClusterFirst',
      nodeSelector,
      restartPolicy,
      schedulerName: 'default-scheduler',
      securityContext,
      serviceAccount: serviceAccountName,
      serviceAccountName,
      terminationGracePeriodSeconds,
      volumes,
    },
  });
}

function qosClass(containers) {
  const all = containers.map((c) => c.resources ?? {});
  if (all.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = all.every(
    (r) =>
      r.limits?.cpu && r.limits?.memory && (r.requests?.cpu ?? r.limits.cpu) === r.limits.cpu && (r.requests?.memory ?? r.limits.memory) === r.limits.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * A pod from a template, as the kubelet reports it. Each container's `run` says what it is
 * doing now: `{ running: ms, ready, restarts, last: { reason, exitCode, startedAt, finishedAt } }`,
 * `{ waiting: { reason, message }, restarts, last }` or `{ terminated: { reason, exitCode, startedAt, finishedAt } }`.
 */
export function pod({
  namespace,
  name,
  generateName,
  owner,
  tmpl,
  extraLabels = {},
  node,
  hostIP,
  ip,
  created,
  scheduled = created,
  initialized,
  run,
  readyAt,
  phase,
  reason,
  message,
  nodeRuntime = 'containerd',
  digests,
  disruption,
}) {
  const specContainers = tmpl.spec.containers;
  const tokenVolume = `kube-api-access-${safe(`vol:${name}`, 5)}`;
  const containers = specContainers.map((c) => ({
    ...c,
    volumeMounts: [...(c.volumeMounts ?? []), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenVolume, readOnly: true }],
  }));
  const statuses = specContainers.map((c, i) => {
    const r = run[i] ?? run[c.name];
    const id = (k) => `${nodeRuntime}://${hex(`cid:${name}:${c.name}:${k}`)}`;
    const imageID = digests?.[c.name] ?? `${c.image.replace(/:[^:/]+$/, '')}@sha256:${hex(`digest:${c.image}`)}`;
    const last = r.last
      ? {
          terminated: {
            containerID: id('last'),
            exitCode: r.last.exitCode,
            finishedAt: ts(r.last.finishedAt),
            reason: r.last.reason,
            startedAt: ts(r.last.startedAt),
          },
        }
      : {};
    let state;
    if (r.running !== undefined) state = { running: { startedAt: ts(r.running) } };
    else if (r.waiting) state = { waiting: clean({ reason: r.waiting.reason, message: r.waiting.message }) };
    else
      state = {
        terminated: {
          containerID: id('now'),
          exitCode: r.terminated.exitCode,
          finishedAt: ts(r.terminated.finishedAt),
          reason: r.terminated.reason,
          startedAt: ts(r.terminated.startedAt),
        },
      };
    const created = r.waiting?.reason === 'ContainerCreating';
    return clean({
      containerID: created ? undefined : id('now'),
      image: c.image,
      imageID: created ? '' : imageID,
      lastState: last,
      name: c.name,
      ready: Boolean(r.ready),
      restartCount: r.restarts ?? 0,
      started: r.running !== undefined ? Boolean(r.started ?? true) : false,
      state,
    });
  });
  const allReady = statuses.every((s) => s.ready);
  const podPhase =
    phase ??
    (statuses.every((s) => s.state.terminated)
      ? statuses.some((s) => s.state.terminated.exitCode !== 0)
        ? 'Failed'
        : 'Succeeded'
      : statuses.some((s) => s.state.waiting?.reason === 'ContainerCreating')
        ? 'Pending'
        : 'Running');
  const finished = podPhase === 'Succeeded' || podPhase === 'Failed';
  const endTimes = statuses
    .map((s) => s.state.terminated?.finishedAt)
    .filter(Boolean)
    .sort();
  const sandboxUp = scheduled + 2_000;
  const notReady = `containers with unready status: [${statuses
    .filter((s) => !s.ready)
    .map((s) => s.name)
    .join(' ')}]`;
  const readyCond = (type) =>
    finished
      ? { lastProbeTime: null, lastTransitionTime: endTimes.at(-1), reason: podPhase === 'Succeeded' ? 'PodCompleted' : 'PodFailed', status: 'False', type }
      : allReady
        ? { lastProbeTime: null, lastTransitionTime: ts(readyAt), status: 'True', type }
        : { lastProbeTime: null, lastTransitionTime: ts(readyAt ?? scheduled), message: notReady, reason: 'ContainersNotReady', status: 'False', type };
  const pending = podPhase === 'Pending' && !node;
  const conditions = pending
    ? [{ lastProbeTime: null, lastTransitionTime: ts(scheduled), message: message, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }]
    : [
        ...(disruption ? [disruption] : []),
        {
          lastProbeTime: null,
          lastTransitionTime: finished ? endTimes.at(-1) : ts(sandboxUp),
          status: finished || podPhase === 'Failed' ? 'False' : statuses.some((s) => s.state.waiting?.reason === 'ContainerCreating') ? 'False' : 'True',
          type: 'PodReadyToStartContainers',
        },
        { lastProbeTime: null, lastTransitionTime: ts(initialized ?? scheduled), status: 'True', type: 'Initialized' },
        readyCond('Ready'),
        readyCond('ContainersReady'),
        { lastProbeTime: null, lastTransitionTime: ts(scheduled), status: 'True', type: 'PodScheduled' },
      ];
  const labels = { ...(tmpl.metadata.labels ?? {}), ...extraLabels };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta({ name, namespace, generateName, created, labels, annotations: tmpl.metadata.annotations, owner }),
    spec: clean({
      ...tmpl.spec,
      containers,
      enableServiceLinks: true,
      nodeName: node,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      serviceAccount: tmpl.spec.serviceAccount ?? 'default',
      serviceAccountName: tmpl.spec.serviceAccountName ?? 'default',
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        ...(tmpl.spec.volumes ?? []),
        {
          name: tokenVolume,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    }),
    status: clean({
      conditions,
      containerStatuses: pending ? undefined : statuses,
      hostIP: pending ? undefined : hostIP,
      hostIPs: pending ? undefined : [{ ip: hostIP }],
      message: podPhase === 'Failed' || pending ? message : undefined,
      phase: podPhase,
      podIP: pending || finished || !ip ? undefined : ip,
      podIPs: pending || finished || !ip ? undefined : [{ ip }],
      qosClass: qosClass(specContainers),
      reason,
      startTime: pending ? undefined : ts(scheduled),
    }),
  };
}

/** What the pods of one controller add up to, for its status. */
export function podCounts(pods) {
  const ready = pods.filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  return { replicas: pods.length, ready };
}

export function deployment({
  namespace,
  name,
  created,
  labels,
  annotations,
  replicas,
  selector,
  tmpl,
  strategy,
  revision,
  generation,
  paused,
  minReadySeconds,
  progressDeadlineSeconds = 600,
  revisionHistoryLimit = 10,
  status,
  managedFields,
}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta({
      name,
      namespace,
      created,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revision), ...annotations },
      generation,
      managedFields,
    }),
    spec: clean({
      minReadySeconds,
      paused,
      progressDeadlineSeconds,
      replicas,
      revisionHistoryLimit,
      selector: { matchLabels: selector },
      strategy: strategy ?? { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: tmpl,
    }),
    status: clean({ observedGeneration: generation, ...status }),
  };
}

/** A Deployment's ReplicaSet: the template with its pod-template-hash, the revision it was. */
export function replicaSet({ deploy, hash, revision, created, replicas, tmpl, pods, maxSurge = 1, managedFields }) {
  const name = `${deploy.metadata.name}-${hash}`;
  const labels = { ...tmpl.metadata.labels, 'pod-template-hash': hash };
  const withHash = { ...tmpl, metadata: { ...tmpl.metadata, labels } };
  const counts = podCounts(pods);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta({
      name,
      namespace: deploy.metadata.namespace,
      created,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(deploy.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(deploy.spec.replicas + maxSurge),
        'deployment.kubernetes.io/revision': String(revision),
        ...(deploy.metadata.annotations?.['kubernetes.io/change-cause'] && revision === Number(deploy.metadata.annotations['deployment.kubernetes.io/revision'])
          ? { 'kubernetes.io/change-cause': deploy.metadata.annotations['kubernetes.io/change-cause'] }
          : {}),
      },
      owner: ref(deploy),
      generation: replicas === 0 ? 3 : 2,
      managedFields,
    }),
    spec: { replicas, selector: { matchLabels: { ...deploy.spec.selector.matchLabels, 'pod-template-hash': hash } }, template: withHash },
    status: clean({
      availableReplicas: counts.ready || undefined,
      fullyLabeledReplicas: counts.replicas || undefined,
      observedGeneration: replicas === 0 ? 3 : 2,
      readyReplicas: counts.ready || undefined,
      replicas: counts.replicas,
    }),
  };
}

export function deploymentConditions({ availableSince, progressing }) {
  return [
    {
      lastTransitionTime: ts(availableSince),
      lastUpdateTime: ts(availableSince),
      message: 'Deployment has minimum availability.',
      reason: 'MinimumReplicasAvailable',
      status: 'True',
      type: 'Available',
    },
    {
      lastTransitionTime: ts(progressing.since),
      lastUpdateTime: ts(progressing.updated ?? progressing.since),
      message: progressing.message,
      reason: progressing.reason,
      status: progressing.status ?? 'True',
      type: 'Progressing',
    },
  ];
}

export function statefulSet({ namespace, name, created, labels, replicas, selector, tmpl, serviceName, revision, generation = 1, pods }) {
  const counts = podCounts(pods);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta({ name, namespace, created, labels, generation }),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      serviceName,
      template: tmpl,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
    },
    status: {
      availableReplicas: counts.ready,
      collisionCount: 0,
      currentReplicas: replicas,
      currentRevision: revision,
      observedGeneration: generation,
      readyReplicas: counts.ready,
      replicas,
      updateRevision: revision,
      updatedReplicas: replicas,
    },
  };
}

export function controllerRevision({ owner, hash, revision, created, tmpl }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    data: { spec: { template: { ...tmpl, $patch: 'replace' } } },
    metadata: meta({
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      created,
      labels: { ...owner.spec.selector.matchLabels, 'controller.kubernetes.io/hash': hash },
      owner: ref(owner),
    }),
    revision,
  };
}

export function job({
  namespace,
  name,
  created,
  labels = {},
  annotations,
  tmpl,
  backoffLimit = 6,
  activeDeadlineSeconds,
  ttlSecondsAfterFinished,
  owner,
  status,
}) {
  const id = uid(`${namespace}/${name}`);
  const jobLabels = { 'batch.kubernetes.io/controller-uid': id, 'batch.kubernetes.io/job-name': name, 'controller-uid': id, 'job-name': name };
  const t = { ...tmpl, metadata: { ...tmpl.metadata, labels: { ...jobLabels, ...(tmpl.metadata.labels ?? {}) } } };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta({ name, namespace, created, labels: { ...jobLabels, ...labels }, annotations, owner, generation: 1 }),
    spec: clean({
      activeDeadlineSeconds,
      backoffLimit,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': id } },
      suspend: false,
      template: t,
      ttlSecondsAfterFinished,
    }),
    status,
  };
}

export function jobFailed({ start, failedAt, failed = 1, reason = 'BackoffLimitExceeded', message = 'Job has reached the specified backoff limit' }) {
  return {
    conditions: [
      { lastProbeTime: ts(failedAt), lastTransitionTime: ts(failedAt), message, reason, status: 'True', type: 'FailureTarget' },
      { lastProbeTime: ts(failedAt + 1000), lastTransitionTime: ts(failedAt + 1000), message, reason, status: 'True', type: 'Failed' },
    ],
    failed,
    ready: 0,
    startTime: ts(start),
    terminating: 0,
    uncountedTerminatedPods: {},
  };
}

export function jobComplete({ start, completedAt }) {
  return {
    completionTime: ts(completedAt),
    conditions: [
      { lastProbeTime: ts(completedAt - 1000), lastTransitionTime: ts(completedAt - 1000), status: 'True', type: 'SuccessCriteriaMet' },
      { lastProbeTime: ts(completedAt), lastTransitionTime: ts(completedAt), status: 'True', type: 'Complete' },
    ],
    ready: 0,
    startTime: ts(start),
    succeeded: 1,
    terminating: 0,
    uncountedTerminatedPods: {},
  };
}

// ---- services ---------------------------------------------------------------------------

export function service({ namespace, name, created, labels, selector, ports, clusterIP, annotations, type = 'ClusterIP' }) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta({ name, namespace, created, labels, annotations }),
    spec: clean({
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports,
      selector,
      sessionAffinity: 'None',
      type,
    }),
    status: { loadBalancer: {} },
  };
}

const selects = (selector, pod) => Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v);
const podReady = (p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** The Endpoints and EndpointSlice the endpoints controllers keep for a Service over these pods. */
export function endpointsFor(svc, pods, updated) {
  const ns = svc.metadata.namespace;
  const chosen = pods.filter((p) => p.metadata.namespace === ns && p.status.podIP && p.status.phase === 'Running' && selects(svc.spec.selector, p));
  const address = (p) => ({
    ip: p.status.podIP,
    nodeName: p.spec.nodeName,
    targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
  });
  const ready = chosen.filter(podReady).map(address);
  const notReady = chosen.filter((p) => !podReady(p)).map(address);
  const ports = svc.spec.ports.map((p) =>
    clean({ name: p.name, port: typeof p.targetPort === 'number' ? p.targetPort : (p.containerPort ?? p.port), protocol: p.protocol }),
  );
  const endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta({
      name: svc.metadata.name,
      namespace: ns,
      created: Date.parse(svc.metadata.creationTimestamp),
      labels: svc.metadata.labels,
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': ts(updated) },
      seed: `ep:${ns}/${svc.metadata.name}`,
    }),
    subsets: chosen.length
      ? [clean({ addresses: ready.length ? ready : undefined, notReadyAddresses: notReady.length ? notReady : undefined, ports })]
      : undefined,
  };
  const sliceName = `${svc.metadata.name}-${safe(`slice:${ns}/${svc.metadata.name}`, 5)}`;
  const slice = {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: chosen.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: podReady(p), serving: podReady(p), terminating: false },
      nodeName: p.spec.nodeName,
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
    })),
    kind: 'EndpointSlice',
    metadata: meta({
      name: sliceName,
      generateName: `${svc.metadata.name}-`,
      namespace: ns,
      created: Date.parse(svc.metadata.creationTimestamp),
      labels: {
        ...(svc.metadata.labels ?? {}),
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': svc.metadata.name,
      },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': ts(updated) },
      owner: ref(svc),
      generation: 1,
    }),
    ports: ports.map((p) => ({ ...p })),
  };
  return { endpoints, slice };
}

// ---- config -------------------------------------------------------------------------------

export function configMap({ namespace, name, created, labels, annotations, data, managedFields }) {
  return { apiVersion: 'v1', data, kind: 'ConfigMap', metadata: meta({ name, namespace, created, labels, annotations, managedFields }) };
}

/** A Secret as `triage capture` writes it: every key present, every value blank. */
export function secret({ namespace, name, created, labels, annotations, keys, type = 'Opaque', managedFields }) {
  return {
    apiVersion: 'v1',
    data: Object.fromEntries(keys.map((k) => [k, ''])),
    kind: 'Secret',
    metadata: meta({ name, namespace, created, labels, annotations, managedFields }),
    type,
  };
}

export function rootCA(namespace, created) {
  return configMap({
    namespace,
    name: 'kube-root-ca.crt',
    created,
    annotations: {
      'kubernetes.io/description':
        'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
    },
    data: {
      'ca.crt':
        '-----BEGIN CERTIFICATE-----\nMIIC5zCCAc+gAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\ncm5ldGVzMB4XDTI1MDEwNjA5MTIwMFoXDTM1MDEwNDA5MTIwMFowFTETMBEGA1UE\n-----END CERTIFICATE-----\n',
    },
  });
}

// ---- autoscaling ----------------------------------------------------------------------------

export function hpa({ namespace, name, created, labels, target, min, max, metrics, current, desired, currentMetrics, lastScale, conditions }) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta({ name, namespace, created, labels }),
    spec: { maxReplicas: max, metrics, minReplicas: min, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target } },
    status: { conditions, currentMetrics, currentReplicas: current, desiredReplicas: desired, lastScaleTime: ts(lastScale) },
  };
}

// ---- events ---------------------------------------------------------------------------------

/**
 * A core/v1 Event. `about` is the object (a built object or `{kind, name, namespace, uid, apiVersion}`);
 * events live in their object's namespace (`default` for cluster-scoped objects).
 */
export function event({ about, reason, message, type = 'Normal', count = 1, first, last = first, component, host, fieldPath }) {
  const o = about.metadata
    ? {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        namespace: about.metadata.namespace,
        uid: about.metadata.uid,
        resourceVersion: about.metadata.resourceVersion,
      }
    : about;
  const ns = o.namespace ?? 'default';
  const kubelet = component === 'kubelet';
  return {
    apiVersion: 'v1',
    count,
    eventTime: null,
    firstTimestamp: ts(first),
    involvedObject: clean({
      apiVersion: o.apiVersion,
      fieldPath,
      kind: o.kind,
      name: o.name,
      namespace: o.namespace,
      resourceVersion: o.resourceVersion,
      uid: o.uid,
    }),
    kind: 'Event',
    lastTimestamp: ts(last),
    message,
    metadata: meta({ name: `${o.name}.${hex(`ev:${o.kind}/${o.name}/${reason}/${first}`, 16)}`, namespace: ns, created: first }),
    reason,
    reportingComponent: component,
    reportingInstance: kubelet ? host : (host ?? ''),
    source: clean({ component, host: kubelet || component === 'kernel-monitor' ? host : undefined }),
    type,
  };
}

// ---- logs ---------------------------------------------------------------------------------

/** Lines as `kubectl logs --timestamps` prints them: `[ms, text]` pairs in time order. */
export function logText(seed, lines) {
  const sorted = [...lines].sort((a, b) => a[0] - b[0]);
  return sorted.map(([ms, text]) => `${nano(ms, seed)} ${text}\n`).join('');
}

/** A zap-style JSON line: level, time, caller, message, then the fields in order. */
export function zap(level, ms, caller, msg, fields = {}, timeKey = 'ts') {
  return JSON.stringify({ level, [timeKey]: timeKey === 'ts' ? Number((ms / 1000).toFixed(3)) : milli(ms), caller, msg, ...fields });
}

/** A Go log/slog text line (`time=... level=INFO msg="..." k=v`). */
export function slog(level, ms, msg, fields = {}) {
  const value = (v) => (typeof v === 'string' && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v));
  return [`time=${milli(ms)}`, `level=${level}`, `msg=${JSON.stringify(msg)}`, ...Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`)].join(' ');
}

/** Deterministic 32-hex trace ids for background traffic. */
export function traceIds(seed, n) {
  return Array.from({ length: n }, (_, i) => hex(`trace:${seed}:${i}`, 32));
}

// ---- writing ----------------------------------------------------------------------------------

/** kubectl's JSON: sorted keys, four spaces, HTML characters escaped, a final newline. */
export function kubectlJson(value) {
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted(v[k])]),
    );
  };
  const text = JSON.stringify(sorted(value), null, 4).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
  return `${text}\n`;
}

/**
 * Write one bundle: bundle.json, resources/<plural>[.<group>].json (every resource type
 * `triage capture` writes, empty Lists included), logs/<ns>/<pod>/<container>[.previous].log, files/.
 */
export function writeBundle(dir, { manifest, resources, logs, files = {} }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, items] of Object.entries(resources)) {
    const ordered = [...items].sort(
      (a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name),
    );
    writeFileSync(join(dir, 'resources', `${file}.json`), kubectlJson({ apiVersion: 'v1', items: ordered, kind: 'List', metadata: { resourceVersion: '' } }));
  }
  for (const [path, text] of Object.entries(logs)) {
    const file = join(dir, 'logs', `${path}.log`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, 'files', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** The resource files every capture writes, so an absent kind reads as "none" rather than "not captured". */
export const CAPTURED = [
  'configmaps',
  'cronjobs.batch',
  'daemonsets.apps',
  'deployments.apps',
  'endpoints',
  'events',
  'horizontalpodautoscalers.autoscaling',
  'ingresses.networking.k8s.io',
  'jobs.batch',
  'namespaces',
  'networkpolicies.networking.k8s.io',
  'nodes',
  'persistentvolumeclaims',
  'persistentvolumes',
  'poddisruptionbudgets.policy',
  'pods',
  'replicasets.apps',
  'resourcequotas',
  'rolebindings.rbac.authorization.k8s.io',
  'roles.rbac.authorization.k8s.io',
  'secrets',
  'serviceaccounts',
  'services',
  'statefulsets.apps',
  'storageclasses.storage.k8s.io',
];

/** Sort built objects into resource files by kind. */
export function byResource(objects, extra = {}) {
  const FILE = {
    ConfigMap: 'configmaps',
    CronJob: 'cronjobs.batch',
    DaemonSet: 'daemonsets.apps',
    Deployment: 'deployments.apps',
    Endpoints: 'endpoints',
    EndpointSlice: 'endpointslices.discovery.k8s.io',
    Event: 'events',
    HorizontalPodAutoscaler: 'horizontalpodautoscalers.autoscaling',
    Job: 'jobs.batch',
    Namespace: 'namespaces',
    Node: 'nodes',
    Pod: 'pods',
    ReplicaSet: 'replicasets.apps',
    Secret: 'secrets',
    ServiceAccount: 'serviceaccounts',
    Service: 'services',
    StatefulSet: 'statefulsets.apps',
    ControllerRevision: 'controllerrevisions.apps',
    Lease: 'leases.coordination.k8s.io',
    PersistentVolumeClaim: 'persistentvolumeclaims',
    StorageClass: 'storageclasses.storage.k8s.io',
    ...extra,
  };
  const out = Object.fromEntries(CAPTURED.map((f) => [f, []]));
  for (const o of objects) {
    const file = FILE[o.kind];
    if (!file) throw new Error(`no resource file for kind ${o.kind}`);
    (out[file] ??= []).push(o);
  }
  return out;
}
