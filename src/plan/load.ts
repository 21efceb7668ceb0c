import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors';
import { ONCE, parseYaml } from '../yaml-input';
import { planSchema, type Plan } from './schema';

export { parseYaml };

export interface LoadedPlan {
  plan: Plan;
  /** The plan file, or undefined for the empty default plan. */
  file?: string;
  baseDir: string;
}

export function parsePlan(text: string, file: string): Plan {
  return parseYaml(text, file, planSchema);
}

/** The plan to use: `--plan FILE`, else ./triage.yaml if present, else an empty plan. */
export function loadPlan(cwd: string, planFlag?: string): LoadedPlan {
  const file = planFlag ? resolve(cwd, planFlag) : resolve(cwd, 'triage.yaml');
  if (!existsSync(file)) {
    if (planFlag) throw new InputError(planFlag, undefined, undefined, 'plan file not found');
    return { plan: planSchema.parse({}, ONCE), baseDir: cwd };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
  }
  return { plan: parsePlan(text, file), file, baseDir: dirname(file) };
}
