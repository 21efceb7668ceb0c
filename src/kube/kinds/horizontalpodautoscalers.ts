import { z } from 'zod';
import { defineKind } from './kind';
import { str, metadataSchema, condition } from './parts';

const metricValue = z.lazy(() =>
  z.looseObject({ averageUtilization: z.number().nullish(), averageValue: z.union([str, z.number()]).nullish(), value: z.union([str, z.number()]).nullish() }),
);
const metricBody = z.lazy(() =>
  z.looseObject({ name: str.optional(), target: metricValue.nullish(), current: metricValue.nullish(), metric: z.looseObject({ name: str }).nullish() }),
);
const metricSpec = z.lazy(() =>
  z.looseObject({
    type: str,
    resource: metricBody.nullish(),
    containerResource: metricBody.nullish(),
    pods: metricBody.nullish(),
    object: metricBody.nullish(),
    external: metricBody.nullish(),
  }),
);
export type MetricSpec = z.infer<typeof metricSpec>;

export const hpaSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    spec: z.looseObject({
      maxReplicas: z.number(),
      minReplicas: z.number().nullish(),
      scaleTargetRef: z.looseObject({ kind: str, name: str }),
      metrics: z.array(metricSpec).nullish(),
    }),
    status: z
      .looseObject({
        currentReplicas: z.number().nullish(),
        desiredReplicas: z.number().nullish(),
        currentMetrics: z.array(metricSpec).nullish(),
        conditions: z.array(condition).nullish(),
        lastScaleTime: str.nullish(),
      })
      .default({}),
  }),
);
export type HorizontalPodAutoscaler = z.infer<typeof hpaSchema>;

export const horizontalpodautoscalers = defineKind({
  group: 'autoscaling',
  version: 'v2',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  capture: true,
  schema: hpaSchema,
  printer: () => import('../replay/tables/autoscaling').then((m) => m.hpaPrinter),
});
