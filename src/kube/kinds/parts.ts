// The pieces the kinds' schemas share: metadata, conditions, selectors, containers, pod templates.
// Schemas are loose: a newer API server adds fields, and only these are trusted inside.
// Each is built on its first parse (z.lazy): a command that reads no cluster, and the
// workbench's first frame, do not pay for building ~370 zod nodes at import.
import { z } from 'zod';

export const str = z.string();
export const labels = z.record(str, str);

export const metadataSchema = z.lazy(() =>
  z.looseObject({
    name: str,
    namespace: str.optional(),
    uid: str.optional(),
    labels: labels.optional(),
    annotations: labels.optional(),
    creationTimestamp: str.nullish(),
    deletionTimestamp: str.nullish(),
    ownerReferences: z.array(z.looseObject({ kind: str, name: str, uid: str.optional(), controller: z.boolean().optional() })).optional(),
    /** Bumped by every spec change; compared with status.observedGeneration. */
    generation: z.number().nullish(),
    /** Who last wrote which fields, and when: the only update time the API keeps. */
    managedFields: z.array(z.looseObject({ manager: str.nullish(), operation: str.nullish(), time: str.nullish(), subresource: str.nullish() })).nullish(),
  }),
);
export type Metadata = z.infer<typeof metadataSchema>;

export const condition = z.lazy(() =>
  z.looseObject({
    type: str,
    status: str,
    reason: str.nullish(),
    message: str.nullish(),
    lastTransitionTime: str.nullish(),
    lastHeartbeatTime: str.nullish(),
    /** Deployments: when the condition last progressed, without changing status. */
    lastUpdateTime: str.nullish(),
  }),
);

export const labelSelector = z.lazy(() =>
  z.looseObject({
    matchLabels: labels.nullish(),
    matchExpressions: z.array(z.looseObject({ key: str, operator: str, values: z.array(str).nullish() })).nullish(),
  }),
);
export type LabelSelector = z.infer<typeof labelSelector>;

const keyRef = z.lazy(() => z.looseObject({ name: str.optional(), key: str, optional: z.boolean().nullish() }));
const objectRef = z.lazy(() => z.looseObject({ name: str.optional(), optional: z.boolean().nullish() }));
const keyItems = z.lazy(() => z.array(z.looseObject({ key: str })).nullish());
const quantities = z.lazy(() => z.record(str, z.union([str, z.number()])));
export const container = z.lazy(() =>
  z.looseObject({
    name: str,
    image: str.optional(),
    env: z
      .array(
        z.looseObject({
          name: str,
          /** Compared between revisions, never shown: a literal value may be a secret. */
          value: str.nullish(),
          valueFrom: z.looseObject({ secretKeyRef: keyRef.nullish(), configMapKeyRef: keyRef.nullish() }).nullish(),
        }),
      )
      .nullish(),
    envFrom: z.array(z.looseObject({ secretRef: objectRef.nullish(), configMapRef: objectRef.nullish(), prefix: str.nullish() })).nullish(),
    /** Compared between revisions, never shown: a flag may carry a password. */
    command: z.array(str).nullish(),
    args: z.array(str).nullish(),
    resources: z.looseObject({ limits: quantities.nullish(), requests: quantities.nullish() }).nullish(),
  }),
);
export const volume = z.lazy(() =>
  z.looseObject({
    name: str,
    secret: z.looseObject({ secretName: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
    configMap: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
    projected: z
      .looseObject({
        sources: z
          .array(
            z.looseObject({
              secret: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
              configMap: z.looseObject({ name: str.optional(), items: keyItems, optional: z.boolean().nullish() }).nullish(),
            }),
          )
          .nullish(),
      })
      .nullish(),
  }),
);
export type PodContainer = z.infer<typeof container>;
export type PodVolume = z.infer<typeof volume>;

const containerState = z.lazy(() =>
  z.looseObject({
    waiting: z.looseObject({ reason: str.nullish(), message: str.nullish() }).nullish(),
    running: z.looseObject({ startedAt: str.nullish() }).nullish(),
    terminated: z
      .looseObject({
        reason: str.nullish(),
        message: str.nullish(),
        exitCode: z.number(),
        signal: z.number().nullish(),
        startedAt: str.nullish(),
        finishedAt: str.nullish(),
      })
      .nullish(),
  }),
);

export const containerStatus = z.lazy(() =>
  z.looseObject({
    name: str,
    image: str.optional(),
    imageID: str.optional(),
    ready: z.boolean().default(false),
    restartCount: z.number().default(0),
    state: containerState.nullish(),
    lastState: containerState.nullish(),
  }),
);
export type ContainerStatus = z.infer<typeof containerStatus>;

export const podTemplate = z.lazy(() =>
  z.looseObject({
    metadata: z.looseObject({ labels: labels.nullish(), annotations: labels.nullish() }).nullish(),
    spec: z
      .looseObject({ containers: z.array(container).default([]), initContainers: z.array(container).nullish(), volumes: z.array(volume).nullish() })
      .nullish(),
  }),
);
export type PodTemplate = z.infer<typeof podTemplate>;

/** A Secret or ConfigMap, reduced to its keys by `keyedObjects` (analyze/resources). */
export const keyedSchema = z.lazy(() =>
  z.looseObject({
    metadata: metadataSchema,
    type: str.nullish(),
    data: z.record(str, z.unknown()).nullish(),
    binaryData: z.record(str, z.unknown()).nullish(),
    stringData: z.record(str, z.unknown()).nullish(),
  }),
);
