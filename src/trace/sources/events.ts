import { InputError } from '../../errors';
import type { TraceSource } from '../types';
import type { EventRef } from './event-record';
import { workloadOf } from '../workload';
import type { SourceRefKind, TraceSourceKind } from './kind';

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
        const pending = kube.eventRecords(namespace);
        // Read elsewhere: awaited when the merge first reads the stream (a failure is the read's then).
        if (kube.eventsInBackground) pending.catch(() => {});
        else await pending;
        yield {
          source: { kind: 'event', namespace: namespace ?? '*' } satisfies EventRef,
          async *read() {
            yield { records: await pending };
          },
        };
      },
    };
  },
};
