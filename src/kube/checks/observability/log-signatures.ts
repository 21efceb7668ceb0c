// The walk looks where `triage scan` looks: the logs of the pods its checks would flag
// (and of their siblings, and of the workloads on the trace), current and previous, and
// every event of the window, through the signature library. Bounded per pod and in pods.

import type { SignatureLine } from '../../../checks/types';
import { eventSchema, podSchema, runInTurns, type KubeEvent, type Pod, type Steps } from '../../analyze/resources';
import { eventTime } from '../../analyze/events';
import { plural, since, workloadName } from '../../analyze/findings';
import { splitTimestamp } from '../../analyze/log-lines';
import { analyzeOptions, kubeCheck, listObjects } from '../kit';

/** Pods whose logs are read; the flagged first. */
const MAX_PODS = 30;
/** Lines read from the end of each container's log (current and previous). */
const TAIL_LINES = 1000;
/** Events older than this before the window's end are history. */
const EVENT_WINDOW_MS = 24 * 3_600_000;
const READS_AT_ONCE = 4;
const EVIDENCE = 40;

/** Something is wrong with the pod: not running or not ready, waiting, restarted, terminated in error. */
function isFlagged(pod: Pod): boolean {
  const phase = pod.status.phase ?? 'Unknown';
  if (phase !== 'Running' && phase !== 'Succeeded') return true;
  return [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])].some(
    (cs) =>
      cs.restartCount > 0 ||
      cs.state?.waiting != null ||
      (cs.state?.terminated != null && cs.state.terminated.exitCode !== 0) ||
      (phase === 'Running' && !cs.ready && cs.state?.running != null),
  );
}

/**
 * The pods to read, most telling first: flagged, then the trace's workloads, then siblings of
 * the flagged. In steps (one per pod), each pod's workload named once; the siblings are not
 * looked for when the flagged and the trace's already fill MAX_PODS.
 */
function* podsToRead(pods: readonly Pod[], traceServices: readonly string[]): Steps<Pod[]> {
  const workloads = new Map<Pod, string>();
  const workloadOf = (p: Pod) => {
    let name = workloads.get(p);
    if (name === undefined) workloads.set(p, (name = workloadName('pod', p.metadata.name)));
    return name;
  };
  const workload = (p: Pod) => `${p.metadata.namespace ?? ''}/${workloadOf(p)}`;
  const flagged: Pod[] = [];
  for (const p of pods) {
    yield;
    if (isFlagged(p)) flagged.push(p);
  }
  const isFlaggedPod = new Set(flagged);
  const onTrace: Pod[] = [];
  if (traceServices.length)
    for (const p of pods) {
      yield;
      if (!isFlaggedPod.has(p) && traceServices.includes(workloadOf(p))) onTrace.push(p);
    }
  const siblings: Pod[] = [];
  if (flagged.length + onTrace.length < MAX_PODS) {
    const flaggedWorkloads = new Set<string>();
    for (const p of flagged) {
      yield;
      flaggedWorkloads.add(workload(p));
    }
    const isOnTrace = new Set(onTrace);
    for (const p of pods) {
      yield;
      if (!isFlaggedPod.has(p) && !isOnTrace.has(p) && flaggedWorkloads.has(workload(p))) siblings.push(p);
    }
  }
  const restarts = new Map(flagged.map((p) => [p, (p.status.containerStatuses ?? []).reduce((n, cs) => n + cs.restartCount, 0)]));
  return [...[...flagged].sort((a, b) => restarts.get(b)! - restarts.get(a)!), ...onTrace, ...siblings].slice(0, MAX_PODS);
}

function eventLine(e: KubeEvent): SignatureLine {
  const ns = e.involvedObject.namespace ?? e.metadata.namespace;
  const kind = (e.involvedObject.kind ?? 'object').toLowerCase();
  const name = e.involvedObject.name ?? '?';
  const count = e.count && e.count > 1 ? ` (x${e.count})` : '';
  return {
    text: `${e.type ?? 'Normal'} ${e.reason ?? ''} ${kind}/${name}${ns ? ` -n ${ns}` : ''}: ${(e.message ?? '').trim()}${count}`,
    source: `${ns ? `${ns}/` : ''}${kind}/${name}`,
    time: eventTime(e),
    context: {
      name,
      ...(ns ? { namespace: ns } : {}),
      ...(kind === 'pod' ? { pod: name } : {}),
      ...(kind === 'node' ? { node: name } : {}),
      ...(kind === 'job' ? { job: name } : {}),
    },
  };
}

/** The logs' lines and the window's events as the library reads them, in steps (one per line, one per event). */
function* signatureLines(
  logs: readonly { r: { ns: string; pod: string; container: string; previous: boolean }; text: string }[],
  events: readonly KubeEvent[],
  now: Date,
): Steps<{ lines: SignatureLine[]; recent: number }> {
  const lines: SignatureLine[] = [];
  for (const { r, text } of logs) {
    const source = `${r.ns}/${r.pod}/${r.container}${r.previous ? ' (previous)' : ''}`;
    const context = { namespace: r.ns, pod: r.pod, container: r.container };
    for (const raw of text.split('\n')) {
      yield;
      if (raw === '') continue;
      const { time, text: line } = splitTimestamp(raw);
      lines.push({
        text: line,
        source,
        ...(time ? { time } : {}),
        object: `${r.ns}/pod/${r.pod}`,
        subject: workloadName('pod', r.pod),
        namespace: r.ns,
        context,
      });
    }
  }
  let recent = 0;
  for (const e of events) {
    yield;
    const age = since(eventTime(e), now) ?? 0;
    if (age > EVENT_WINDOW_MS || age < 0) continue;
    lines.push(eventLine(e));
    recent++;
  }
  return { lines, recent };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

export const logSignaturesCheck = {
  ...kubeCheck({
    name: 'log-signatures',
    step: 'observability',
    title: 'Known failures in pod logs and events',
    async run(ctx, cluster) {
      if (!ctx.signatures) return { status: 'skip', summary: 'no signature library in this run', evidence: [] };
      const o = analyzeOptions(ctx, cluster);
      const [pods, events] = await Promise.all([listObjects(ctx, cluster, 'pods', '', podSchema), listObjects(ctx, cluster, 'events', '', eventSchema)]);
      const chosen = await runInTurns(podsToRead(pods, ctx.plan.trace?.services ?? []));
      const problems: string[] = [];
      const reads = chosen.flatMap((pod) => {
        const ns = pod.metadata.namespace ?? '';
        const statuses = new Map([...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])].map((cs) => [cs.name, cs]));
        return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].flatMap((c) => {
          const restarted = (statuses.get(c.name)?.restartCount ?? 0) > 0;
          return [false, ...(restarted ? [true] : [])].map((previous) => ({ ns, pod: pod.metadata.name, container: c.name, previous }));
        });
      });
      const logs = await inBatches(reads, READS_AT_ONCE, async (r) => {
        try {
          return { r, text: await cluster.podLog(r.ns, r.pod, { container: r.container, previous: r.previous, tailLines: TAIL_LINES, timestamps: true }) };
        } catch (error) {
          problems.push(`${r.ns}/${r.pod}/${r.container}${r.previous ? ' (previous)' : ''}: ${(error as Error).message}`);
          return { r, text: '' };
        }
      });
      const { lines, recent } = await runInTurns(signatureLines(logs, events, o.now));

      const facts = await ctx.signatures(lines);
      const read = `${plural(reads.length, 'container log')} of ${plural(chosen.length, 'pod')} and ${plural(recent, 'event')}`;
      const evidence = facts.flatMap((f) => f.evidence.slice(0, 1)).slice(0, EVIDENCE);
      if (problems.length) evidence.push(...problems.slice(0, 5).map((p) => ({ text: `not read: ${p}`, source: 'pod logs' })));
      const top = facts[0];
      if (!top)
        return {
          status: 'pass',
          summary: `no known failure in ${read}`,
          evidence,
          replay: o.kubectl('get', 'events', ...o.scope, '--sort-by', '.lastTimestamp'),
        };
      const named = facts.slice(0, 3).map((f) => `${f.subject}: ${f.phrase}${f.count ? ` ×${f.count}` : ''}`);
      const podOf = /^([^/]+)\/pod\/([^/]+)$/.exec(top.object);
      return {
        status: facts.some((f) => f.status === 'fail') ? 'fail' : 'warn',
        summary: `${plural(facts.length, 'known failure')} in ${read}: ${named.join('; ')}${facts.length > 3 ? `; and ${facts.length - 3} more` : ''}`,
        evidence,
        facts,
        replay:
          top.replay ??
          (podOf ? o.kubectl('logs', '-n', podOf[1]!, podOf[2]!, '--tail', '200') : o.kubectl('get', 'events', ...o.scope, '--sort-by', '.lastTimestamp')),
        bucket: top.bucket,
      };
    },
  }),
  matchedInside: true,
};
