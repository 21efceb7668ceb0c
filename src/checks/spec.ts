import { z } from 'zod';
import type { StepId } from '../model';
import { parseDuration, parsePositiveDuration } from '../model/duration';
import { linearPatternProblem } from '../pattern/check';

/** A duration as typed in a plan: `10s`, `5m`, `1h30m`. */
export const durationText = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 500ms, 10s, 5m, 2h' })
  .refine((s) => parseDuration(s) === undefined || parsePositiveDuration(s) !== undefined, {
    message: 'must be above zero (a 0s deadline or window would end or match nothing)',
  });

/** Fields every configurable check shares. */
export const checkSpecBase = z.object({
  /** Name within the step; defaults to `<kind>-<n>`. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore')
    .optional(),
  title: z.string().optional(),
  timeout: durationText.optional(),
});

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * A regular expression's source, checked where the plan is read so a typo fails there, not
 * mid-walk: it compiles, and it is held to the rules of signature patterns (the syntax
 * common to RE2 and JavaScript, nothing that can backtrack without bound), so a plan's
 * regex cannot hang a walk on a long line either.
 */
export const regexText = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    const problem = compiles(source) ? linearPatternProblem(source) : 'not a valid regular expression';
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The id, step, title and deadline of a check made from a plan entry. */
export function checkIdentity(
  spec: { kind: string; name?: string; title?: string; timeout?: string },
  step: StepId,
  index: number,
  defaultTitle: string,
): { id: string; step: StepId; title: string; timeoutMs?: number } {
  const timeoutMs = spec.timeout === undefined ? undefined : parseDuration(spec.timeout);
  return {
    id: `${step}/${spec.name ?? `${spec.kind}-${index + 1}`}`,
    step,
    title: spec.title ?? defaultTitle,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}

/**
 * How long a check may take before it reports on its own: a little under the runner's
 * deadline, so a slow target yields the check's own evidence instead of a bare "timed out".
 */
export function ownDeadlineMs(timeoutMs: number): number {
  return Math.max(1, timeoutMs - Math.min(500, Math.round(timeoutMs * 0.1)));
}
