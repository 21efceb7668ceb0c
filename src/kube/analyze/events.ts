// Events as both APIs write them: core/v1 counts and timestamps, or an events.k8s.io series.
import type { KubeEvent } from './resources';

/** When the event was last seen. */
export function eventTime(e: KubeEvent): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';
}

/** When the event was first seen. */
export function eventFirstTime(e: KubeEvent): string {
  return e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? eventTime(e);
}

/** How many times it happened. */
export function eventCount(e: KubeEvent): number {
  return e.series?.count ?? e.count ?? 1;
}

/** The namespace of the object an event is about (node events live in `default`). */
export function eventObjectNamespace(e: KubeEvent): string | undefined {
  return e.involvedObject.kind === 'Node' ? undefined : (e.involvedObject.namespace ?? e.metadata.namespace);
}
