import { z } from 'zod';
import { defineKind } from './kind';
import { str, labels, metadataSchema } from './parts';

export const serviceSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({ type: str.nullish(), selector: labels.nullish() }).default({}),
  }),
);
export type Service = z.infer<typeof serviceSchema>;

export const services = defineKind({
  group: '',
  version: 'v1',
  plural: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  capture: true,
  schema: serviceSchema,
  printer: () => import('../replay/tables/services').then((m) => m.servicePrinter),
});
