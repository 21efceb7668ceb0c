// A log tail as the workbench holds it: what to follow in the words a person types
// (`payments-worker`, `deployment/checkout`, `app=cart`), resolved against the cluster,
// followed by a LogTail, redacted before anything is drawn, with every problem as data.
// A request for a local file is followed by the file tail instead, with no cluster.
import { openFileTail } from './file-tail';
import type { PodTailRequest, TailContext, TailHandle, TailRequest, TailState } from './tail-types';
import type { ClusterSource } from '../model/cluster';
import { LogTail, type TailLine, type TailTarget } from '../kube/tail';
import { readThrough } from '../kube/tail-ring';
import { listWorkloads, workloadRef } from '../kube/workloads';
import { followableText, kindNamed } from '../kube/kinds/registry';

export type { TailContext, TailHandle, TailRequest, TailState } from './tail-types';

export const NO_CLUSTER_TO_FOLLOW = 'no cluster to follow: start triage with --bundle DIR, or with a kube context (--kubeconfig, --context)';

/** What a request names, as a LogTail target; throws with a sentence a person can act on. */
async function resolveTailTarget(cluster: ClusterSource, request: PodTailRequest, namespaces: readonly string[]): Promise<TailTarget> {
  const selector = request.selector?.trim();
  const workload = request.workload?.trim();
  if (selector && workload) throw new Error('follow a workload or a label selector, not both');
  if (selector) return { namespace: request.namespace ?? namespaces[0] ?? 'default', selector };
  if (!workload) throw new Error('say what to follow: a workload (deployment/checkout) or a label selector (app=checkout)');
  const slash = workload.indexOf('/');
  const name = slash < 0 ? workload : workload.slice(slash + 1);
  const named = slash < 0 ? undefined : kindNamed(workload.slice(0, slash));
  const kind = named?.workload ? named.kind : undefined;
  if (slash >= 0 && !kind) throw new Error(`cannot follow a ${workload.slice(0, slash)}: give a ${followableText()}, or a label selector`);
  if (kind && request.namespace) return { namespace: request.namespace, workload: { kind, name } };
  // A bare name, or a kind without a namespace: the workload list says where it is.
  const scope = request.namespace ? [request.namespace] : namespaces;
  const { workloads, problems } = await listWorkloads(cluster, scope);
  const found = workloads.filter((w) => w.name === name && (!kind || w.kind === kind));
  if (found.length === 1) return { namespace: found[0]!.namespace, workload: { kind: found[0]!.kind, name } };
  const where = scope.length ? ` in ${scope.join(', ')}` : '';
  if (found.length > 1)
    throw new Error(
      `${name} names ${found.length} workloads${where}: ${found.map((w) => `${w.namespace} ${workloadRef(w)}`).join(', ')}; give kind/name and a namespace`,
    );
  throw new Error(`no workload named ${workload}${where}${problems.length ? ` (${problems.join('; ')})` : ''}`);
}

function titleOf(request: PodTailRequest, target?: TailTarget): string {
  if (target) return `${target.namespace} ${target.workload ? workloadRef(target.workload) : `-l ${target.selector}`}`;
  const what = request.selector ? `-l ${request.selector}` : (request.workload ?? '');
  return request.namespace ? `${request.namespace} ${what}` : what;
}

/** Open a tail: it starts at once and reports through its state; it never throws. */
export function openTail(request: TailRequest, context: TailContext): TailHandle {
  return request.kind === 'file' ? openFileTail(request, context) : openPodTail(request, context);
}

function openPodTail(request: PodTailRequest, context: TailContext): TailHandle {
  const listeners = new Set<() => void>();
  // A line is redacted when it is first read (a view reads the rows it draws, a filter every
  // line), never before: nothing unredacted leaves the handle, and lines never read cost nothing.
  const redacted = new WeakMap<TailLine, TailLine>();
  const redactLine = (line: TailLine): TailLine => {
    let out = redacted.get(line);
    if (!out) {
      const text = context.redact(line.text);
      out = text === line.text ? line : { ...line, text };
      redacted.set(line, out);
    }
    return out;
  };
  let state: TailState = {
    title: titleOf(request),
    source: 'pods',
    phase: 'starting',
    streams: [],
    streaming: 0,
    queued: 0,
    dropped: 0,
    lines: [],
    received: 0,
  };
  let tail: LogTail | undefined;
  let closed = false;

  const publish = (next: Partial<TailState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };
  const fail = (problem: string) => {
    if (!closed) publish({ phase: 'failed', problem });
  };

  const start = async (cluster: ClusterSource) => {
    const target = await resolveTailTarget(cluster, request, context.namespaces);
    if (closed) return;
    publish({ title: titleOf(request, target) });
    tail = new LogTail(cluster, target, {
      ...context.options,
      onBatch: (batch, { streams, streaming, queued, dropped, notice, lines }) =>
        publish({ streams, streaming, queued, dropped, notice, lines: readThrough(lines, redactLine), received: state.received + batch.length }),
    });
    await tail.start();
    if (closed) return;
    publish({ phase: 'following' });
    tail.flush();
    if (request.previous) {
      for (const s of tail.snapshot().streams) if (!s.previous) handle.previous(s.pod, s.container);
    }
  };

  const handle: TailHandle = {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    previous: (pod, container) => {
      const t = tail;
      if (!t || closed) return;
      // The LogTail records a failed fetch on its stream; flushing at once shows the lines without waiting a tick.
      void t.previous(pod, container).then(() => {
        if (!closed) t.flush();
      });
    },
    close: () => {
      if (closed) return;
      tail?.stop();
      closed = true;
      publish({ phase: 'closed' });
      listeners.clear();
      context.onClose?.();
    },
  };

  if (!context.cluster) fail(NO_CLUSTER_TO_FOLLOW);
  else start(context.cluster).catch((error: unknown) => fail((error as Error).message));
  return handle;
}
