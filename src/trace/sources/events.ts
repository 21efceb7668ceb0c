import { InputError } from '../../errors';
import type { KubeObject } from '../../model/cluster';
import { compareInstants } from '../instant';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { RawRecord, TraceSource } from '../types';
import { workloadOf } from '../workload';
import type { SourceRefKind, TraceSourceKind } from './kind';

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
function eventRecord(event: KubeObject): RawRecord {
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
type EventRef = { kind: 'event'; namespace: string; object?: string };

const eventRef: SourceRefKind<EventRef> = {
  kind: 'event',
  label: (ref) => `event ${ref.namespace}${ref.object ? `/${ref.object}` : ''}`,
  service: (ref) => (ref.object ? workloadOf(ref.object.split('/').pop()!) : 'events'),
  pod: (ref) => ref.object?.split('/').pop(),
  namespace: (ref) => ref.namespace,
};

export const eventsKind: TraceSourceKind = {
  prefixes: ['events'],
  usage: 'events:NS',
  // NS `*` (or empty) is every namespace.
  help: 'Kubernetes events whose message names the id, and those about the pods that saw it',
  refs: [eventRef],
  create(_prefix, argument, spec, env): TraceSource {
    const kube = env.kube;
    if (!kube) throw new InputError(spec, undefined, 'source', 'events need a cluster (--context / --kubeconfig) or --bundle DIR');
    const namespace = argument && argument !== '*' ? argument : undefined;
    return {
      spec,
      description: `events${namespace ? ` in ${namespace}` : ''} (${kube.description})`,
      async *streams() {
        const records = (await kube.events(namespace)).map(eventRecord);
        // Events are listed in no particular order; as records they are few enough to sort whole.
        records.sort((a, b) => (a.time && b.time ? compareInstants(a.time, b.time) : a.time ? 1 : b.time ? -1 : 0));
        yield {
          source: { kind: 'event', namespace: namespace ?? '*' } satisfies EventRef,
          async *read() {
            yield { records };
          },
        };
      },
    };
  },
};
