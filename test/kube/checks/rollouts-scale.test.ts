// Mid-rollout rests on the workload's status and the digests running, not on pod revision
// labels (issue 10: "60 workloads running two versions" on a 5,000-pod bundle whose 50
// StatefulSets had finished their rollouts). Shapes follow the Kubernetes documentation:
// - Deployment nginx-deployment mid-rollout from nginx:1.14.2 to nginx:1.16.1, its two
//   ReplicaSets and pod-template-hash labels:
//   https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment
// - StatefulSet web (nginx-slim), its controller-revision-hash labels and
//   status.currentRevision/updateRevision:
//   https://kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/#rolling-update
// The population (5,000 pods, 50 namespaces) is bench/replay.mjs's, at a size a test can run.
import { describe, expect, it } from 'vitest';
import { analyzeRollouts } from '../../../src/kube/checks/versions/rollouts';
import { daemonSetSchema, deploymentSchema, podSchema, replicaSetSchema, statefulSetSchema } from '../../../src/kube/analyze/resources';
import { kubectlFor, type AnalyzeOptions } from '../../../src/kube/checks/kit';
import { MAX_EVIDENCE } from '../../../src/kube/analyze/findings';

const o: AnalyzeOptions = { now: new Date('2026-06-15T09:00:00Z'), kubectl: kubectlFor([]), scope: ['-A'] };
const hex = (n: number, len = 10) => (Math.imul(n + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8).slice(0, len);
const digest = (n: number) => `sha256:${hex(n, 64)}`;

function pod(
  ns: string,
  name: string,
  owner: { kind: string; name: string },
  labels: Record<string, string>,
  container: string,
  image: string,
  imageDigest: string,
) {
  return podSchema.parse({
    metadata: { name, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true }] },
    spec: { containers: [{ name: container, image }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: container,
          image,
          imageID: `docker.io/library/${container}@${imageDigest}`,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-06-15T08:00:00Z' } },
        },
      ],
    },
  });
}

/** 50 StatefulSets rolled out (one digest, current = update revision) whose pods carry varied revision labels. */
function statefulSets(count: number, replicas: number) {
  const sets = [];
  const pods = [];
  for (let s = 0; s < count; s++) {
    const ns = `team-${String(s % 50).padStart(2, '0')}`;
    const name = `web-${s}`;
    const revision = `${name}-${hex(s, 9)}`;
    sets.push(
      statefulSetSchema.parse({
        metadata: { name, namespace: ns, generation: 3 },
        spec: { replicas, selector: { matchLabels: { app: 'nginx' } } },
        status: {
          replicas,
          readyReplicas: replicas,
          currentReplicas: replicas,
          updatedReplicas: replicas,
          currentRevision: revision,
          updateRevision: revision,
          observedGeneration: 3,
          collisionCount: 0,
        },
      }),
    );
    for (let p = 0; p < replicas; p++) {
      // A label from an earlier template whose patch left the image as it was.
      const label = p % 3 === 0 ? `${name}-${hex(s + 1000 + p, 9)}` : revision;
      pods.push(
        pod(
          ns,
          `${name}-${p}`,
          { kind: 'StatefulSet', name },
          { app: 'nginx', 'controller-revision-hash': label, 'statefulset.kubernetes.io/pod-name': `${name}-${p}` },
          'nginx',
          'registry.k8s.io/nginx-slim:0.24',
          digest(7),
        ),
      );
    }
  }
  return { sets, pods };
}

/** Deployments: `rolling` of them mid-rollout from nginx:1.14.2 to nginx:1.16.1, the rest rolled out. */
function deployments(count: number, rolling: number, replicas: number) {
  const out = [];
  const replicaSets = [];
  const pods = [];
  for (let d = 0; d < count; d++) {
    const ns = `team-${String(d % 50).padStart(2, '0')}`;
    const name = `nginx-deployment-${d}`;
    const mid: boolean = d % Math.floor(count / rolling) === 0 && d / Math.floor(count / rolling) < rolling;
    const oldHash = hex(d, 10);
    const newHash = hex(d + 5000, 10);
    const updated = mid ? replicas / 2 : replicas;
    out.push(
      deploymentSchema.parse({
        metadata: { name, namespace: ns, generation: mid ? 2 : 1, labels: { app: 'nginx' } },
        spec: { replicas, selector: { matchLabels: { app: 'nginx' } } },
        status: {
          observedGeneration: mid ? 2 : 1,
          replicas: mid ? replicas + 1 : replicas,
          updatedReplicas: updated,
          readyReplicas: replicas,
          availableReplicas: replicas,
          conditions: [
            { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
            { type: 'Progressing', status: 'True', reason: mid ? 'ReplicaSetUpdated' : 'NewReplicaSetAvailable' },
          ],
        },
      }),
    );
    const revisions = mid
      ? [
          { hash: oldHash, image: 'nginx:1.14.2', digest: digest(1), n: replicas - updated + 1, number: '1' },
          { hash: newHash, image: 'nginx:1.16.1', digest: digest(2), n: updated, number: '2' },
        ]
      : [{ hash: oldHash, image: 'nginx:1.14.2', digest: digest(1), n: replicas, number: '1' }];
    for (const r of revisions) {
      const rsName = `${name}-${r.hash}`;
      replicaSets.push(
        replicaSetSchema.parse({
          metadata: {
            name: rsName,
            namespace: ns,
            labels: { app: 'nginx', 'pod-template-hash': r.hash },
            annotations: { 'deployment.kubernetes.io/revision': r.number },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, controller: true }],
          },
          spec: { replicas: r.n },
          status: { replicas: r.n, readyReplicas: r.n },
        }),
      );
      for (let p = 0; p < r.n; p++)
        pods.push(
          pod(
            ns,
            `${rsName}-${hex(d * 100 + p, 5)}`,
            { kind: 'ReplicaSet', name: rsName },
            { app: 'nginx', 'pod-template-hash': r.hash },
            'nginx',
            r.image,
            r.digest,
          ),
        );
    }
  }
  return { deployments: out, replicaSets, pods };
}

describe('rollouts at scale', () => {
  // 50 StatefulSets × 20 pods + 400 Deployments × 10 pods (10 of them mid-rollout, one extra old pod each).
  const sts = statefulSets(50, 20);
  const deploy = deployments(400, 10, 10);
  const input = {
    pods: [...sts.pods, ...deploy.pods],
    replicaSets: deploy.replicaSets,
    deployments: deploy.deployments,
    statefulSets: sts.sets,
    daemonSets: [],
  };
  const midRollout = deploy.deployments
    .filter((d) => d.status.updatedReplicas! < d.spec.replicas!)
    .map((d) => `${d.metadata.namespace}/deployment/${d.metadata.name}`);

  it('reports exactly the 10 Deployments on two digests, not the 50 finished StatefulSets with varied revision labels', () => {
    expect(input.pods.length).toBeGreaterThanOrEqual(5000);
    expect(midRollout).toHaveLength(10);
    const out = analyzeRollouts(input, o);
    expect(out.status).toBe('warn');
    expect(out.summary).toMatch(/^10 workloads running two versions at once: /);
    expect(out.facts?.map((f) => f.object).sort()).toEqual([...midRollout].sort());
    expect(out.summary).not.toContain('statefulset');
    expect(out.summary).toContain(`${midRollout[0]} mid-rollout on 2 ReplicaSets, nginx on 2 digests`);
  });

  it('names all 10 in the evidence, within its cap', () => {
    const out = analyzeRollouts(input, o);
    expect(out.evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE);
    const sources = new Set(out.evidence.map((e) => e.source));
    for (const w of midRollout) expect(sources, w).toContain(w);
    expect(out.evidence.some((e) => e.text.startsWith('…'))).toBe(false);
  });

  it('a Deployment with spec.replicas 2 and status.updatedReplicas 1 is mid-rollout even while its pods run one digest', () => {
    const d = deploy.deployments[1]!;
    const rolled = deploymentSchema.parse({ ...d, spec: { ...d.spec, replicas: 2 }, status: { ...d.status, replicas: 2, updatedReplicas: 1 } });
    const pods = deploy.pods.filter((p) => p.metadata.name.startsWith(`${d.metadata.name}-`)).slice(0, 2);
    const out = analyzeRollouts({ pods, replicaSets: deploy.replicaSets, deployments: [rolled] }, o);
    expect(out.status).toBe('warn');
    expect(out.summary).toContain(`${d.metadata.namespace}/deployment/${d.metadata.name} mid-rollout (1 of 2 updated)`);
    expect(out.evidence[0]!.text).toContain('deployment 1 of 2 updated, 2 replicas in all');
  });

  it('a StatefulSet whose update revision differs from its current one is mid-rollout, named with the revision it moves to', () => {
    const s = sts.sets[0]!;
    const moving = statefulSetSchema.parse({ ...s, status: { ...s.status, updatedReplicas: 5, updateRevision: 'web-0-7b5d4c9f8' } });
    // Rolled from the highest ordinal down, as the StatefulSet controller does: web-0-15..19 updated.
    const pods = Array.from({ length: 20 }, (_, p) => {
      const updated = p >= 15;
      return pod(
        'team-00',
        `web-0-${p}`,
        { kind: 'StatefulSet', name: 'web-0' },
        { app: 'nginx', 'controller-revision-hash': updated ? 'web-0-7b5d4c9f8' : s.status.currentRevision! },
        'nginx',
        `registry.k8s.io/nginx-slim:${updated ? '0.24' : '0.21'}`,
        digest(updated ? 7 : 8),
      );
    });
    const out = analyzeRollouts({ pods, deployments: [], statefulSets: [moving], daemonSets: [] }, o);
    expect(out.summary).toContain('team-00/statefulset/web-0 mid-rollout to web-0-7b5d4c9f8 on 2 revisions, nginx on 2 digests');
    expect(out.evidence.map((e) => e.text)).toContain(
      `statefulset 5 of 20 updated; current revision ${s.status.currentRevision}, update revision web-0-7b5d4c9f8`,
    );
  });

  it('a DaemonSet with fewer updated than desired pods is mid-rollout', () => {
    const ds = daemonSetSchema.parse({
      metadata: { name: 'fluentd-elasticsearch', namespace: 'kube-system' },
      status: { desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 1 },
    });
    const pods = [0, 1, 2].map((i) =>
      pod(
        'kube-system',
        `fluentd-elasticsearch-${hex(i, 5)}`,
        { kind: 'DaemonSet', name: 'fluentd-elasticsearch' },
        { name: 'fluentd-elasticsearch' },
        'fluentd-elasticsearch',
        'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
        digest(3),
      ),
    );
    expect(analyzeRollouts({ pods, daemonSets: [ds] }, o).summary).toContain('kube-system/daemonset/fluentd-elasticsearch mid-rollout (1 of 3 updated)');
  });
});
