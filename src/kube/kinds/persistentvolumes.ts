import { defineKind } from './kind';

export const persistentvolumes = defineKind({
  group: '',
  version: 'v1',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  kind: 'PersistentVolume',
  namespaced: false,
  shortNames: ['pv'],
  capture: true,
});
