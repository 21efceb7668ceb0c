import { defineKind } from './kind';

export const serviceaccounts = defineKind({
  group: '',
  version: 'v1',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  kind: 'ServiceAccount',
  namespaced: true,
  shortNames: ['sa'],
  capture: true,
});
