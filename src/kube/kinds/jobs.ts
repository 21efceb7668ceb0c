import { z } from 'zod';
import { defineKind, statusSubresource } from './kind';
import { str, metadataSchema, condition, labelSelector } from './parts';

export const jobSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z
      .looseObject({
        completions: z.number().nullish(),
        backoffLimit: z.number().nullish(),
        ttlSecondsAfterFinished: z.number().nullish(),
        selector: labelSelector.nullish(),
      })
      .default({}),
    status: z
      .looseObject({
        succeeded: z.number().nullish(),
        failed: z.number().nullish(),
        active: z.number().nullish(),
        startTime: str.nullish(),
        completionTime: str.nullish(),
        conditions: z.array(condition).nullish(),
      })
      .default({}),
  }),
);
export type Job = z.infer<typeof jobSchema>;

export const jobs = defineKind({
  group: 'batch',
  version: 'v1',
  plural: 'jobs',
  singular: 'job',
  kind: 'Job',
  namespaced: true,
  categories: ['all'],
  capture: true,
  subresources: [statusSubresource('Job')],
  schema: jobSchema,
  printer: () => import('../replay/tables/batch').then((m) => m.jobPrinter),
  workload: {
    podSelector: (j) => j.spec.selector,
    // Jobs count completions: succeeded of asked for, and the failed pods beside.
    readiness: (j) => ({ ready: j.status.succeeded ?? 0, desired: j.spec.completions ?? 1, ...(j.status.failed ? { failed: j.status.failed } : {}) }),
  },
});
