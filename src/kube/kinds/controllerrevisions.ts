// A StatefulSet's or DaemonSet's pod template per revision: what the change timeline compares.
import { z } from 'zod';
import { defineKind } from './kind';
import { metadataSchema, podTemplate } from './parts';

/** A StatefulSet's or DaemonSet's pod template at one revision (`data` is a strategic-merge patch that replaces the template). */
export const controllerRevisionSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    revision: z.number(),
    data: z.looseObject({ spec: z.looseObject({ template: podTemplate.nullish() }).nullish() }).nullish(),
  }),
);
export type ControllerRevision = z.infer<typeof controllerRevisionSchema>;

export const controllerrevisions = defineKind({
  group: 'apps',
  version: 'v1',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  kind: 'ControllerRevision',
  namespaced: true,
  capture: true,
  schema: controllerRevisionSchema,
});
