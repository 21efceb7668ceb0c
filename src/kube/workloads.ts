// What a log tail can follow: the workloads of the namespaces under investigation, with
// their readiness as kubectl's READY column shows it, so the picker can say which is red.
import type { ClusterSource } from '../model/cluster';
import { parseItems } from './analyze/resources';
import { FOLLOWABLE_KINDS } from './kinds/registry';
import type { KindSpec } from './kinds/kind';

/** A kind's name (`Deployment`): the workload kinds are those with readiness in the kind registry. */
type WorkloadKind = string;

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

/** The kinds the picker lists, in registry order: those whose readiness the registry knows. */
const LISTED: readonly KindSpec[] = FOLLOWABLE_KINDS.filter((k) => k.schema && k.workload?.readiness);
const KIND_ORDER: readonly string[] = LISTED.map((k) => k.kind);

async function listKind(cluster: ClusterSource, k: KindSpec, ns: string | undefined): Promise<Workload[]> {
  return parseItems(await cluster.list(k.plural, k.group, ns), k.schema!, k.plural).map((item) => ({
    kind: k.kind,
    namespace: item.metadata.namespace ?? ns ?? '',
    name: item.metadata.name,
    ...k.workload!.readiness!(item),
  }));
}

/** The workloads of `namespaces` (every namespace when empty); one list failing leaves the rest. */
export async function listWorkloads(cluster: ClusterSource, namespaces: readonly string[]): Promise<WorkloadListing> {
  const scopes = namespaces.length ? namespaces : [undefined];
  const asks = LISTED.flatMap((k) => scopes.map((ns) => ({ kind: k.kind, ns, work: listKind(cluster, k, ns) })));
  const answers = await Promise.allSettled(asks.map((a) => a.work));
  const workloads: Workload[] = [];
  const problems: string[] = [];
  answers.forEach((answer, i) => {
    const { kind, ns } = asks[i]!;
    if (answer.status === 'fulfilled') workloads.push(...answer.value);
    else problems.push(`listing ${kind.toLowerCase()}s${ns ? ` in ${ns}` : ''} failed: ${(answer.reason as Error).message}`);
  });
  workloads.sort((a, b) => a.namespace.localeCompare(b.namespace) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
  return { workloads, problems };
}

/** `deployment/checkout`, as kubectl names a workload. */
export function workloadRef(w: { kind: string; name: string }): string {
  return `${w.kind.toLowerCase()}/${w.name}`;
}
