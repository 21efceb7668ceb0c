import { defineKind } from './kind';

export const storageclasses = defineKind({
  group: 'storage.k8s.io',
  version: 'v1',
  plural: 'storageclasses',
  singular: 'storageclass',
  kind: 'StorageClass',
  namespaced: false,
  shortNames: ['sc'],
  capture: true,
});
