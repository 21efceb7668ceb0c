import { z } from 'zod';
import { checkSpecBase } from '../spec';
import type { CheckKind } from '../types';

export const httpSpec = checkSpecBase
  .extend({
    kind: z.literal('http'),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
    url: z.url(),
    headers: z
      .array(z.strictObject({ name: z.string(), value: z.string().optional(), fromEnv: z.string().optional() }))
      .default([]),
    body: z.string().optional(),
    expectStatus: z.union([z.number().int(), z.array(z.number().int())]).default(200),
    /** A regex the body must match. */
    bodyMatches: z.string().optional(),
    /** A dotted JSON path in the body and the value it must have (`sha`, `build.commit`). */
    jsonField: z.strictObject({ path: z.string(), equals: z.string().optional(), matches: z.string().optional() }).optional(),
  })
  .strict();
export type HttpSpec = z.infer<typeof httpSpec>;

export const httpKind: CheckKind<HttpSpec> = {
  kind: 'http',
  schema: httpSpec,
  create() {
    throw new Error('http check: not implemented yet');
  },
};
