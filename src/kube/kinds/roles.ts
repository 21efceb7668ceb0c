import { defineKind } from './kind';

export const roles = defineKind({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  plural: 'roles',
  singular: 'role',
  kind: 'Role',
  namespaced: true,
  capture: true,
});
