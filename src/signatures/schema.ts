import { z } from 'zod';
import { BUCKETS, CLASSES, SEVERITIES, STEP_IDS } from '../model';
import { escapeLiteral, linearityProblem, parsePattern, PatternError } from './regex';

/** Where a signature applies: plain logs, Kubernetes events and object states, test reports. */
export const SIGNATURE_SCOPES = ['logs', 'events', 'tests'] as const;
export type SignatureScope = (typeof SIGNATURE_SCOPES)[number];

/** Checks a pattern with the linear-time rules; the message names the position. */
function checkPattern(source: string, ctx: z.RefinementCtx, path: PropertyKey[]): void {
  try {
    const parsed = parsePattern(source);
    const problem = linearityProblem(parsed.tree, parsed.ignoreCase);
    if (problem) ctx.addIssue({ code: 'custom', path, message: `${problem.reason} (at character ${problem.offset + 1})` });
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    ctx.addIssue({ code: 'custom', path, message: `${error.message} (at character ${error.offset + 1})` });
  }
}

const patternSchema = z
  .strictObject({
    /** A regular expression in the syntax common to RE2 and JavaScript; `(?i)` first ignores case. */
    regex: z.string().min(1).optional(),
    /** Text matched as is, case-sensitively. */
    literal: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.regex === undefined) === (p.literal === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of regex or literal' });
      return;
    }
    if (p.regex !== undefined) checkPattern(p.regex, ctx, ['regex']);
  });
export type PatternSpec = z.infer<typeof patternSchema>;

/** The regex source of a pattern: literals escaped. */
export function patternSource(p: PatternSpec): string {
  return p.regex ?? escapeLiteral(p.literal!);
}

const matchSchema = z
  .strictObject({
    any: z.array(patternSchema).min(1).optional(),
    all: z.array(patternSchema).min(1).optional(),
    /** For `all`: every pattern within this many consecutive lines (1 = the same line). */
    window: z.number().int().min(1).max(1000).optional(),
    /**
     * A line that also matches one of these is not a match: for the healthy lines that carry the
     * signature's own words (an INFO line reporting a result, a notice that a job waits).
     */
    unless: z.array(patternSchema).min(1).optional(),
    in: z.array(z.enum(SIGNATURE_SCOPES)).min(1).optional(),
  })
  .superRefine((m, ctx) => {
    if ((m.any === undefined) === (m.all === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of any or all' });
    if (m.window !== undefined && m.all === undefined) ctx.addIssue({ code: 'custom', path: ['window'], message: 'window only applies to all' });
  });

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const signatureSchema = z.strictObject({
  id: z.string().regex(kebab, 'an id is kebab-case: lower-case letters, digits and single dashes'),
  title: z.string().min(1),
  bucket: z.enum(BUCKETS),
  class: z.enum(CLASSES),
  step: z.enum(STEP_IDS),
  severity: z.enum(SEVERITIES),
  match: matchSchema,
  /** "check X because Y". */
  hypothesis: z.string().min(1),
  /** The next inspection surface. */
  next: z.string().min(1),
  remediation: z.string().min(1).optional(),
  /** A command template: {namespace}, {pod}, {container}, {file}, {line}, {trace} and named groups. */
  replay: z.string().min(1).optional(),
  refs: z.array(z.string()).default([]),
  examples: z.strictObject({
    match: z.array(z.string()).min(2, 'give at least two lines that must match'),
    nomatch: z.array(z.string()).min(2, 'give at least two lines that must not match'),
  }),
});

export type SignatureSpec = z.infer<typeof signatureSchema>;

/** A loaded signature and the file it came from. */
export interface Signature extends SignatureSpec {
  file: string;
  /** Its position when the file holds a list (a family). */
  index?: number;
}
