import { z } from 'zod';
import { defineKind, statusSubresource } from './kind';
import { metadataSchema, labelSelector } from './parts';

export const daemonSetSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({ selector: labelSelector.nullish() }).default({}),
    status: z
      .looseObject({
        desiredNumberScheduled: z.number().default(0),
        numberReady: z.number().default(0),
        numberAvailable: z.number().nullish(),
        numberUnavailable: z.number().nullish(),
        numberMisscheduled: z.number().nullish(),
        updatedNumberScheduled: z.number().nullish(),
        observedGeneration: z.number().nullish(),
      })
      .default({ desiredNumberScheduled: 0, numberReady: 0 }),
  }),
);
export type DaemonSet = z.infer<typeof daemonSetSchema>;

export const daemonsets = defineKind({
  group: 'apps',
  version: 'v1',
  plural: 'daemonsets',
  singular: 'daemonset',
  kind: 'DaemonSet',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  capture: true,
  subresources: [statusSubresource('DaemonSet')],
  schema: daemonSetSchema,
  printer: () => import('../replay/tables/workloads').then((m) => m.daemonSetPrinter),
  workload: {
    podSelector: (d) => d.spec.selector,
    readiness: (d) => ({ ready: d.status.numberReady, desired: d.status.desiredNumberScheduled }),
  },
});
