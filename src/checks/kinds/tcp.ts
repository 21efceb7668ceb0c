import { z } from 'zod';
import { checkSpecBase } from '../spec';
import type { CheckKind } from '../types';

export const tcpSpec = checkSpecBase
  .extend({ kind: z.literal('tcp'), host: z.string(), port: z.number().int().min(1).max(65535) })
  .strict();
export type TcpSpec = z.infer<typeof tcpSpec>;

export const tcpKind: CheckKind<TcpSpec> = {
  kind: 'tcp',
  schema: tcpSpec,
  create() {
    throw new Error('tcp check: not implemented yet');
  },
};
