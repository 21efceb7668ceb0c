// A Kubernetes event as a trace record, the same from a live cluster and from a bundle (where
// a worker thread makes them: bundle-lists.ts).
import type { KubeObject } from '../../model/cluster';
import { compareInstants } from '../instant';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { RawRecord } from '../types';

interface EventFields {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  eventTime?: string | null;
  lastTimestamp?: string | null;
  firstTimestamp?: string | null;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
}

/** An event as a record: it is on the trace when its message names an id, context when it is about a pod that saw it. */
export function eventRecord(event: KubeObject): RawRecord {
  const e = event as unknown as EventFields & KubeObject;
  const namespace = e.involvedObject?.namespace ?? e.metadata.namespace ?? 'default';
  const object = `${e.involvedObject?.kind ?? 'Object'}/${e.involvedObject?.name ?? '?'}`;
  const when = e.eventTime ?? e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  const time = when ? parseIsoAt(when, 0) : undefined;
  return {
    text: `${e.type ?? 'Normal'} ${e.reason ?? ''} ${object}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`,
    ...(time ? { time: { ms: time.ms, ns: time.ns } } : {}),
    ...(e.involvedObject?.name ? { about: `${namespace}/${e.involvedObject.name}` } : {}),
    error: e.type === 'Warning',
    source: { kind: 'event', namespace, object } satisfies EventRef,
  };
}

/** A namespace's events, or one event about an object (`Pod/payments-worker-7c9-x2`). */
export type EventRef = { kind: 'event'; namespace: string; object?: string };

/** Records in time order, those without a time first: events are listed in no particular order, and few enough to sort whole. */
export function byRecordTime(a: RawRecord, b: RawRecord): number {
  return a.time && b.time ? compareInstants(a.time, b.time) : a.time ? 1 : b.time ? -1 : 0;
}

/** Events as records in time order (the sort is stable: a namespace's records keep it when filtered afterwards). */
export function eventRecordsInOrder(events: readonly KubeObject[]): RawRecord[] {
  return events.map(eventRecord).sort(byRecordTime);
}
