// The assembly of a walk: the plan and the built-ins of every layer (plan sections, the
// cluster, the trace) turned into the checks the runner runs. It sits above plan/, kube/ and
// trace/ so that none of them has to know the others.
import { STEP_IDS } from '../model';
import type { Check } from '../checks/types';
import { createCheck } from '../checks/registry';
import type { Plan } from '../plan/schema';
import { artifactChecks, healthChecks, junitReportChecks, logChecks, portChecks, requiredEnvChecks } from '../plan/section-checks';
import { deployedBuildChecks } from '../plan/deployed-build';
import { commitChecks } from '../plan/commits';
import { leftoverPathChecks } from '../plan/leftovers';
import { traceChecks } from '../trace/check';
import { kubeChecks } from '../kube/checks/index';

/** Turns one part of the plan into checks. */
type CheckProvider = (plan: Plan) => Check<Plan>[];

/** The explicit `checks:` entries of each step. */
function explicitChecks(plan: Plan): Check<Plan>[] {
  return STEP_IDS.flatMap((step) => (plan.checks?.[step] ?? []).map((spec, i) => createCheck(spec, step, i)));
}

/** Every source of checks, one line each; built-ins that read the cluster join here. */
const PROVIDERS: readonly CheckProvider[] = [
  junitReportChecks,
  healthChecks,
  portChecks,
  deployedBuildChecks,
  commitChecks,
  requiredEnvChecks,
  leftoverPathChecks,
  artifactChecks,
  logChecks,
  kubeChecks,
  traceChecks,
  explicitChecks,
];

/** A second check with an id already taken gets `-2`, `-3`, ...: results are keyed by id. */
function uniqueIds(checks: Check<Plan>[]): Check<Plan>[] {
  const seen = new Set<string>();
  return checks.map((check) => {
    let id = check.id;
    for (let n = 2; seen.has(id); n++) id = `${check.id}-${n}`;
    seen.add(id);
    return id === check.id ? check : { ...check, id };
  });
}

/** Every check a plan asks for, in step order: its sections expanded, then its explicit `checks:`. */
export function checksFor(plan: Plan): Check<Plan>[] {
  const checks = PROVIDERS.flatMap((provide) => provide(plan));
  const order = (c: Check<Plan>) => STEP_IDS.indexOf(c.step);
  return uniqueIds(
    checks
      .map((c, i) => ({ c, i }))
      .sort((a, b) => order(a.c) - order(b.c) || a.i - b.i)
      .map(({ c }) => c),
  );
}
