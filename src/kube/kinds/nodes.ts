import { z } from 'zod';
import { defineKind, statusSubresource } from './kind';
import { str, metadataSchema, condition } from './parts';

export const nodeSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z
      .looseObject({ unschedulable: z.boolean().nullish(), taints: z.array(z.looseObject({ key: str, effect: str, value: str.nullish() })).nullish() })
      .default({}),
    status: z
      .looseObject({
        conditions: z.array(condition).nullish(),
        nodeInfo: z.looseObject({ kubeletVersion: str.optional() }).nullish(),
      })
      .default({}),
  }),
);
export type Node = z.infer<typeof nodeSchema>;

export const nodes = defineKind({
  group: '',
  version: 'v1',
  plural: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  shortNames: ['no'],
  capture: true,
  subresources: [statusSubresource('Node')],
  schema: nodeSchema,
  printer: () => import('../replay/tables/nodes').then((m) => m.nodePrinter),
});
