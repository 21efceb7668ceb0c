import type { z } from 'zod';
import type { CheckOutcome, StepId } from '../model';
import type { Plan } from '../plan/schema';
import type { ClusterSource } from '../kube/cluster';

/** What a running check may use. It never prints and never touches global state. */
export interface CheckContext {
  /** Aborted when the check's deadline passes or the person quits. */
  signal: AbortSignal;
  timeoutMs: number;
  plan: Plan;
  /** Relative paths in the plan resolve against this directory (the plan file's). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** The cluster under investigation (live or a bundle), when there is one. */
  cluster?: ClusterSource;
}

export interface Check {
  /** Unique within an investigation, `<step>/<name>`. */
  id: string;
  step: StepId;
  title: string;
  /** Overrides the runner's default deadline. */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** A kind of check a plan can configure (`http`, `tcp`, ...): one file each, listed in the registry. */
export interface CheckKind<Spec extends { kind: string }> {
  kind: Spec['kind'];
  /** Strict zod object for the plan entry, including the common fields of `checkSpecBase`. */
  schema: z.ZodType<Spec>;
  create(spec: Spec, step: StepId, index: number): Check;
}
