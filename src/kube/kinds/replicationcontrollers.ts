import { defineKind } from './kind';

export const replicationcontrollers = defineKind({
  group: '',
  version: 'v1',
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  kind: 'ReplicationController',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
});
