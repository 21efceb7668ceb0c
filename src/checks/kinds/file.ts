import { z } from 'zod';
import { checkSpecBase, durationText } from '../spec';
import type { CheckKind } from '../types';

export const fileSpec = checkSpecBase
  .extend({
    kind: z.literal('file'),
    /** A glob, relative to the plan's directory. */
    path: z.string(),
    nonEmpty: z.boolean().default(true),
    minLines: z.number().int().min(0).optional(),
    /** Newest match must be modified within this duration. */
    maxAge: durationText.optional(),
  })
  .strict();
export type FileSpec = z.infer<typeof fileSpec>;

export const fileKind: CheckKind<FileSpec> = {
  kind: 'file',
  schema: fileSpec,
  create() {
    throw new Error('file check: not implemented yet');
  },
};
