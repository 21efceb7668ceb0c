import { defineKind } from './kind';

export const resourcequotas = defineKind({
  group: '',
  version: 'v1',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  kind: 'ResourceQuota',
  namespaced: true,
  shortNames: ['quota'],
  capture: true,
});
