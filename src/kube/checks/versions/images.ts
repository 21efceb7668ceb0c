// The matrix workload -> container -> image -> digests actually running, and the images
// whose tag floats (`:latest`, untagged), so what runs can change under the same spec.
import { podSchema, replicaSetSchema, runInTurns, runNow, type Pod, type ReplicaSet, type Steps } from '../../analyze/resources';
import { indexReplicaSets } from '../../analyze/owners';
import { floatingTag, shortDigest } from '../../analyze/images';
import { groupBy, runningContainers, type RunningContainer } from '../../analyze/running';
import { conclude, plural, since, type Finding } from '../../analyze/findings';
import type { Evidence } from '../../../model';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

/** Finished pods older than this belong to another run. */
const FINISHED_WINDOW_MS = 24 * 3_600_000;

interface ImageInput {
  pods: readonly Pod[];
  replicaSets?: readonly ReplicaSet[];
}

export function analyzeImages(input: ImageInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(imageSteps(input, o));
}

/** analyzeImages in steps: one per pod read, one per workload's container. */
function* imageSteps(input: ImageInput, o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  // Finished pods count while they are part of this incident: a Job's pod from last week is not.
  const current = input.pods.filter((p) => {
    if (p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') return true;
    const ended = (p.status.containerStatuses ?? []).map((s) => s.state?.terminated?.finishedAt).filter(Boolean);
    return ended.some((t) => (since(t, o.now) ?? Infinity) <= FINISHED_WINDOW_MS);
  });
  const replicaSets = indexReplicaSets(input.replicaSets ?? []);
  const rows: RunningContainer[] = [];
  for (const pod of current) {
    yield;
    rows.push(...runningContainers([pod], replicaSets));
  }
  const findings: Finding[] = [];
  const matrix: Evidence[] = [];
  const byContainer = groupBy(rows, (r) => `${r.workload}\u0000${r.container}`);
  for (const group of byContainer.values()) {
    yield;
    const { workload, container, namespace } = group[0]!;
    for (const [image, same] of groupBy(group, (r) => r.image)) {
      const digests = groupBy(same, (r) => r.digest ?? 'not running');
      const parts = [...digests].map(([d, rs]) => {
        const finished = rs.filter((r) => !r.active).length;
        return `${d === 'not running' ? d : shortDigest(d)} (${plural(rs.length, 'pod')}${finished ? `, ${finished} finished` : ''})`;
      });
      matrix.push({ text: `${container}: ${image} @ ${parts.join(', ')}`, source: workload });
      const floating = floatingTag(image);
      if (!floating) continue;
      const pod = same[0]!.pod;
      const running = [...digests.keys()].filter((d) => d !== 'not running').map(shortDigest);
      findings.push({
        status: 'warn',
        headline: `${workload} ${container} runs ${floating === 'latest' ? image : `${image} (untagged)`}`,
        source: workload,
        lines: [
          {
            text: `container ${container} image ${image} is ${floating === 'latest' ? 'tagged :latest' : 'untagged (pulls :latest)'}: the digest can change under the same spec${running.length ? `; running ${running.join(', ')}` : ''}`,
          },
        ],
        bucket: 'version-drift',
        replay: o.kubectl('get', 'pod', '-n', namespace, pod, '-o', `jsonpath={.status.containerStatuses[?(@.name=="${container}")].imageID}`),
        weight: floating === 'latest' ? 5 : 4,
      });
    }
  }
  const workloads = new Set(rows.map((r) => r.workload)).size;
  const images = new Set(rows.map((r) => r.image)).size;
  return conclude(findings, {
    kind: 'version',
    problem: (n) => `${plural(n, 'container')} on a floating tag`,
    quiet: rows.length ? `${plural(workloads, 'workload')}, ${plural(images, 'image')}, every tag pinned` : 'no pods to read images from',
    replay: o.kubectl(
      'get',
      'pods',
      ...o.scope,
      '-o',
      'custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,IMAGE:.spec.containers[*].image,DIGEST:.status.containerStatuses[*].imageID',
    ),
    context: matrix,
  });
}

export const imagesCheck = kubeCheck({
  name: 'images',
  step: 'versions',
  title: 'Images and digests running',
  async run(ctx, cluster) {
    const [pods, replicaSets] = await Promise.all([
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
    ]);
    return runInTurns(imageSteps({ pods, replicaSets }, analyzeOptions(ctx, cluster)));
  },
});
