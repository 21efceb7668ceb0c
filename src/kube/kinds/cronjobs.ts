import { defineKind } from './kind';

export const cronjobs = defineKind({
  group: 'batch',
  version: 'v1',
  plural: 'cronjobs',
  singular: 'cronjob',
  kind: 'CronJob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  capture: true,
  printer: () => import('../replay/tables/batch').then((m) => m.cronJobPrinter),
});
