import { z } from 'zod';
import { defineKind } from './kind';
import { str, metadataSchema } from './parts';

export const namespaceSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    status: z.looseObject({ phase: str.optional() }).default({}),
  }),
);
export type Namespace = z.infer<typeof namespaceSchema>;

export const namespaces = defineKind({
  group: '',
  version: 'v1',
  plural: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  shortNames: ['ns'],
  capture: true,
  schema: namespaceSchema,
  printer: () => import('../replay/tables/config').then((m) => m.namespacePrinter),
});
