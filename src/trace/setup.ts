import { parseDuration } from '../model/duration';
import type { Plan } from '../plan/schema';
import { parseSourceSpec } from './sources';
import type { KubeAccess } from './sources/kube-access';
import type { TraceSource } from './types';

export interface SourceChoice {
  /** `--source` specs, relative to `cwd`. When given, they are the only sources. */
  specs: readonly string[];
  cwd: string;
  plan: Plan;
  /** Where the plan's relative paths resolve. */
  planDir: string;
  /** Pods and events, when there is a cluster or a bundle. */
  kube?: KubeAccess;
  /** Namespaces whose pods and events to read; none means every namespace. */
  namespaces: readonly string[];
}

/** The specs read when none are given: the plan's sources and stores, then pods and events. */
function defaultSpecs(plan: Plan, kube: KubeAccess | undefined, namespaces: readonly string[]): { spec: string; fromPlan: boolean }[] {
  const trace = plan.trace;
  const specs = (trace?.sources ?? []).map((spec) => ({ spec, fromPlan: true }));
  if (trace?.postgres) specs.push({ spec: `postgres:${trace.postgres.url}`, fromPlan: true });
  if (trace?.redis) specs.push({ spec: `redis:${trace.redis.url}`, fromPlan: true });
  if (kube) {
    for (const ns of namespaces.length ? namespaces : ['*']) specs.push({ spec: `pods:${ns}`, fromPlan: false }, { spec: `events:${ns}`, fromPlan: false });
  }
  return specs;
}

/** Sources for a trace: the `--source` specs, else the plan's and the cluster's. Bad specs throw InputError. */
export function chooseSources(choice: SourceChoice): TraceSource[] {
  const env = { trace: choice.plan.trace, kube: choice.kube };
  if (choice.specs.length > 0) return choice.specs.map((spec) => parseSourceSpec(spec, { ...env, baseDir: choice.cwd }));
  return defaultSpecs(choice.plan, choice.kube, choice.namespaces).map(({ spec, fromPlan }) =>
    parseSourceSpec(spec, { ...env, baseDir: fromPlan ? choice.planDir : choice.cwd }),
  );
}

/** What the plan says about following a trace, with the defaults filled in. */
export function traceSettings(plan: Plan) {
  return {
    services: plan.trace?.services ?? [],
    idPatterns: plan.trace?.idPatterns ?? [],
    gapMs: (plan.trace?.gap ? parseDuration(plan.trace.gap) : undefined) ?? 30_000,
  };
}
