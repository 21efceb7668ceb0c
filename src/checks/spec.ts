import { z } from 'zod';
import { parseDuration } from '../plan/duration';

/** A duration as typed in a plan: `10s`, `5m`, `1h30m`. */
export const durationText = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 500ms, 10s, 5m, 2h' });

/** Fields every configurable check shares. */
export const checkSpecBase = z.object({
  /** Name within the step; defaults to `<kind>-<n>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore').optional(),
  title: z.string().optional(),
  timeout: durationText.optional(),
});

/** A literal string or a regular expression written as `/source/flags`. */
export const patternText = z.string().min(1);
