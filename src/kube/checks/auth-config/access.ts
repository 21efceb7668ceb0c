// Access reviews for what the test needs (the plan's `access`), by default the reads the
// workbench itself makes: a "forbidden" here explains a half-empty screen or a failing step.
import type { Plan } from '../../../plan/schema';
import type { AccessReview } from '../../../model/cluster';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, type AnalyzeOptions } from '../kit';

export interface AccessRule {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
}

/** What the built-in checks and log tails read. */
export const DEFAULT_ACCESS: readonly AccessRule[] = [
  { verb: 'list', resource: 'pods' },
  { verb: 'list', resource: 'events' },
  { verb: 'list', resource: 'nodes' },
  { verb: 'list', resource: 'deployments', group: 'apps' },
  { verb: 'get', resource: 'pods/log' },
];
const CLUSTER_SCOPED = new Set([
  'nodes',
  'namespaces',
  'persistentvolumes',
  'storageclasses',
  'clusterroles',
  'clusterrolebindings',
  'customresourcedefinitions',
]);

/** The rules to review: explicit namespaces stay; the rest apply in each plan namespace, or cluster-wide. */
export function accessRules(plan: Pick<Plan, 'access' | 'namespaces'>): AccessRule[] {
  const rules = plan.access.length ? plan.access : DEFAULT_ACCESS;
  return rules.flatMap((r) =>
    r.namespace || CLUSTER_SCOPED.has(r.resource) || !plan.namespaces.length ? [{ ...r }] : plan.namespaces.map((namespace) => ({ ...r, namespace })),
  );
}

function ruleText(r: AccessRule): string {
  return `${r.verb} ${r.resource}${r.group ? `.${r.group}` : ''} ${r.namespace ? `in ${r.namespace}` : 'in all namespaces'}`;
}

export function analyzeAccess(reviews: readonly { rule: AccessRule; review: AccessReview }[], o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  for (const { rule, review } of reviews) {
    if (review.allowed) continue;
    findings.push({
      status: 'fail',
      headline: `cannot ${ruleText(rule)}`,
      source: `access/${rule.namespace ?? 'cluster'}`,
      lines: [{ text: `denied: ${ruleText(rule)}${review.reason ? `: ${review.reason}` : ''}` }],
      bucket: 'auth-config-mismatch',
      replay: o.kubectl(
        'auth',
        'can-i',
        rule.verb,
        `${rule.resource}${rule.group ? `.${rule.group}` : ''}`,
        ...(rule.namespace ? ['-n', rule.namespace] : ['-A']),
      ),
    });
  }
  const allowed = reviews.filter((r) => r.review.allowed).map((r) => ({ text: `allowed: ${ruleText(r.rule)}`, source: 'access' }));
  return conclude(findings, {
    kind: 'access',
    problem: (n) => `${plural(n, 'access review')} denied`,
    quiet: `${plural(reviews.length, 'access review')}, all allowed`,
    replay: o.kubectl('auth', 'can-i', '--list', ...o.scope.filter((f) => f !== '-A')),
    context: allowed,
  });
}

export const accessCheck = kubeCheck({
  name: 'access',
  step: 'auth-config',
  title: 'Access the test needs',
  async run(ctx, cluster) {
    const rules = accessRules(ctx.plan);
    const reviews = await Promise.all(rules.map(async (rule) => ({ rule, review: await cluster.canI(rule.verb, rule.resource, rule.group, rule.namespace) })));
    return analyzeAccess(reviews, analyzeOptions(ctx, cluster));
  },
});
