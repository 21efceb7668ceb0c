import { z } from 'zod';
import { defineKind, scaleSubresource, statusSubresource } from './kind';
import { metadataSchema, labelSelector, podTemplate } from './parts';

export const replicaSetSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish(), template: podTemplate.nullish() }).default({}),
    status: z.looseObject({ replicas: z.number().nullish(), readyReplicas: z.number().nullish() }).default({}),
  }),
);
export type ReplicaSet = z.infer<typeof replicaSetSchema>;

export const replicasets = defineKind({
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  capture: true,
  subresources: [scaleSubresource, statusSubresource('ReplicaSet')],
  schema: replicaSetSchema,
  printer: () => import('../replay/tables/workloads').then((m) => m.replicaSetPrinter),
  workload: { podSelector: (r) => r.spec.selector },
});
