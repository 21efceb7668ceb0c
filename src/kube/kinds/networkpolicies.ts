import { defineKind } from './kind';

export const networkpolicies = defineKind({
  group: 'networking.k8s.io',
  version: 'v1',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  kind: 'NetworkPolicy',
  namespaced: true,
  shortNames: ['netpol'],
  capture: true,
});
