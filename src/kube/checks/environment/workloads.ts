// Deployments, StatefulSets and DaemonSets below the replicas they want, or stuck rolling out.
import {
  daemonSetSchema,
  deploymentSchema,
  runInTurns,
  runNow,
  statefulSetSchema,
  type DaemonSet,
  type Deployment,
  type StatefulSet,
  type Steps,
} from '../../analyze/resources';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

interface WorkloadInput {
  deployments: readonly Deployment[];
  statefulSets: readonly StatefulSet[];
  daemonSets: readonly DaemonSet[];
}

export function analyzeWorkloads(input: WorkloadInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(workloadSteps(input, o));
}

/** analyzeWorkloads in steps (one per workload), for a check to run in turns. */
function* workloadSteps(input: WorkloadInput, o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  const findings: Finding[] = [];
  const add = (kind: string, ns: string, name: string, status: Finding['status'], problem: string, lines: Finding['lines'], weight: number) =>
    findings.push({
      status,
      headline: `${kind.toLowerCase()} ${ns}/${name} ${problem}`,
      source: `${ns}/${kind.toLowerCase()}/${name}`,
      lines,
      bucket: 'environment-not-ready',
      replay: o.kubectl('describe', kind.toLowerCase(), '-n', ns, name),
      weight,
    });

  for (const d of input.deployments) {
    yield;
    const ns = d.metadata.namespace ?? '';
    const desired = d.spec.replicas ?? 1;
    const ready = d.status.readyReplicas ?? 0;
    const available = d.status.availableReplicas ?? 0;
    const updated = d.status.updatedReplicas ?? 0;
    const counts = `${ready}/${desired} ready, ${available} available, ${updated} updated, ${d.status.replicas ?? 0} total`;
    const progressing = d.status.conditions?.find((c) => c.type === 'Progressing');
    const stalled = progressing?.status === 'False';
    const lines: Finding['lines'] = [{ text: `deployment ${counts}` }];
    if (stalled)
      lines.push({ text: `Progressing=False (${progressing.reason ?? ''}): ${progressing.message ?? ''}`, time: progressing.lastTransitionTime ?? undefined });
    if (d.spec.paused) lines.push({ text: 'rollout paused (spec.paused)' });
    if (ready < desired) add('Deployment', ns, d.metadata.name, 'fail', `${ready}/${desired} ready`, lines, 20);
    else if (stalled)
      add(
        'Deployment',
        ns,
        d.metadata.name,
        'fail',
        `rollout stalled (${progressing.reason ?? 'Progressing=False'}), ${updated}/${desired} updated`,
        lines,
        15,
      );
    else if (updated < desired || available < desired)
      add('Deployment', ns, d.metadata.name, 'warn', `rolling out: ${updated}/${desired} updated, ${available} available`, lines, 5);
  }
  for (const s of input.statefulSets) {
    yield;
    const ns = s.metadata.namespace ?? '';
    const desired = s.spec.replicas ?? 1;
    const ready = s.status.readyReplicas ?? 0;
    const updated = s.status.updatedReplicas ?? 0;
    const lines: Finding['lines'] = [{ text: `statefulset ${ready}/${desired} ready, ${updated} updated` }];
    const revisions = s.status.currentRevision && s.status.updateRevision && s.status.currentRevision !== s.status.updateRevision;
    if (revisions) lines.push({ text: `current revision ${s.status.currentRevision}, update revision ${s.status.updateRevision}` });
    if (ready < desired) add('StatefulSet', ns, s.metadata.name, 'fail', `${ready}/${desired} ready`, lines, 20);
    else if (revisions) add('StatefulSet', ns, s.metadata.name, 'warn', `rolling out: ${updated}/${desired} updated`, lines, 5);
  }
  for (const d of input.daemonSets) {
    yield;
    const ns = d.metadata.namespace ?? '';
    const desired = d.status.desiredNumberScheduled;
    const ready = d.status.numberReady;
    const misscheduled = d.status.numberMisscheduled ?? 0;
    const lines: Finding['lines'] = [
      {
        text: `daemonset ${ready}/${desired} ready, ${d.status.numberAvailable ?? 0} available, ${d.status.updatedNumberScheduled ?? 0} updated, ${misscheduled} misscheduled`,
      },
    ];
    if (ready < desired) add('DaemonSet', ns, d.metadata.name, 'fail', `${ready}/${desired} ready`, lines, 18);
    else if (misscheduled > 0 || (d.status.updatedNumberScheduled ?? desired) < desired)
      add('DaemonSet', ns, d.metadata.name, 'warn', 'rolling out or misscheduled', lines, 4);
  }
  const total = input.deployments.length + input.statefulSets.length + input.daemonSets.length;
  return conclude(findings, {
    kind: 'not-ready',
    problem: (n) => `${plural(n, 'workload')} below desired or not rolled out`,
    quiet: total ? `${plural(total, 'workload')}, all at their desired replicas` : 'no deployments, statefulsets or daemonsets',
    replay: o.kubectl('get', 'deploy,sts,ds', ...o.scope),
  });
}

export const workloadsCheck = kubeCheck({
  name: 'workloads',
  step: 'environment',
  title: 'Workloads at desired replicas',
  async run(ctx, cluster) {
    const [deployments, statefulSets, daemonSets] = await Promise.all([
      listObjects(ctx, cluster, 'deployments', 'apps', deploymentSchema),
      listObjects(ctx, cluster, 'statefulsets', 'apps', statefulSetSchema),
      listObjects(ctx, cluster, 'daemonsets', 'apps', daemonSetSchema),
    ]);
    return runInTurns(workloadSteps({ deployments, statefulSets, daemonSets }, analyzeOptions(ctx, cluster)));
  },
});
