import { defineKind } from './kind';

export const limitranges = defineKind({
  group: '',
  version: 'v1',
  plural: 'limitranges',
  singular: 'limitrange',
  kind: 'LimitRange',
  namespaced: true,
  shortNames: ['limits'],
});
