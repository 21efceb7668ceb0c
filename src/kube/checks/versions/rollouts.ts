// Workloads running two versions at once. Mid-rollout rests on the workload's own status
// (a Deployment's updated replicas and observed generation, a StatefulSet's current and update
// revisions, a DaemonSet's updated pods) and on the digests its pods run — never on pod
// revision labels alone, which a finished StatefulSet rollout can leave varied. One container
// on two digests of one tag means the tag was re-pushed.
import {
  daemonSetSchema,
  deploymentSchema,
  podSchema,
  replicaSetSchema,
  runInTurns,
  runNow,
  statefulSetSchema,
  type DaemonSet,
  type Deployment,
  type Metadata,
  type Pod,
  type ReplicaSet,
  type StatefulSet,
  type Steps,
} from '../../analyze/resources';
import { indexReplicaSets, type ReplicaSetIndex } from '../../analyze/owners';
import { shortDigest } from '../../analyze/images';
import { groupBy, runningContainers, type RunningContainer } from '../../analyze/running';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

interface RolloutInput {
  pods: readonly Pod[];
  replicaSets?: readonly ReplicaSet[];
  deployments?: readonly Deployment[];
  statefulSets?: readonly StatefulSet[];
  daemonSets?: readonly DaemonSet[];
}

/** What a workload's status says about its rollout. */
interface RolloutStatus {
  mid: boolean;
  /** `2 of 3 updated`: for the headline. */
  progress: string;
  line: Finding['lines'][number];
  /** A StatefulSet's revision being rolled out to. */
  updateRevision?: string;
}

function generationLag(meta: Metadata, observed: number | null | undefined): string | undefined {
  const generation = meta.generation;
  if (generation == null || observed == null || observed >= generation) return undefined;
  return `generation ${generation} not yet observed by its controller (observed ${observed})`;
}

function deploymentStatus(d: Deployment): RolloutStatus {
  const desired = d.spec.replicas ?? 1;
  const updated = d.status.updatedReplicas ?? 0;
  const total = d.status.replicas ?? 0;
  const lag = generationLag(d.metadata, d.status.observedGeneration);
  const progressing = d.status.conditions?.find((c) => c.type === 'Progressing');
  const condition = progressing ? `; Progressing=${progressing.status}${progressing.reason ? ` (${progressing.reason})` : ''}` : '';
  const progress = `${updated} of ${desired} updated`;
  return {
    mid: Boolean(lag) || updated < desired || total > updated,
    progress,
    line: {
      text: `deployment ${progress}, ${plural(total, 'replica')} in all${lag ? `, ${lag}` : ''}${condition}`,
      time: progressing?.lastUpdateTime ?? progressing?.lastTransitionTime ?? undefined,
    },
  };
}

function statefulSetStatus(s: StatefulSet): RolloutStatus {
  const desired = s.spec.replicas ?? 1;
  const updated = s.status.updatedReplicas ?? 0;
  const { currentRevision, updateRevision } = s.status;
  const lag = generationLag(s.metadata, s.status.observedGeneration);
  const moving = Boolean(currentRevision && updateRevision && currentRevision !== updateRevision);
  const progress = `${updated} of ${desired} updated`;
  return {
    mid: moving || Boolean(lag),
    progress,
    line: { text: `statefulset ${progress}; current revision ${currentRevision ?? '?'}, update revision ${updateRevision ?? '?'}${lag ? `; ${lag}` : ''}` },
    ...(moving ? { updateRevision: updateRevision! } : {}),
  };
}

function daemonSetStatus(d: DaemonSet): RolloutStatus {
  const desired = d.status.desiredNumberScheduled;
  const updated = d.status.updatedNumberScheduled ?? desired;
  const lag = generationLag(d.metadata, d.status.observedGeneration);
  const progress = `${updated} of ${desired} updated`;
  return { mid: Boolean(lag) || updated < desired, progress, line: { text: `daemonset ${progress}${lag ? `; ${lag}` : ''}` } };
}

function statusIndex(input: RolloutInput): Map<string, RolloutStatus> {
  const index = new Map<string, RolloutStatus>();
  const key = (kind: string, m: Metadata) => `${m.namespace ?? ''}/${kind}/${m.name}`;
  for (const d of input.deployments ?? []) index.set(key('deployment', d.metadata), deploymentStatus(d));
  for (const s of input.statefulSets ?? []) index.set(key('statefulset', s.metadata), statefulSetStatus(s));
  for (const d of input.daemonSets ?? []) index.set(key('daemonset', d.metadata), daemonSetStatus(d));
  return index;
}

function describeRevision(revision: string, rows: readonly RunningContainer[], replicaSets: ReplicaSetIndex): string {
  const pods = new Set(rows.map((r) => r.pod));
  const waiting = new Set(rows.filter((r) => !r.digest).map((r) => r.pod)).size;
  const rs = replicaSets.get(`${rows[0]!.namespace}/${revision}`);
  const number = rs?.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const images = [...groupBy(rows, (r) => `${r.container}\u0000${r.image}`).values()].map((g) => {
    const digests = [...new Set(g.flatMap((r) => (r.digest ? [shortDigest(r.digest)] : [])))];
    return `${g[0]!.container} ${g[0]!.image}${digests.length ? ` @ ${digests.join(', ')}` : ''}`;
  });
  const kind = rs ? 'ReplicaSet' : 'revision';
  return `${kind} ${revision}${number ? ` (revision ${number})` : ''}: ${plural(pods.size, 'pod')}${waiting ? ` (${waiting} not running)` : ''}, ${images.join('; ')}`;
}

/** Every digest of the container lives in one revision and every revision runs one digest: the revision lines say it all. */
function alignedWithRevisions(rows: readonly RunningContainer[]): boolean {
  const running = rows.filter((r) => r.digest);
  const byDigest = groupBy(running, (r) => r.digest!);
  const byRevision = groupBy(running, (r) => r.revision ?? '');
  return (
    [...byDigest.values()].every((g) => new Set(g.map((r) => r.revision)).size === 1) &&
    [...byRevision.values()].every((g) => new Set(g.map((r) => r.digest)).size === 1)
  );
}

export function analyzeRollouts(input: RolloutInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(rolloutSteps(input, o));
}

/** analyzeRollouts in steps: one per pod read, one per workload. */
function* rolloutSteps(input: RolloutInput, o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  const replicaSets = indexReplicaSets(input.replicaSets ?? []);
  const statuses = statusIndex(input);
  const rows: RunningContainer[] = [];
  for (const pod of input.pods) {
    yield;
    for (const row of runningContainers([pod], replicaSets)) if (row.active) rows.push(row);
  }
  const findings: Finding[] = [];
  let workloads = 0;
  for (const [workload, wrows] of groupBy(rows, (r) => r.workload)) {
    yield;
    workloads++;
    const namespace = wrows[0]!.namespace;
    const kind = workload.split('/')[1]!;
    const state = statuses.get(workload);
    const mid = state?.mid ?? false;
    const lines: Finding['lines'] = [];
    const headlines: string[] = [];
    let repushed = false;
    const revisions = groupBy(wrows, (r) => r.revision ?? '');
    if (mid) {
      const spread = revisions.size > 1 ? ` on ${revisions.size} ${kind === 'deployment' ? 'ReplicaSets' : 'revisions'}` : '';
      const target = state!.updateRevision ? ` to ${state!.updateRevision}` : '';
      headlines.push(`mid-rollout${target}${spread || ` (${state!.progress})`}`);
      lines.push(state!.line);
      for (const [revision, rrows] of revisions) {
        const rs = replicaSets.get(`${namespace}/${revision}`);
        lines.push({ text: describeRevision(revision, rrows, replicaSets), time: rs?.metadata.creationTimestamp ?? undefined });
      }
    }
    for (const [container, crows] of groupBy(wrows, (r) => r.container)) {
      const digests = groupBy(
        crows.filter((r) => r.digest),
        (r) => r.digest!,
      );
      if (digests.size < 2) continue;
      headlines.push(`${container} on ${digests.size} digests`);
      // Mid-rollout with one digest per revision: the revision lines above already name them.
      if (!mid || !alignedWithRevisions(crows)) {
        for (const [digest, drows] of digests) {
          const images = [...new Set(drows.map((r) => r.image))];
          lines.push({
            text: `container ${container}: ${shortDigest(digest)} from ${images.join(', ')} in ${plural(drows.length, 'pod')} (${drows
              .slice(0, 3)
              .map((r) => r.pod)
              .join(', ')})`,
          });
        }
      }
      // Same reference, different content: the tag was pushed again after some pods pulled it.
      for (const [image, irows] of groupBy(
        crows.filter((r) => r.digest),
        (r) => r.image,
      )) {
        const distinct = new Set(irows.map((r) => r.digest));
        if (distinct.size > 1) {
          repushed = true;
          lines.push({ text: `${image} resolves to ${distinct.size} digests: the tag was re-pushed between pulls` });
        }
      }
    }
    if (!headlines.length) continue;
    findings.push({
      status: repushed ? 'fail' : 'warn',
      headline: `${workload} ${headlines.join(', ')}`,
      source: workload,
      lines,
      bucket: repushed ? 'build-artifact' : 'version-drift',
      replay:
        kind === 'deployment'
          ? o.kubectl('get', 'rs', '-n', namespace, '-o', 'wide')
          : o.kubectl('get', 'pods', '-n', namespace, '-o', 'wide', '-L', 'controller-revision-hash'),
      // Two digests running is worse than a rollout that changed no image.
      weight: (repushed ? 10 : 5) + (headlines.length > 1 || !mid ? 1 : 0),
    });
  }
  return conclude(findings, {
    kind: 'rollout',
    problem: (n) => `${plural(n, 'workload')} running two versions at once`,
    quiet: workloads ? `${plural(workloads, 'workload')}, each rolled out and on one digest per container` : 'no running pods',
    replay: o.kubectl('get', 'rs', ...o.scope, '-o', 'wide'),
  });
}

export const rolloutsCheck = kubeCheck({
  name: 'rollouts',
  step: 'versions',
  title: 'One version per workload',
  async run(ctx, cluster) {
    const [pods, replicaSets, deployments, statefulSets, daemonSets] = await Promise.all([
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
      listObjects(ctx, cluster, 'deployments', 'apps', deploymentSchema),
      listObjects(ctx, cluster, 'statefulsets', 'apps', statefulSetSchema),
      listObjects(ctx, cluster, 'daemonsets', 'apps', daemonSetSchema),
    ]);
    return runInTurns(rolloutSteps({ pods, replicaSets, deployments, statefulSets, daemonSets }, analyzeOptions(ctx, cluster)));
  },
});
