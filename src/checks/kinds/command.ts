import { z } from 'zod';
import { checkSpecBase } from '../spec';
import type { CheckKind } from '../types';

export const commandSpec = checkSpecBase
  .extend({
    kind: z.literal('command'),
    /** argv, run without a shell. */
    argv: z.array(z.string()).min(1),
    cwd: z.string().optional(),
    expectExit: z.number().int().default(0),
    /** A regex stdout+stderr must match. */
    outputMatches: z.string().optional(),
    outputMustNotMatch: z.string().optional(),
  })
  .strict();
export type CommandSpec = z.infer<typeof commandSpec>;

export const commandKind: CheckKind<CommandSpec> = {
  kind: 'command',
  schema: commandSpec,
  create() {
    throw new Error('command check: not implemented yet');
  },
};
