// Workloads running two versions at once: pods spread over two ReplicaSets or controller
// revisions (mid-rollout), or one container on two digests. A tag on two digests was re-pushed.
import { podSchema, replicaSetSchema, type Pod, type ReplicaSet } from '../../analyze/resources';
import { indexReplicaSets, type ReplicaSetIndex } from '../../analyze/owners';
import { shortDigest } from '../../analyze/images';
import { groupBy, runningContainers, type RunningContainer } from '../../analyze/running';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

interface RolloutInput {
  pods: readonly Pod[];
  replicaSets?: readonly ReplicaSet[];
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

export function analyzeRollouts(input: RolloutInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const replicaSets = indexReplicaSets(input.replicaSets ?? []);
  const rows = runningContainers(input.pods, replicaSets).filter((r) => r.active);
  const findings: Finding[] = [];
  let workloads = 0;
  for (const [workload, wrows] of groupBy(rows, (r) => r.workload)) {
    workloads++;
    const namespace = wrows[0]!.namespace;
    const lines: Finding['lines'] = [];
    const headlines: string[] = [];
    let repushed = false;
    const revisions = groupBy(wrows, (r) => r.revision ?? '');
    if (revisions.size > 1) {
      headlines.push(`mid-rollout on ${revisions.size} ${workload.split('/')[1] === 'deployment' ? 'ReplicaSets' : 'revisions'}`);
      for (const [revision, rrows] of revisions) {
        const rs = replicaSets.get(`${namespace}/${revision}`);
        lines.push({ text: describeRevision(revision, rrows, replicaSets), time: rs?.metadata.creationTimestamp ?? undefined });
      }
    }
    for (const [container, crows] of groupBy(wrows, (r) => r.container)) {
      const digests = groupBy(crows.filter((r) => r.digest), (r) => r.digest!);
      if (digests.size < 2) continue;
      headlines.push(`${container} on ${digests.size} digests`);
      for (const [digest, drows] of digests) {
        const images = [...new Set(drows.map((r) => r.image))];
        lines.push({ text: `container ${container}: ${shortDigest(digest)} from ${images.join(', ')} in ${plural(drows.length, 'pod')} (${drows.slice(0, 3).map((r) => r.pod).join(', ')})` });
      }
      // Same reference, different content: the tag was pushed again after some pods pulled it.
      for (const [image, irows] of groupBy(crows.filter((r) => r.digest), (r) => r.image)) {
        const distinct = new Set(irows.map((r) => r.digest));
        if (distinct.size > 1) {
          repushed = true;
          lines.push({ text: `${image} resolves to ${distinct.size} digests: the tag was re-pushed between pulls` });
        }
      }
    }
    if (!headlines.length) continue;
    const kind = workload.split('/')[1]!;
    findings.push({
      status: repushed ? 'fail' : 'warn',
      headline: `${workload} ${headlines.join(', ')}`,
      source: workload,
      lines,
      bucket: repushed ? 'build-artifact' : 'version-drift',
      replay: kind === 'deployment' ? o.kubectl('get', 'rs', '-n', namespace, '-o', 'wide') : o.kubectl('get', 'pods', '-n', namespace, '-o', 'wide', '-L', 'controller-revision-hash'),
      weight: repushed ? 10 : 5,
    });
  }
  return conclude(findings, {
    kind: 'rollout',
    problem: (n) => `${plural(n, 'workload')} running two versions at once`,
    quiet: workloads ? `${plural(workloads, 'workload')}, each on one revision and one digest per container` : 'no running pods',
    replay: o.kubectl('get', 'rs', ...o.scope, '-o', 'wide'),
  });
}

export const rolloutsCheck = kubeCheck({
  name: 'rollouts',
  step: 'versions',
  title: 'One version per workload',
  async run(ctx, cluster) {
    const [pods, replicaSets] = await Promise.all([
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
    ]);
    return analyzeRollouts({ pods, replicaSets }, analyzeOptions(ctx, cluster));
  },
});
