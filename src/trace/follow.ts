import type { ClusterSource } from '../kube/cluster';
import type { Plan } from '../plan/schema';
import type { TraceResult } from './derive';
import { chooseSources, traceSettings } from './setup';
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
}

export type FollowOutcome = { result: TraceResult; replay: string } | { skipped: string };

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
  return { result, replay: ['triage', 'trace', traceId, ...(kube?.replayFlags ?? [])].join(' ') };
}
