// Namespaces of earlier runs: matching the plan's globs and older than `olderThan`, or stuck
// Terminating (a rerun that recreates one gets "already exists" or "is being terminated").
import { jobSchema, namespaceSchema, podSchema, type Namespace } from '../../analyze/resources';
import { age, conclude, plural, since, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listClusterObjects, type AnalyzeOptions } from '../kit';
import { parseItems } from '../../analyze/resources';
import { planNamespaces } from '../auth-config/namespaces';
import { globRegExp, leftoverRules, type LeftoverRules } from './rules';

/** Terminating longer than this is stuck on a finalizer, not slow. */
const STUCK_TERMINATING_MS = 5 * 60_000;
/** Look inside at most this many leftovers: enough to show what they hold. */
const LOOK_INSIDE = 5;

interface NamespaceInput {
  namespaces: readonly Namespace[];
  rules: Pick<LeftoverRules, 'namespaces' | 'olderThan' | 'olderThanMs'>;
  /** The system's own namespaces: never leftovers. */
  keep?: readonly string[];
  /** What some leftovers still hold: `1 job, 2 pods`. */
  contents?: ReadonlyMap<string, string>;
}

function leftoverNamespaces(input: Pick<NamespaceInput, 'namespaces' | 'rules' | 'keep'>, now: Date): { ns: Namespace; glob?: string; terminating: boolean }[] {
  const globs = input.rules.namespaces.map((g) => ({ g, re: globRegExp(g) }));
  const out: { ns: Namespace; glob?: string; terminating: boolean }[] = [];
  for (const ns of input.namespaces) {
    const name = ns.metadata.name;
    if (input.keep?.includes(name)) continue;
    const glob = globs.find((x) => x.re.test(name))?.g;
    const terminating = ns.status.phase === 'Terminating' && (since(ns.metadata.deletionTimestamp, now) ?? 0) > STUCK_TERMINATING_MS;
    const old = (since(ns.metadata.creationTimestamp, now) ?? 0) > input.rules.olderThanMs;
    if ((glob && old) || (terminating && glob)) out.push({ ns, glob, terminating });
  }
  return out;
}

export function analyzeLeftoverNamespaces(input: NamespaceInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const found = leftoverNamespaces(input, o.now);
  const findings: Finding[] = found.map(({ ns, glob, terminating }) => {
    const name = ns.metadata.name;
    const created = ns.metadata.creationTimestamp ?? undefined;
    const lines: Finding['lines'] = [
      {
        text: `namespace ${name} matches ${glob}, created ${created ?? 'unknown'} (${age(created, o.now) ?? '?'} ago), older than ${input.rules.olderThan}`,
        time: created,
      },
    ];
    if (terminating)
      lines.push({ text: `Terminating since ${ns.metadata.deletionTimestamp}: a finalizer holds it`, time: ns.metadata.deletionTimestamp ?? undefined });
    const contents = input.contents?.get(name);
    if (contents) lines.push({ text: `still holds ${contents}` });
    return {
      status: terminating ? 'fail' : 'warn',
      headline: `${name} (${terminating ? 'stuck Terminating' : `${age(created, o.now) ?? '?'} old`})`,
      source: `namespace/${name}`,
      lines,
      bucket: 'replay-dedupe',
      replay: terminating ? o.kubectl('get', 'namespace', name, '-o', 'jsonpath={.spec.finalizers}') : o.kubectl('get', 'all,configmaps', '-n', name),
      weight: terminating ? 10 : 5,
    };
  });
  return conclude(findings, {
    kind: 'leftover',
    problem: (n) => `${plural(n, 'namespace')} left from earlier runs`,
    quiet: `no namespace matching ${input.rules.namespaces.join(', ')} is older than ${input.rules.olderThan}`,
    replay: o.kubectl('get', 'namespaces', '--sort-by', '.metadata.creationTimestamp'),
  });
}

export const leftoverNamespacesCheck = kubeCheck({
  name: 'leftover-namespaces',
  step: 'rerun',
  title: 'Namespaces left from earlier runs',
  async run(ctx, cluster) {
    const rules = leftoverRules(ctx.plan);
    if (!rules.namespaces.length) return { status: 'skip', summary: 'the plan lists no leftover namespace patterns', evidence: [] };
    const o = analyzeOptions(ctx, cluster);
    const namespaces = await listClusterObjects(cluster, 'namespaces', '', namespaceSchema);
    const keep = planNamespaces(ctx.plan);
    const found = leftoverNamespaces({ namespaces, rules, keep }, o.now).slice(0, LOOK_INSIDE);
    const contents = new Map<string, string>();
    await Promise.all(
      found.map(async ({ ns }) => {
        const name = ns.metadata.name;
        const [jobs, pods] = await Promise.all([cluster.list('jobs', 'batch', name), cluster.list('pods', '', name)]);
        const counts = [
          [parseItems(jobs, jobSchema, 'jobs').length, 'job'],
          [parseItems(pods, podSchema, 'pods').length, 'pod'],
        ] as const;
        const held = counts.filter(([n]) => n > 0).map(([n, what]) => plural(n, what));
        if (held.length) contents.set(name, held.join(', '));
      }),
    );
    return analyzeLeftoverNamespaces({ namespaces, rules, keep, contents }, o);
  },
});
