// Which workload a pod belongs to: pod -> ReplicaSet -> Deployment, or its direct controller.
import type { Metadata, Pod, ReplicaSet } from './resources';

export interface WorkloadRef {
  namespace: string;
  /** `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, another controller's kind, or `Pod` for a bare pod. */
  kind: string;
  name: string;
  /** The ReplicaSet between a Deployment and its pod. */
  replicaSet?: string;
}

export type ReplicaSetIndex = ReadonlyMap<string, ReplicaSet>;

export function indexReplicaSets(replicaSets: readonly ReplicaSet[]): ReplicaSetIndex {
  return new Map(replicaSets.map((rs) => [`${rs.metadata.namespace ?? ''}/${rs.metadata.name}`, rs]));
}

export function controllerOf(meta: Metadata): { kind: string; name: string } | undefined {
  const refs = meta.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

export function workloadOf(pod: Pod, replicaSets: ReplicaSetIndex): WorkloadRef {
  const namespace = pod.metadata.namespace ?? '';
  const owner = controllerOf(pod.metadata);
  if (!owner) return { namespace, kind: 'Pod', name: pod.metadata.name };
  if (owner.kind !== 'ReplicaSet') return { namespace, kind: owner.kind, name: owner.name };
  const rs = replicaSets.get(`${namespace}/${owner.name}`);
  const rsOwner = rs ? controllerOf(rs.metadata) : undefined;
  if (rsOwner) return { namespace, kind: rsOwner.kind, name: rsOwner.name, replicaSet: owner.name };
  // Without the ReplicaSet list, the pod-template-hash suffix still names the Deployment.
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (!rs && hash && owner.name.endsWith(`-${hash}`)) {
    return { namespace, kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1), replicaSet: owner.name };
  }
  return { namespace, kind: 'ReplicaSet', name: owner.name };
}

/** `shop/deployment/checkout`: the evidence source of a workload. */
export function workloadSource(w: WorkloadRef): string {
  return `${w.namespace}/${w.kind.toLowerCase()}/${w.name}`;
}
