// What every built-in Kubernetes check shares: the cluster or a skip, namespaced lists parsed
// at the boundary, the cluster's clock, and replay commands a person can paste.
import type { z } from 'zod';
import type { CheckOutcome, StepId } from '../../model';
import type { Check, CheckContext } from '../../checks/types';
import type { ClusterSource } from '../../model/cluster';
import type { Plan } from '../../plan/schema';
import { parseItemsInSlices } from '../analyze/resources';
import { shellQuote } from '../../checks/shell';

export const NO_CLUSTER_SKIP_SUMMARY = 'no cluster: pass --bundle or a kube context';

/** Builds a paste-able kubectl command line that reaches the same cluster. */
export type Kubectl = (...args: string[]) => string;

/** What a pure analyzer needs besides the resources. */
export interface AnalyzeOptions {
  /** The cluster's "now": a bundle's capture time, or the clock. */
  now: Date;
  kubectl: Kubectl;
  /** `-n shop` or `-A`: the namespaces the plan looks at, for replay commands. */
  scope: string[];
}

export function kubectlFor(flags: readonly string[]): Kubectl {
  return (...args) => ['kubectl', ...flags, ...args].map(shellQuote).join(' ');
}

export function analyzeOptions(ctx: CheckContext<Plan>, cluster: ClusterSource): AnalyzeOptions {
  const captured = cluster.capturedAt ? new Date(cluster.capturedAt) : undefined;
  return {
    now: captured && Number.isFinite(captured.getTime()) ? captured : ctx.now(),
    kubectl: kubectlFor(cluster.kubectlFlags),
    scope: scopeFlags(ctx.plan.namespaces),
  };
}

export interface KubeCheckDefinition {
  name: string;
  step: StepId;
  title: string;
  run(ctx: CheckContext<Plan>, cluster: ClusterSource): Promise<CheckOutcome>;
}

/** A check that needs a cluster: without one it skips and says how to give it one. */
export function kubeCheck(def: KubeCheckDefinition): Check<Plan> {
  return {
    id: `${def.step}/${def.name}`,
    step: def.step,
    title: def.title,
    run: async (ctx) => (ctx.cluster ? def.run(ctx, ctx.cluster) : { status: 'skip', summary: NO_CLUSTER_SKIP_SUMMARY, evidence: [] }),
  };
}

export interface ListOptions {
  labelSelector?: string;
  /** Namespaces to read besides the plan's (a plan job's own), when the plan names any. */
  alsoIn?: readonly string[];
}

/** One kind of object across the plan's namespaces (all of them when the plan names none). */
export async function listObjects<S extends z.ZodType>(
  ctx: CheckContext<Plan>,
  cluster: ClusterSource,
  plural: string,
  group: string,
  schema: S,
  options: ListOptions = {},
): Promise<z.infer<S>[]> {
  const namespaces = ctx.plan.namespaces.length ? [...new Set([...ctx.plan.namespaces, ...(options.alsoIn ?? [])])] : [];
  const lists = namespaces.length
    ? await Promise.all(namespaces.map((ns) => cluster.list(plural, group, ns, options.labelSelector)))
    : [await cluster.list(plural, group, undefined, options.labelSelector)];
  const parsed: z.infer<S>[][] = [];
  for (const list of lists) parsed.push(await parseItemsInSlices(list, schema, plural));
  return parsed.flat();
}

/** A cluster-scoped kind (nodes, namespaces). */
export async function listClusterObjects<S extends z.ZodType>(cluster: ClusterSource, plural: string, group: string, schema: S): Promise<z.infer<S>[]> {
  return parseItemsInSlices(await cluster.list(plural, group), schema, plural);
}

/** `-n shop` for one namespace, `-A` otherwise: the scope a replay command covers. */
function scopeFlags(namespaces: readonly string[]): string[] {
  return namespaces.length === 1 ? ['-n', namespaces[0]!] : ['-A'];
}
