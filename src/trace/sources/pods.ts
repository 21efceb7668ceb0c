import { InputError } from '../../errors';
import type { KubeObject } from '../../model/cluster';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { RawRecord, SourceRef, SourceStream, TraceSource } from '../types';
import { workloadOf } from '../workload';
import type { KubeAccess } from './kube-access';
import type { SourceRefKind, TraceSourceKind } from './kind';

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { terminated?: Termination };
  lastState?: { terminated?: Termination };
}
interface Termination {
  reason?: string;
  exitCode?: number;
  finishedAt?: string;
}

/** How a container instance ended, as a record at the end of its log: often the reason a trace stops. */
function terminationRecord(namespace: string, pod: string, container: string, t: Termination): RawRecord {
  const time = t.finishedAt ? parseIsoAt(t.finishedAt, 0) : undefined;
  return {
    text: `container ${container} terminated: ${t.reason ?? 'unknown reason'} (exit code ${t.exitCode ?? '?'})`,
    ...(time ? { time: { ms: time.ms, ns: time.ns } } : {}),
    about: `${namespace}/${pod}`,
    error: t.reason !== 'Completed',
  };
}

/** Every container of a pod (init containers too), current and previous instances. */
function podStreams(kube: KubeAccess, pod: KubeObject): SourceStream[] {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[] };
  const status = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
  const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name);
  const streams: SourceStream[] = [];
  for (const container of containers) {
    const st = statuses.find((s) => s.name === container);
    const instances: { previous: boolean; ended?: Termination }[] = [];
    if (st?.lastState?.terminated || (st?.restartCount ?? 0) > 0) instances.push({ previous: true, ended: st?.lastState?.terminated });
    instances.push({ previous: false, ended: st?.state?.terminated });
    for (const { previous, ended } of instances) {
      streams.push({
        source: { kind: 'pod', namespace, pod: name, container, previous } satisfies PodRef,
        kubectlTimestamps: true,
        // No log and no end to tell: nothing to read (most pods of a large bundle).
        ...(!ended && kube.hasNoLog?.(namespace, name, container, previous) ? { empty: true } : {}),
        async *read() {
          const log = await kube.log(namespace, name, container, previous);
          if (log) yield* log;
          if (ended) yield { records: [terminationRecord(namespace, name, container, ended)] };
        },
      });
    }
  }
  return streams;
}

function needKube(spec: string, kube: KubeAccess | undefined): KubeAccess {
  if (!kube) throw new InputError(spec, undefined, 'source', 'pod logs need a cluster (--context / --kubeconfig) or --bundle DIR');
  return kube;
}

/** One container instance's log. */
type PodRef = { kind: 'pod'; namespace: string; pod: string; container: string; previous: boolean };

export const isPodRef = (ref: SourceRef): ref is PodRef => ref.kind === 'pod';

const podRef: SourceRefKind<PodRef> = {
  kind: 'pod',
  label: (ref) => `${ref.namespace}/${ref.pod}/${ref.container}${ref.previous ? ' (previous)' : ''}`,
  service: (ref) => workloadOf(ref.pod),
  pod: (ref) => ref.pod,
  namespace: (ref) => ref.namespace,
};

export const podsKind: TraceSourceKind = {
  prefixes: ['pod', 'pods'],
  usage: 'pod:NS/NAME | pods:NS[/SELECTOR]',
  help: 'pod logs, every container, current and previous instances (NAME may be a workload; SELECTOR a label selector; NS * for all)',
  refs: [podRef],
  create(prefix, argument, spec, env): TraceSource {
    const slash = argument.indexOf('/');
    const namespace = slash < 0 ? argument : argument.slice(0, slash);
    const rest = slash < 0 ? '' : argument.slice(slash + 1);
    if (!namespace || (prefix === 'pod' && !rest))
      throw new InputError(spec, undefined, 'source', `expected ${prefix === 'pod' ? 'pod:NS/NAME' : 'pods:NS[/SELECTOR]'}`);
    const kube = needKube(spec, env.kube);
    return {
      spec,
      description: prefix === 'pod' ? `pod ${argument} (${kube.description})` : `pods in ${argument} (${kube.description})`,
      async *streams() {
        const pods = await kube.pods(namespace === '*' ? undefined : namespace, prefix === 'pods' ? rest || undefined : undefined);
        const chosen = prefix === 'pod' ? pickPods(pods, rest) : pods;
        if (prefix === 'pod' && chosen.length === 0) throw new Error(`no pod ${rest} in namespace ${namespace}`);
        // One batch: a step of the iteration per stream cost more than the stream itself.
        yield chosen.flatMap((pod) => podStreams(kube, pod));
      },
    };
  },
};

/** The pod of that name, else the pods of that workload (`payments-worker` → `payments-worker-7c9-x2`). */
function pickPods(pods: KubeObject[], name: string): KubeObject[] {
  const exact = pods.filter((p) => p.metadata.name === name);
  return exact.length > 0 ? exact : pods.filter((p) => p.metadata.name.startsWith(`${name}-`));
}
