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
  schema: keyedSchema,
  printer: () => import('../replay/tables/config').then((m) => m.secretPrinter),
});
