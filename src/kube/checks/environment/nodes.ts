// Nodes not Ready, under memory/disk/PID pressure, without network, or cordoned.
import { nodeSchema, type Node } from '../../analyze/resources';
import { age, conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listClusterObjects, type AnalyzeOptions } from '../kit';

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function analyzeNodes(nodes: readonly Node[], o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    const conditions = node.status.conditions ?? [];
    const lines: Finding['lines'] = [];
    const replay = o.kubectl('describe', 'node', name);
    const ready = conditions.find((c) => c.type === 'Ready');
    const problems: string[] = [];
    let status: Finding['status'] = 'warn';
    let bucket: Finding['bucket'] = 'resource-pressure';
    if (ready?.status !== 'True') {
      status = 'fail';
      bucket = 'environment-not-ready';
      problems.push(ready ? `Ready=${ready.status}` : 'no Ready condition');
      lines.push({
        text: ready
          ? `Ready=${ready.status} (${ready.reason ?? 'no reason'}): ${ready.message ?? ''} since ${ready.lastTransitionTime ?? 'unknown'}; last heartbeat ${ready.lastHeartbeatTime ?? 'unknown'}`.trim()
          : 'the node reports no Ready condition',
        time: ready?.lastTransitionTime ?? undefined,
      });
    }
    for (const c of conditions) {
      if (c.status !== 'True') continue;
      if (PRESSURE.includes(c.type)) {
        problems.push(c.type);
        lines.push({
          text: `${c.type} since ${c.lastTransitionTime ?? 'unknown'} (for ${age(c.lastTransitionTime, o.now) ?? '?'}): ${c.message ?? c.reason ?? ''}`.trim(),
          time: c.lastTransitionTime ?? undefined,
        });
      } else if (c.type === 'NetworkUnavailable') {
        status = 'fail';
        bucket = 'environment-not-ready';
        problems.push('NetworkUnavailable');
        lines.push({ text: `NetworkUnavailable: ${c.message ?? c.reason ?? ''}`, time: c.lastTransitionTime ?? undefined });
      }
    }
    for (const t of node.spec.taints ?? []) {
      if (t.key.startsWith('node.kubernetes.io/') && problems.length)
        lines.push({ text: `taint ${t.key}:${t.effect}: new pods that do not tolerate it are not scheduled here` });
    }
    if (node.spec.unschedulable) {
      problems.push('cordoned');
      lines.push({ text: 'cordoned (spec.unschedulable): no new pods are scheduled here' });
    }
    if (!problems.length) continue;
    findings.push({ status, headline: `${name} ${problems.join(', ')}`, source: `node/${name}`, lines, bucket, replay, weight: status === 'fail' ? 10 : 5 });
  }
  const ready = nodes.length - findings.filter((f) => f.status === 'fail').length;
  return conclude(findings, {
    kind: 'node',
    problem: (n) => `${plural(n, 'node')} not healthy`,
    quiet: nodes.length ? `${plural(nodes.length, 'node')}, all Ready without pressure` : 'the cluster lists no nodes',
    replay: o.kubectl('get', 'nodes', '-o', 'wide'),
    context: findings.length ? [{ text: `${ready} of ${plural(nodes.length, 'node')} Ready`, source: 'nodes' }] : [],
  });
}

export const nodesCheck = kubeCheck({
  name: 'nodes',
  step: 'environment',
  title: 'Nodes Ready, no pressure',
  async run(ctx, cluster) {
    return analyzeNodes(await listClusterObjects(cluster, 'nodes', '', nodeSchema), analyzeOptions(ctx, cluster));
  },
});
