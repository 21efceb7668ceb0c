import type { z } from 'zod';
import type { CheckOutcome, Fact, FactKind, StepId } from '../model';
import type { ClusterSource } from '../model/cluster';

/**
 * The part of the plan the check kinds here read. The walk hands every check the whole plan
 * (plan/schema.ts, which builds on these kinds); a built-in above checks/ that reads more of
 * it says so with `Check<Plan>` / `CheckContext<Plan>`.
 */
export interface CheckPlan {
  trace?: { services: readonly string[] };
}

/** What a running check may use. It never prints and never touches global state. */
export interface CheckContext<P extends CheckPlan = CheckPlan> {
  /** Aborted when the check's deadline passes or the person quits. */
  signal: AbortSignal;
  timeoutMs: number;
  plan: P;
  /** Relative paths in the plan resolve against this directory (the plan file's). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** The cluster under investigation (live or a bundle), when there is one. */
  cluster?: ClusterSource;
  /**
   * The signature library over lines a check read (pod logs, events): one fact per
   * signature and subject. Absent where no library is at hand; a check then says so.
   */
  signatures?: (lines: SignatureLine[]) => Promise<Fact[]>;
}

/** A line for the signature library, and what it is about when its source does not say. */
export interface SignatureLine {
  text: string;
  source: string;
  time?: string;
  object?: string;
  subject?: string;
  namespace?: string;
  /** Fills replay placeholders: {namespace}, {pod}, {container}, ... */
  context?: Record<string, string>;
  /** false: from a check that could not run; signatures may name it, the fallback does not guess. */
  guess?: false;
}

export interface Check<P extends CheckPlan = CheckPlan> {
  /** Unique within an investigation, `<step>/<name>`. */
  id: string;
  step: StepId;
  title: string;
  /** Overrides the runner's default deadline. */
  timeoutMs?: number;
  /**
   * What a failing result is about when the check states no facts itself: the plan's
   * name for the service behind an endpoint, the artifact's path. The runner makes one
   * fact of the result from it.
   */
  about?: { subject: string; kind: FactKind; object?: string };
  /** Its evidence is signature matches already: the walk does not match it again. */
  matchedInside?: boolean;
  run(ctx: CheckContext<P>): Promise<CheckOutcome>;
}

/** A kind of check a plan can configure (`http`, `tcp`, ...): one file each, listed in the registry. */
/** `Schema` is the kind's own zod object, so the registry can join every kind's into one union. */
export interface CheckKind<Spec extends { kind: string }, Schema extends z.ZodType<Spec> = z.ZodType<Spec>> {
  kind: Spec['kind'];
  /** Strict zod object for the plan entry, including the common fields of `checkSpecBase`. */
  schema: Schema;
  create(spec: Spec, step: StepId, index: number): Check;
}
