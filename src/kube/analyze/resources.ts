// The fields the built-in checks read, parsed once where a List enters an analyzer.
// Schemas are loose: a newer API server adds fields, and only these are trusted inside.
// Each is built on its first parse (z.lazy): a command that reads no cluster, and the
// workbench's first frame, do not pay for building ~370 zod nodes at import.
import { z } from 'zod';
import type { KubeList } from '../../model/cluster';

const str = z.string();
const labels = z.record(str, str);

export const metadataSchema = z.lazy(() => z.looseObject({
  name: str,
  namespace: str.optional(),
  uid: str.optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  creationTimestamp: str.nullish(),
  deletionTimestamp: str.nullish(),
  ownerReferences: z.array(z.looseObject({ kind: str, name: str, uid: str.optional(), controller: z.boolean().optional() })).optional(),
  /** Bumped by every spec change; compared with status.observedGeneration. */
  generation: z.number().nullish(),
  /** Who last wrote which fields, and when: the only update time the API keeps. */
  managedFields: z.array(z.looseObject({ manager: str.nullish(), operation: str.nullish(), time: str.nullish(), subresource: str.nullish() })).nullish(),
}));
export type Metadata = z.infer<typeof metadataSchema>;

const condition = z.lazy(() => z.looseObject({
  type: str,
  status: str,
  reason: str.nullish(),
  message: str.nullish(),
  lastTransitionTime: str.nullish(),
  lastHeartbeatTime: str.nullish(),
  /** Deployments: when the condition last progressed, without changing status. */
  lastUpdateTime: str.nullish(),
}));
export type Condition = z.infer<typeof condition>;

const labelSelector = z.lazy(() => z.looseObject({
  matchLabels: labels.nullish(),
  matchExpressions: z.array(z.looseObject({ key: str, operator: str, values: z.array(str).nullish() })).nullish(),
}));
export type LabelSelector = z.infer<typeof labelSelector>;

const keyRef = z.lazy(() => z.looseObject({ name: str.optional(), key: str, optional: z.boolean().nullish() }));
const objectRef = z.lazy(() => z.looseObject({ name: str.optional(), optional: z.boolean().nullish() }));
const keyItems = z.lazy(() => z.array(z.looseObject({ key: str })).nullish());
const quantities = z.lazy(() => z.record(str, z.union([str, z.number()])));
const container = z.lazy(() => z.looseObject({
  name: str,
  image: str.optional(),
  env: z
    .array(
      z.looseObject({
        name: str,
        /** Compared between revisions, never shown: a literal value may be a secret. */
        value: str.nullish(),
        valueFrom: z.looseObject({ secretKeyRef: keyRef.nullish(), configMapKeyRef: keyRef.nullish() }).nullish(),
      }),
    )
    .nullish(),
  envFrom: z.array(z.looseObject({ secretRef: objectRef.nullish(), configMapRef: objectRef.nullish(), prefix: str.nullish() })).nullish(),
  /** Compared between revisions, never shown: a flag may carry a password. */
  command: z.array(str).nullish(),
  args: z.array(str).nullish(),
  resources: z.looseObject({ limits: quantities.nullish(), requests: quantities.nullish() }).nullish(),
}));
const volume = z.lazy(() => z.looseObject({
  name: str,
  secret: z.looseObject({ secretName: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
  configMap: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
  projected: z
    .looseObject({
      sources: z
        .array(
          z.looseObject({
            secret: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
            configMap: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
}));
export type PodContainer = z.infer<typeof container>;
export type PodVolume = z.infer<typeof volume>;

const containerState = z.lazy(() => z.looseObject({
  waiting: z.looseObject({ reason: str.nullish(), message: str.nullish() }).nullish(),
  running: z.looseObject({ startedAt: str.nullish() }).nullish(),
  terminated: z
    .looseObject({
      reason: str.nullish(),
      message: str.nullish(),
      exitCode: z.number(),
      signal: z.number().nullish(),
      startedAt: str.nullish(),
      finishedAt: str.nullish(),
    })
    .nullish(),
}));
export type ContainerState = z.infer<typeof containerState>;

const containerStatus = z.lazy(() => z.looseObject({
  name: str,
  image: str.optional(),
  imageID: str.optional(),
  ready: z.boolean().default(false),
  restartCount: z.number().default(0),
  state: containerState.nullish(),
  lastState: containerState.nullish(),
}));
export type ContainerStatus = z.infer<typeof containerStatus>;

export const podSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z
    .looseObject({
      nodeName: str.nullish(),
      containers: z.array(container).default([]),
      initContainers: z.array(container).nullish(),
      volumes: z.array(volume).nullish(),
    })
    .default({ containers: [] }),
  status: z
    .looseObject({
      phase: str.optional(),
      reason: str.nullish(),
      message: str.nullish(),
      conditions: z.array(condition).nullish(),
      containerStatuses: z.array(containerStatus).nullish(),
      initContainerStatuses: z.array(containerStatus).nullish(),
      startTime: str.nullish(),
    })
    .default({}),
}));
export type Pod = z.infer<typeof podSchema>;

export const nodeSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ unschedulable: z.boolean().nullish(), taints: z.array(z.looseObject({ key: str, effect: str, value: str.nullish() })).nullish() }).default({}),
  status: z
    .looseObject({
      conditions: z.array(condition).nullish(),
      nodeInfo: z.looseObject({ kubeletVersion: str.optional() }).nullish(),
    })
    .default({}),
}));
export type Node = z.infer<typeof nodeSchema>;

const podTemplate = z.lazy(() => z.looseObject({
  metadata: z.looseObject({ labels: labels.nullish(), annotations: labels.nullish() }).nullish(),
  spec: z.looseObject({ containers: z.array(container).default([]), initContainers: z.array(container).nullish(), volumes: z.array(volume).nullish() }).nullish(),
}));
export type PodTemplate = z.infer<typeof podTemplate>;

export const deploymentSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish(), paused: z.boolean().nullish(), template: podTemplate.nullish() }).default({}),
  status: z
    .looseObject({
      replicas: z.number().nullish(),
      readyReplicas: z.number().nullish(),
      availableReplicas: z.number().nullish(),
      updatedReplicas: z.number().nullish(),
      unavailableReplicas: z.number().nullish(),
      observedGeneration: z.number().nullish(),
      conditions: z.array(condition).nullish(),
    })
    .default({}),
}));
export type Deployment = z.infer<typeof deploymentSchema>;

export const replicaSetSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish(), template: podTemplate.nullish() }).default({}),
  status: z.looseObject({ replicas: z.number().nullish(), readyReplicas: z.number().nullish() }).default({}),
}));
export type ReplicaSet = z.infer<typeof replicaSetSchema>;

/** A StatefulSet's or DaemonSet's pod template at one revision (`data` is a strategic-merge patch that replaces the template). */
export const controllerRevisionSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  revision: z.number(),
  data: z.looseObject({ spec: z.looseObject({ template: podTemplate.nullish() }).nullish() }).nullish(),
}));
export type ControllerRevision = z.infer<typeof controllerRevisionSchema>;

export const statefulSetSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish() }).default({}),
  status: z
    .looseObject({
      replicas: z.number().nullish(),
      readyReplicas: z.number().nullish(),
      updatedReplicas: z.number().nullish(),
      currentRevision: str.nullish(),
      updateRevision: str.nullish(),
      observedGeneration: z.number().nullish(),
    })
    .default({}),
}));
export type StatefulSet = z.infer<typeof statefulSetSchema>;

export const daemonSetSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ selector: labelSelector.nullish() }).default({}),
  status: z
    .looseObject({
      desiredNumberScheduled: z.number().default(0),
      numberReady: z.number().default(0),
      numberAvailable: z.number().nullish(),
      numberUnavailable: z.number().nullish(),
      numberMisscheduled: z.number().nullish(),
      updatedNumberScheduled: z.number().nullish(),
      observedGeneration: z.number().nullish(),
    })
    .default({ desiredNumberScheduled: 0, numberReady: 0 }),
}));
export type DaemonSet = z.infer<typeof daemonSetSchema>;

export const jobSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ completions: z.number().nullish(), backoffLimit: z.number().nullish(), ttlSecondsAfterFinished: z.number().nullish(), selector: labelSelector.nullish() }).default({}),
  status: z
    .looseObject({
      succeeded: z.number().nullish(),
      failed: z.number().nullish(),
      active: z.number().nullish(),
      startTime: str.nullish(),
      completionTime: str.nullish(),
      conditions: z.array(condition).nullish(),
    })
    .default({}),
}));
export type Job = z.infer<typeof jobSchema>;

export const pvcSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ storageClassName: str.nullish(), volumeName: str.nullish() }).default({}),
  status: z.looseObject({ phase: str.optional() }).default({}),
}));
export type PersistentVolumeClaim = z.infer<typeof pvcSchema>;

export const eventSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  type: str.nullish(),
  reason: str.nullish(),
  message: str.nullish(),
  count: z.number().nullish(),
  firstTimestamp: str.nullish(),
  lastTimestamp: str.nullish(),
  eventTime: str.nullish(),
  series: z.looseObject({ count: z.number().nullish(), lastObservedTime: str.nullish() }).nullish(),
  involvedObject: z.looseObject({ kind: str.optional(), namespace: str.optional(), name: str.optional(), fieldPath: str.optional() }).default({}),
}));
export type KubeEvent = z.infer<typeof eventSchema>;

const metricValue = z.lazy(() => z.looseObject({ averageUtilization: z.number().nullish(), averageValue: z.union([str, z.number()]).nullish(), value: z.union([str, z.number()]).nullish() }));
const metricBody = z.lazy(() => z.looseObject({ name: str.optional(), target: metricValue.nullish(), current: metricValue.nullish(), metric: z.looseObject({ name: str }).nullish() }));
const metricSpec = z.lazy(() => z.looseObject({
  type: str,
  resource: metricBody.nullish(),
  containerResource: metricBody.nullish(),
  pods: metricBody.nullish(),
  object: metricBody.nullish(),
  external: metricBody.nullish(),
}));
export type MetricSpec = z.infer<typeof metricSpec>;

export const hpaSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({
    maxReplicas: z.number(),
    minReplicas: z.number().nullish(),
    scaleTargetRef: z.looseObject({ kind: str, name: str }),
    metrics: z.array(metricSpec).nullish(),
  }),
  status: z
    .looseObject({
      currentReplicas: z.number().nullish(),
      desiredReplicas: z.number().nullish(),
      currentMetrics: z.array(metricSpec).nullish(),
      conditions: z.array(condition).nullish(),
      lastScaleTime: str.nullish(),
    })
    .default({}),
}));
export type HorizontalPodAutoscaler = z.infer<typeof hpaSchema>;

export const serviceSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  spec: z.looseObject({ type: str.nullish(), selector: labels.nullish() }).default({}),
}));
export type Service = z.infer<typeof serviceSchema>;

const endpointAddress = z.lazy(() => z.looseObject({
  ip: str.nullish(),
  targetRef: z.looseObject({ kind: str.nullish(), name: str.nullish(), namespace: str.nullish() }).nullish(),
}));

export const endpointsSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  subsets: z.array(z.looseObject({ addresses: z.array(endpointAddress).nullish(), notReadyAddresses: z.array(endpointAddress).nullish() })).nullish(),
}));
export type Endpoints = z.infer<typeof endpointsSchema>;

export const namespaceSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  status: z.looseObject({ phase: str.optional() }).default({}),
}));
export type Namespace = z.infer<typeof namespaceSchema>;

/** A Secret or ConfigMap as the checks see it: where it is and which keys it has, never a value. */
export interface KeyedObject {
  namespace: string;
  name: string;
  keys: string[];
  /**
   * False for a Secret captured as metadata only (no `type`, which the API server always
   * sets, and no `data`): its keys are unknown, not missing.
   */
  keysKnown: boolean;
  labels: Record<string, string>;
  creationTimestamp?: string;
  /** The latest managedFields time: when anyone last wrote the object. */
  updatedAt?: string;
  /** The manager of that write (`kubectl-edit`, `helm`). */
  updatedBy?: string;
  /** A Secret's type (`Opaque`, `helm.sh/release.v1`). */
  type?: string;
}

/** The latest write recorded in managedFields, status writes left out. */
export function lastWrite(meta: Metadata): { time: string; manager?: string } | undefined {
  let latest: { time: string; manager?: string } | undefined;
  for (const f of meta.managedFields ?? []) {
    if (!f.time || f.subresource === 'status' || !Number.isFinite(Date.parse(f.time))) continue;
    if (!latest || Date.parse(f.time) > Date.parse(latest.time)) latest = { time: f.time, ...(f.manager ? { manager: f.manager } : {}) };
  }
  return latest;
}

const keyedSchema = z.lazy(() => z.looseObject({
  metadata: metadataSchema,
  type: str.nullish(),
  data: z.record(str, z.unknown()).nullish(),
  binaryData: z.record(str, z.unknown()).nullish(),
  stringData: z.record(str, z.unknown()).nullish(),
}));

/** Reduce Secrets/ConfigMaps to names and keys at once, so no value outlives the parse. */
export function keyedObjects(list: KubeList, what: string): KeyedObject[] {
  return parseItems(list, keyedSchema, what).map((o) => {
    const write = lastWrite(o.metadata);
    return {
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name,
      keys: [...new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {}), ...Object.keys(o.stringData ?? {})])].sort(),
      keysKnown: what !== 'secrets' || o.type != null || o.data != null || o.stringData != null,
      labels: o.metadata.labels ?? {},
      creationTimestamp: o.metadata.creationTimestamp ?? undefined,
      ...(write ? { updatedAt: write.time, ...(write.manager ? { updatedBy: write.manager } : {}) } : {}),
      ...(o.type ? { type: o.type } : {}),
    };
  });
}

/** Parse each item of a List; a malformed item is named by kind, namespace, name and field. */
/**
 * What each schema made of each item it parsed. A bundle hands every check the same item
 * objects, so a pod read by nine checks is parsed once per schema; analyzers only read what
 * they are given. A live cluster's items are new on every list and simply miss.
 */
const parsedItems = new WeakMap<z.ZodType, WeakMap<object, unknown>>();

export function parseItems<S extends z.ZodType>(list: KubeList, schema: S, what: string): z.infer<S>[] {
  let parsed = parsedItems.get(schema);
  if (!parsed) parsedItems.set(schema, (parsed = new WeakMap()));
  const cache = parsed;
  return list.items.map((item, index) => {
    const known = cache.get(item);
    if (known !== undefined) return known as z.infer<S>;
    const result = schema.safeParse(item);
    if (result.success) {
      if (typeof result.data === 'object' && result.data !== null) cache.set(item, result.data);
      return result.data;
    }
    const issue = result.error.issues[0]!;
    const meta = (item as { metadata?: { name?: string; namespace?: string } }).metadata;
    const who = meta?.name ? `${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}` : `item ${index}`;
    throw new Error(`malformed ${what} ${who}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  });
}
