import { defineKind } from './kind';
import { keyedSchema } from './parts';

export const secrets = defineKind({
  group: '',
  version: 'v1',
  plural: 'secrets',
  singular: 'secret',
  kind: 'Secret',
  namespaced: true,
  capture: true,
  // Names and keys only, on the wire too.
  metadataOnly: true,
  schema: keyedSchema,
  printer: () => import('../replay/tables/config').then((m) => m.secretPrinter),
});
