// What actually runs: per workload, container and image, the digests the runtime reports.
import type { Pod } from './resources';
import { workloadOf, workloadSource, type ReplicaSetIndex } from './owners';
import { digestOf } from './images';

export interface RunningContainer {
  workload: string;
  /** The ReplicaSet or controller revision the pod belongs to. */
  revision?: string;
  pod: string;
  namespace: string;
  container: string;
  image: string;
  /** Undefined while the container has not started (pulling, pending). */
  digest?: string;
  active: boolean;
}

const isActive = (p: Pod) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && !p.metadata.deletionTimestamp;

/** One row per container of every pod, with the image its spec asks for and the digest it runs. */
export function runningContainers(pods: readonly Pod[], replicaSets: ReplicaSetIndex): RunningContainer[] {
  const rows: RunningContainer[] = [];
  for (const pod of pods) {
    const w = workloadOf(pod, replicaSets);
    const revision = w.replicaSet ?? pod.metadata.labels?.['controller-revision-hash'];
    const statuses = new Map((pod.status.containerStatuses ?? []).map((s) => [s.name, s]));
    for (const c of pod.spec.containers) {
      const s = statuses.get(c.name);
      rows.push({
        workload: workloadSource(w),
        revision,
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace ?? '',
        container: c.name,
        image: c.image ?? s?.image ?? '(none)',
        digest: digestOf(s?.imageID),
        active: isActive(pod),
      });
    }
  }
  return rows;
}

/** Group rows by a key, keeping first-seen order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(row);
  }
  return groups;
}
