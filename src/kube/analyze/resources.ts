// Parsing a List where it enters an analyzer, and the shapes the checks share. The schemas
// themselves belong to their kinds (src/kube/kinds/*); they are re-exported here, where the
// analyzers have always found them.
import type { z } from 'zod';
import type { KubeList } from '../../model/cluster';
import { keyedSchema, type Metadata } from '../kinds/parts';
import { FAIL, fastParser } from './fast-parse';
import { nextTurn, SLICE_MS } from '../../turns';

export { metadataSchema } from '../kinds/parts';
export type { ContainerStatus, LabelSelector, Metadata, PodContainer, PodTemplate, PodVolume } from '../kinds/parts';
export { podSchema, type Pod } from '../kinds/pods';
export { nodeSchema, type Node } from '../kinds/nodes';
export { deploymentSchema, type Deployment } from '../kinds/deployments';
export { replicaSetSchema, type ReplicaSet } from '../kinds/replicasets';
export { controllerRevisionSchema, type ControllerRevision } from '../kinds/controllerrevisions';
export { statefulSetSchema, type StatefulSet } from '../kinds/statefulsets';
export { daemonSetSchema, type DaemonSet } from '../kinds/daemonsets';
export { jobSchema, type Job } from '../kinds/jobs';
export { pvcSchema, type PersistentVolumeClaim } from '../kinds/persistentvolumeclaims';
export { eventSchema, type KubeEvent } from '../kinds/events';
export { hpaSchema, type HorizontalPodAutoscaler, type MetricSpec } from '../kinds/horizontalpodautoscalers';
export { serviceSchema, type Service } from '../kinds/services';
export { endpointsSchema, type Endpoints } from '../kinds/endpoints';
export { namespaceSchema, type Namespace } from '../kinds/namespaces';

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
  const parse = itemParser(schema, what);
  return list.items.map(parse);
}

/**
 * An analysis written as steps: a generator that yields, without a value, wherever it may pause
 * (once per pod, per service), and returns its outcome. Tests and other callers run it through at
 * once (`runNow`); a check runs it in turns (`runInTurns`), so analysing 5,000 pods does not hold
 * a workbench's keys and frames behind it.
 */
export type Steps<T> = Generator<void, T, void>;

export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `runNow`, letting the event loop turn (nextTurn) whenever SLICE_MS have passed since the last turn. */
export async function runInTurns<T>(steps: Steps<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - since > SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
}

/**
 * parseItems without holding the main thread: every SLICE_MS the parse waits for a turn of
 * the event loop (nextTurn), so a workbench answers keys while 5,000 pods are read.
 * The same items, in the same order, and the same error.
 */
export async function parseItemsInSlices<S extends z.ZodType>(list: KubeList, schema: S, what: string): Promise<z.infer<S>[]> {
  const parse = itemParser(schema, what);
  const out: z.infer<S>[] = new Array(list.items.length);
  let since = performance.now();
  for (let i = 0; i < list.items.length; i++) {
    out[i] = parse(list.items[i], i);
    if ((i & 7) === 7 && performance.now() - since > SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
  return out;
}

function itemParser<S extends z.ZodType>(schema: S, what: string): (item: unknown, index: number) => z.infer<S> {
  let parsed = parsedItems.get(schema);
  if (!parsed) parsedItems.set(schema, (parsed = new WeakMap()));
  const cache = parsed;
  const fast = fastParser(schema);
  return (item, index) => {
    const known = cache.get(item as object);
    if (known !== undefined) return known as z.infer<S>;
    // The compiled schema's answer when it accepts the item; zod's otherwise, which names the field.
    const quick = fast ? fast(item) : FAIL;
    if (quick !== FAIL) {
      if (typeof quick === 'object' && quick !== null) cache.set(item as object, quick);
      return quick as z.infer<S>;
    }
    const result = schema.safeParse(item);
    if (result.success) {
      if (typeof result.data === 'object' && result.data !== null) cache.set(item as object, result.data);
      return result.data;
    }
    const issue = result.error.issues[0]!;
    const meta = (item as { metadata?: { name?: string; namespace?: string } }).metadata;
    const who = meta?.name ? `${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}` : `item ${index}`;
    throw new Error(`malformed ${what} ${who}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  };
}
