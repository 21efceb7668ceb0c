// What a log tail can follow: the workloads of the namespaces under investigation, with
// their readiness as kubectl's READY column shows it, so the picker can say which is red.
import type { ClusterSource } from '../model/cluster';
import { daemonSetSchema, deploymentSchema, jobSchema, parseItems, statefulSetSchema } from './analyze/resources';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Pods ready (jobs: completions succeeded). */
  ready: number;
  /** Pods wanted (jobs: completions asked for). */
  desired: number;
  /** A job whose pods failed. */
  failed?: number;
}

export interface WorkloadListing {
  /** By namespace, then kind, then name. */
  workloads: Workload[];
  /** Lists that could not be read (forbidden, unreachable); the others are still listed. */
  problems: string[];
}

const KIND_ORDER: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

type Lister = (cluster: ClusterSource, namespace: string | undefined) => Promise<Workload[]>;

const LISTERS: Record<WorkloadKind, Lister> = {
  Deployment: async (cluster, ns) =>
    parseItems(await cluster.list('deployments', 'apps', ns), deploymentSchema, 'deployments').map((d) => ({
      kind: 'Deployment',
      namespace: d.metadata.namespace ?? ns ?? '',
      name: d.metadata.name,
      ready: d.status.readyReplicas ?? 0,
      desired: d.spec.replicas ?? 1,
    })),
  StatefulSet: async (cluster, ns) =>
    parseItems(await cluster.list('statefulsets', 'apps', ns), statefulSetSchema, 'statefulsets').map((s) => ({
      kind: 'StatefulSet',
      namespace: s.metadata.namespace ?? ns ?? '',
      name: s.metadata.name,
      ready: s.status.readyReplicas ?? 0,
      desired: s.spec.replicas ?? 1,
    })),
  DaemonSet: async (cluster, ns) =>
    parseItems(await cluster.list('daemonsets', 'apps', ns), daemonSetSchema, 'daemonsets').map((d) => ({
      kind: 'DaemonSet',
      namespace: d.metadata.namespace ?? ns ?? '',
      name: d.metadata.name,
      ready: d.status.numberReady,
      desired: d.status.desiredNumberScheduled,
    })),
  Job: async (cluster, ns) =>
    parseItems(await cluster.list('jobs', 'batch', ns), jobSchema, 'jobs').map((j) => ({
      kind: 'Job',
      namespace: j.metadata.namespace ?? ns ?? '',
      name: j.metadata.name,
      ready: j.status.succeeded ?? 0,
      desired: j.spec.completions ?? 1,
      ...(j.status.failed ? { failed: j.status.failed } : {}),
    })),
};

/** The workloads of `namespaces` (every namespace when empty); one list failing leaves the rest. */
export async function listWorkloads(cluster: ClusterSource, namespaces: readonly string[]): Promise<WorkloadListing> {
  const scopes = namespaces.length ? namespaces : [undefined];
  const asks = KIND_ORDER.flatMap((kind) => scopes.map((ns) => ({ kind, ns, work: LISTERS[kind](cluster, ns) })));
  const answers = await Promise.allSettled(asks.map((a) => a.work));
  const workloads: Workload[] = [];
  const problems: string[] = [];
  answers.forEach((answer, i) => {
    const { kind, ns } = asks[i]!;
    if (answer.status === 'fulfilled') workloads.push(...answer.value);
    else problems.push(`listing ${kind.toLowerCase()}s${ns ? ` in ${ns}` : ''} failed: ${(answer.reason as Error).message}`);
  });
  workloads.sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
  return { workloads, problems };
}

/** `deployment/checkout`, as kubectl names a workload. */
export function workloadRef(w: { kind: string; name: string }): string {
  return `${w.kind.toLowerCase()}/${w.name}`;
}
