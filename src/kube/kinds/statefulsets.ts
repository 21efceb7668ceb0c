import { z } from 'zod';
import { defineKind, scaleSubresource, statusSubresource } from './kind';
import { str, metadataSchema, labelSelector } from './parts';

export const statefulSetSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish() }).default({}),
    status: z
      .looseObject({
        replicas: z.number().nullish(),
        readyReplicas: z.number().nullish(),
        updatedReplicas: z.number().nullish(),
        currentRevision: str.nullish(),
        updateRevision: str.nullish(),
        observedGeneration: z.number().nullish(),
      })
      .default({}),
  }),
);
export type StatefulSet = z.infer<typeof statefulSetSchema>;

export const statefulsets = defineKind({
  group: 'apps',
  version: 'v1',
  plural: 'statefulsets',
  singular: 'statefulset',
  kind: 'StatefulSet',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  capture: true,
  subresources: [scaleSubresource, statusSubresource('StatefulSet')],
  schema: statefulSetSchema,
  printer: () => import('../replay/tables/workloads').then((m) => m.statefulSetPrinter),
  workload: {
    podSelector: (s) => s.spec.selector,
    readiness: (s) => ({ ready: s.status.readyReplicas ?? 0, desired: s.spec.replicas ?? 1 }),
  },
});
