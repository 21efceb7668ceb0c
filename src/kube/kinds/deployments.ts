import { z } from 'zod';
import { defineKind, scaleSubresource, statusSubresource } from './kind';
import { metadataSchema, condition, labelSelector, podTemplate } from './parts';

export const deploymentSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z
      .looseObject({ replicas: z.number().nullish(), selector: labelSelector.nullish(), paused: z.boolean().nullish(), template: podTemplate.nullish() })
      .default({}),
    status: z
      .looseObject({
        replicas: z.number().nullish(),
        readyReplicas: z.number().nullish(),
        availableReplicas: z.number().nullish(),
        updatedReplicas: z.number().nullish(),
        unavailableReplicas: z.number().nullish(),
        observedGeneration: z.number().nullish(),
        conditions: z.array(condition).nullish(),
      })
      .default({}),
  }),
);
export type Deployment = z.infer<typeof deploymentSchema>;

export const deployments = defineKind({
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  capture: true,
  subresources: [scaleSubresource, statusSubresource('Deployment')],
  schema: deploymentSchema,
  printer: () => import('../replay/tables/workloads').then((m) => m.deploymentPrinter),
  workload: {
    podSelector: (d) => d.spec.selector,
    readiness: (d) => ({ ready: d.status.readyReplicas ?? 0, desired: d.spec.replicas ?? 1 }),
  },
});
