import { STEP_IDS } from '../model';
import type { Check } from '../checks/types';
import { createCheck } from '../checks/registry';
import type { Plan } from './schema';

/** Every check a plan asks for: the explicit `checks:` entries of each step. */
export function checksFor(plan: Plan): Check[] {
  return STEP_IDS.flatMap((step) => (plan.checks?.[step] ?? []).map((spec, i) => createCheck(spec, step, i)));
}
