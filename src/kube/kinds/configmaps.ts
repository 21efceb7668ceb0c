import { defineKind } from './kind';
import { keyedSchema } from './parts';

export const configmaps = defineKind({
  group: '',
  version: 'v1',
  plural: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
  capture: true,
  schema: keyedSchema,
  printer: () => import('../replay/tables/config').then((m) => m.configMapPrinter),
});
