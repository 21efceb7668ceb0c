import { z } from 'zod';
import { defineKind } from './kind';
import { str, metadataSchema } from './parts';

const endpointAddress = z.lazy(() =>
  z.looseObject({
    ip: str.nullish(),
    targetRef: z.looseObject({ kind: str.nullish(), name: str.nullish(), namespace: str.nullish() }).nullish(),
  }),
);

export const endpointsSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    subsets: z.array(z.looseObject({ addresses: z.array(endpointAddress).nullish(), notReadyAddresses: z.array(endpointAddress).nullish() })).nullish(),
  }),
);
export type Endpoints = z.infer<typeof endpointsSchema>;

export const endpoints = defineKind({
  group: '',
  version: 'v1',
  plural: 'endpoints',
  singular: 'endpoints',
  kind: 'Endpoints',
  namespaced: true,
  shortNames: ['ep'],
  capture: true,
  schema: endpointsSchema,
});
