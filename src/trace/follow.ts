import type { ClusterSource } from '../model/cluster';
import type { Plan } from '../plan/schema';
import type { TraceResult } from './derive';
import { chooseSources, traceSettings } from './setup';
import { metricNotAsked, metricsAtOnset, type MetricAtOnset } from './metrics';
import { clusterAccess } from './sources/kube-access';
import { runTrace } from './timeline';

/** What following the investigation's trace needs: the plan, where its paths resolve, the cluster. */
export interface FollowInput {
  plan: Plan;
  baseDir: string;
  cluster?: ClusterSource;
  signal: AbortSignal;
  /** The end of the window, unless the cluster is a bundle: then it is when the bundle was captured. */
  now: Date;
  /** Deadline of each query and command a source runs. */
  timeoutMs: number;
  /** When the caller needs its answer (`performance.now()` ms): the metrics at onset get what is left. */
  deadlineAt?: number;
}

/** Less than this left before the caller's deadline, and a metric is not asked: no answer could come back in time. */
const METRIC_MIN_MS = 250;

/** `metrics`: the plan's trace metrics before and at onset, once the trace has a first error. */
export type FollowOutcome = { result: TraceResult; replay: string; metrics?: MetricAtOnset[] } | { skipped: string };

/**
 * Follow the plan's trace id over the plan's sources and, with a cluster, its pods and
 * events: the observability check and the workbench's timeline view both call this.
 */
export async function followTrace(input: FollowInput): Promise<FollowOutcome> {
  const { plan } = input;
  const traceId = plan.traceId;
  if (!traceId) return { skipped: 'no trace id to follow: give --trace ID or traceId in the plan' };
  const kube = input.cluster ? clusterAccess(input.cluster) : undefined;
  const sources = chooseSources({ specs: [], cwd: input.baseDir, plan, planDir: input.baseDir, kube, namespaces: plan.namespaces });
  if (sources.length === 0) return { skipped: 'nothing to read the trace from: no trace.sources in the plan and no cluster or bundle' };
  const result = await runTrace({
    traceId,
    sources,
    ...traceSettings(plan),
    endMs: kube?.capturedAt ? Date.parse(kube.capturedAt) : input.now.getTime(),
    timeoutMs: input.timeoutMs,
    signal: input.signal,
  });
  const replay = ['triage', 'trace', traceId, ...(kube?.replayFlags ?? [])].join(' ');
  const metrics = plan.trace?.metrics ?? [];
  // The onset is the trace's first error: with none, there is no moment to compare against.
  const onset = result.firstError?.time;
  if (!onset || metrics.length === 0) return { result, replay };
  const left = input.deadlineAt === undefined ? input.timeoutMs : Math.min(input.timeoutMs, Math.floor(input.deadlineAt - performance.now()));
  if (left < METRIC_MIN_MS) {
    return { result, replay, metrics: metrics.map((m) => metricNotAsked(m, onset, 'following the trace used the time there was', input.timeoutMs)) };
  }
  return { result, replay, metrics: await metricsAtOnset(metrics, onset, { signal: input.signal, timeoutMs: left }) };
}
