import { z } from 'zod';
import { checkSpecBase } from '../spec';
import type { CheckKind } from '../types';

export const junitSpec = checkSpecBase
  .extend({
    kind: z.literal('junit'),
    /** Globs of JUnit XML reports. */
    paths: z.array(z.string()).min(1),
  })
  .strict();
export type JunitSpec = z.infer<typeof junitSpec>;

export const junitKind: CheckKind<JunitSpec> = {
  kind: 'junit',
  schema: junitSpec,
  create() {
    throw new Error('junit check: not implemented yet');
  },
};
