import { z } from 'zod';
import { defineKind } from './kind';
import { str, metadataSchema } from './parts';

export const pvcSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({ storageClassName: str.nullish(), volumeName: str.nullish() }).default({}),
    status: z.looseObject({ phase: str.optional() }).default({}),
  }),
);
export type PersistentVolumeClaim = z.infer<typeof pvcSchema>;

export const persistentvolumeclaims = defineKind({
  group: '',
  version: 'v1',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  shortNames: ['pvc'],
  capture: true,
  schema: pvcSchema,
  printer: () => import('../replay/tables/config').then((m) => m.persistentVolumeClaimPrinter),
});
