// The namespaces the plan names exist and are Active (not gone, not being deleted).
import type { Plan } from '../../../plan/schema';
import { namespaceSchema, type Namespace } from '../../analyze/resources';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listClusterObjects, type AnalyzeOptions } from '../kit';

/** Every namespace the plan refers to: its own list, and those of required objects, jobs and access rules. */
export function planNamespaces(plan: Pick<Plan, 'namespaces' | 'requiredSecrets' | 'requiredConfigMaps' | 'jobs' | 'access'>): string[] {
  const named = [
    ...plan.namespaces,
    ...[...plan.requiredSecrets, ...plan.requiredConfigMaps, ...plan.access].flatMap((r) => (r.namespace ? [r.namespace] : [])),
    ...plan.jobs.map((j) => j.namespace),
  ];
  return [...new Set(named)];
}

export function analyzeNamespaces(input: { wanted: readonly string[]; namespaces: readonly Namespace[] }, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const byName = new Map(input.namespaces.map((n) => [n.metadata.name, n]));
  const findings: Finding[] = [];
  for (const name of input.wanted) {
    const ns = byName.get(name);
    if (!ns) {
      findings.push({
        status: 'fail',
        headline: `${name} does not exist`,
        source: `namespace/${name}`,
        lines: [{ text: `namespace ${name} is named by the plan but does not exist (${plural(input.namespaces.length, 'namespace')} do)` }],
        bucket: 'auth-config-mismatch',
        replay: o.kubectl('get', 'namespaces'),
        weight: 10,
      });
    } else if (ns.status.phase !== 'Active' || ns.metadata.deletionTimestamp) {
      findings.push({
        status: 'fail',
        headline: `${name} ${ns.status.phase ?? 'not Active'}`,
        source: `namespace/${name}`,
        lines: [
          {
            text: `namespace ${name} is ${ns.status.phase ?? 'not Active'}${ns.metadata.deletionTimestamp ? ` since ${ns.metadata.deletionTimestamp}` : ''}`,
            time: ns.metadata.deletionTimestamp ?? undefined,
          },
        ],
        bucket: 'replay-dedupe',
        replay: o.kubectl('describe', 'namespace', name),
        weight: 8,
      });
    }
  }
  return conclude(findings, {
    kind: 'access',
    problem: (n) => `${plural(n, 'namespace')} missing or not Active`,
    quiet: `${plural(input.wanted.length, 'namespace')} named by the plan, all Active: ${input.wanted.join(', ')}`,
    replay: o.kubectl('get', 'namespaces', ...input.wanted),
  });
}

export const namespacesCheck = kubeCheck({
  name: 'namespaces',
  step: 'auth-config',
  title: 'Namespaces exist',
  async run(ctx, cluster) {
    const wanted = planNamespaces(ctx.plan);
    if (!wanted.length) return { status: 'skip', summary: 'the plan names no namespaces', evidence: [] };
    return analyzeNamespaces({ wanted, namespaces: await listClusterObjects(cluster, 'namespaces', '', namespaceSchema) }, analyzeOptions(ctx, cluster));
  },
});
