import { z } from 'zod';
import { defineKind } from './kind';
import { str, metadataSchema } from './parts';

export const eventSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    type: str.nullish(),
    reason: str.nullish(),
    message: str.nullish(),
    count: z.number().nullish(),
    firstTimestamp: str.nullish(),
    lastTimestamp: str.nullish(),
    eventTime: str.nullish(),
    series: z.looseObject({ count: z.number().nullish(), lastObservedTime: str.nullish() }).nullish(),
    involvedObject: z.looseObject({ kind: str.optional(), namespace: str.optional(), name: str.optional(), fieldPath: str.optional() }).default({}),
  }),
);
export type KubeEvent = z.infer<typeof eventSchema>;

export const events = defineKind({
  group: '',
  version: 'v1',
  plural: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  capture: true,
  schema: eventSchema,
  printer: () => import('../replay/tables/events').then((m) => m.eventPrinter),
});
