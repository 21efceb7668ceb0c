// The plan's expected build SHA against what running pods report (revision annotations and
// labels, SHA-bearing image tags), so "fix merged but not deployed" is a named failure.
import { podSchema, replicaSetSchema, type Pod, type ReplicaSet } from '../../analyze/resources';
import { indexReplicaSets, workloadOf, workloadSource } from '../../analyze/owners';
import { imageTag } from '../../analyze/images';
import { groupBy } from '../../analyze/running';
import { capEvidence, conclude, factOf, MAX_FACTS, plural, type Finding } from '../../analyze/findings';
import type { Evidence } from '../../../model';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

/** Annotation and label keys that carry a source revision by convention. */
const REVISION_KEY = /(^|[./-])(revision|commit|git-?sha|git-?commit|vcs-ref|source-version|sha)$/i;
const SHA = /\b[0-9a-f]{7,40}\b/gi;

export interface PodRevision {
  workload: string;
  pod: string;
  namespace: string;
  /** Where it came from: `annotation org.opencontainers.image.revision`, `image tag of api`. */
  where: string;
  sha: string;
}

/** Every SHA-looking revision a pod reports about itself. */
export function podRevisions(pod: Pod, workload: string): PodRevision[] {
  const found: PodRevision[] = [];
  const base = { workload, pod: pod.metadata.name, namespace: pod.metadata.namespace ?? '' };
  for (const [kind, map] of [
    ['annotation', pod.metadata.annotations],
    ['label', pod.metadata.labels],
  ] as const) {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (!REVISION_KEY.test(key) && key !== 'app.kubernetes.io/version') continue;
      for (const sha of value.match(SHA) ?? []) {
        // A version like 1234567 with no letters is a build number as often as a SHA; only trust revision keys for it.
        if (key === 'app.kubernetes.io/version' && !/[a-f]/i.test(sha)) continue;
        found.push({ ...base, where: `${kind} ${key}`, sha: sha.toLowerCase() });
      }
    }
  }
  for (const c of pod.spec.containers) {
    const tag = c.image ? imageTag(c.image) : undefined;
    for (const sha of tag?.match(SHA) ?? []) {
      if (/[a-f]/i.test(sha)) found.push({ ...base, where: `image tag of ${c.name}`, sha: sha.toLowerCase() });
    }
  }
  return found;
}

/** Same commit: one is a prefix of the other, and the shorter has at least 7 characters. */
export function sameCommit(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x));
}

interface BuildInput {
  expectedSha: string;
  pods: readonly Pod[];
  replicaSets?: readonly ReplicaSet[];
}

export function analyzeBuildSha(input: BuildInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const expected = input.expectedSha.toLowerCase();
  const short = expected.slice(0, 7);
  const replicaSets = indexReplicaSets(input.replicaSets ?? []);
  const active = input.pods.filter((p) => p.status.phase === 'Running' || p.status.phase === 'Pending');
  const podsByWorkload = groupBy(active, (p) => workloadSource(workloadOf(p, replicaSets)));
  const findings: Finding[] = [];
  const deployed: string[] = [];
  /** What each reporting workload runs: the context of every verdict. */
  const running: Evidence[] = [];
  /** The workloads on another revision, for their facts. */
  const behind: { line: Evidence; phrase: string }[] = [];
  for (const [workload, pods] of podsByWorkload) {
    const revisions = pods.map((p) => podRevisions(p, workload));
    const reporting = revisions.filter((r) => r.length).length;
    if (!reporting) continue;
    const matching = revisions.filter((r) => r.some((x) => sameCommit(x.sha, expected))).length;
    const shas = [...new Set(revisions.flat().map((r) => r.sha.slice(0, 7)))];
    const where = [...new Set(revisions.flat().map((r) => r.where))].join(', ');
    // Since when this workload runs what it runs: its oldest pod.
    const since = pods
      .map((p) => p.metadata.creationTimestamp ?? '')
      .filter(Boolean)
      .sort()[0];
    const time = since ? { time: since } : {};
    if (matching === pods.length) {
      deployed.push(workload);
      running.push({ text: `runs ${short} in all ${plural(pods.length, 'pod')} (${where})`, source: workload, ...time });
    } else if (matching) {
      const ns = pods[0]!.metadata.namespace ?? '';
      findings.push({
        status: 'warn',
        headline: `${short} only partly deployed: ${matching} of ${plural(pods.length, 'pod')} of ${workload}`,
        source: workload,
        lines: [
          {
            text: `${matching} of ${plural(pods.length, 'pod')} report ${short}; the others report ${shas.filter((s) => !sameCommit(s, short)).join(', ')} (${where})`,
            ...time,
          },
        ],
        bucket: 'version-drift',
        replay: o.kubectl('get', 'pods', '-n', ns, '-o', 'wide', '-L', 'app.kubernetes.io/version'),
        weight: 5,
      });
    } else {
      const line = {
        text: `runs ${shas.join(', ')} in ${plural(pods.length, 'pod')} since ${since ?? 'unknown'}, not ${short} (${where})`,
        source: workload,
        ...time,
      };
      running.push(line);
      behind.push({ line, phrase: `fix merged but not deployed: runs ${shas.join(', ')}, not ${short}` });
    }
  }
  const reportingWorkloads = running.length + findings.length;
  const revisionColumns = o.kubectl(
    'get',
    'pods',
    ...o.scope,
    '-o',
    'custom-columns=POD:.metadata.name,REVISION:.metadata.annotations.org\\.opencontainers\\.image\\.revision,IMAGE:.spec.containers[*].image',
  );
  if (!reportingWorkloads) {
    return {
      status: 'warn',
      summary: `no running pod reports a revision, so ${short} cannot be checked here: annotate pods with org.opencontainers.image.revision, tag images with the SHA, or add build.deployed endpoints to the plan`,
      evidence: [
        { text: `${plural(podsByWorkload.size, 'workload')} looked at; none carries a SHA in a revision annotation, label or image tag`, source: 'pods' },
      ],
      replay: revisionColumns,
      bucket: 'weak-observability',
    };
  }
  if (!deployed.length && !findings.length) {
    return {
      status: 'fail',
      summary: `fix ${short} is merged but not deployed: no running pod reports it (${plural(reportingWorkloads, 'workload')} report other revisions)`,
      evidence: capEvidence(running),
      replay: revisionColumns,
      bucket: 'version-drift',
      // Each workload on another revision is a fact about that workload: the mechanisms place it.
      facts: behind.slice(0, MAX_FACTS).map(({ line, phrase }) =>
        factOf({
          status: 'fail',
          headline: line.text,
          source: line.source,
          lines: [line],
          bucket: 'version-drift',
          kind: 'version',
          phrase,
          replay: revisionColumns,
        }),
      ),
    };
  }
  return conclude(findings, {
    kind: 'version',
    problem: (n) => `${plural(n, 'workload')} with ${short} only partly deployed`,
    quiet: `${short} runs in ${deployed.join(', ')}`,
    replay: revisionColumns,
    context: running,
  });
}

export const buildShaCheck = kubeCheck({
  name: 'build-sha',
  step: 'versions',
  title: 'Expected build SHA deployed',
  async run(ctx, cluster) {
    const expectedSha = ctx.plan.build?.expectedSha;
    if (!expectedSha) return { status: 'skip', summary: 'the plan sets no build.expectedSha', evidence: [] };
    const [pods, replicaSets] = await Promise.all([
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
    ]);
    return analyzeBuildSha({ expectedSha, pods, replicaSets }, analyzeOptions(ctx, cluster));
  },
});
