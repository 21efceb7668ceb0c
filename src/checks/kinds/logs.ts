import { z } from 'zod';
import { checkSpecBase, durationText } from '../spec';
import type { CheckKind } from '../types';

export const logsSpec = checkSpecBase
  .extend({
    kind: z.literal('logs'),
    /** Exactly one of path (a file) or argv (a command whose output is the log). */
    path: z.string().optional(),
    argv: z.array(z.string()).min(1).optional(),
    tail: z.number().int().positive().default(200),
    /** Only lines whose timestamp is within this duration (lines without one are kept). */
    since: durationText.optional(),
    mustMatch: z.array(z.string()).default([]),
    mustNotMatch: z.array(z.string()).default([]),
  })
  .strict()
  .refine((s) => (s.path === undefined) !== (s.argv === undefined), {
    message: 'give exactly one of path or argv',
    path: ['path'],
  });
export type LogsSpec = z.infer<typeof logsSpec>;

export const logsKind: CheckKind<LogsSpec> = {
  kind: 'logs',
  schema: logsSpec,
  create() {
    throw new Error('logs check: not implemented yet');
  },
};
