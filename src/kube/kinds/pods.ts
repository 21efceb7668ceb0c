import { z } from 'zod';
import { defineKind, statusSubresource } from './kind';
import { str, metadataSchema, condition, container, volume, containerStatus } from './parts';

export const podSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z
      .looseObject({
        nodeName: str.nullish(),
        containers: z.array(container).default([]),
        initContainers: z.array(container).nullish(),
        volumes: z.array(volume).nullish(),
      })
      .default({ containers: [] }),
    status: z
      .looseObject({
        phase: str.optional(),
        reason: str.nullish(),
        message: str.nullish(),
        conditions: z.array(condition).nullish(),
        containerStatuses: z.array(containerStatus).nullish(),
        initContainerStatuses: z.array(containerStatus).nullish(),
        startTime: str.nullish(),
      })
      .default({}),
  }),
);
export type Pod = z.infer<typeof podSchema>;

export const pods = defineKind({
  group: '',
  version: 'v1',
  plural: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  capture: true,
  subresources: [{ name: 'log', kind: 'Pod' }, statusSubresource('Pod')],
  schema: podSchema,
  printer: () => import('../replay/tables/pods').then((m) => m.podPrinter),
});
