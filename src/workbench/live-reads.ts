// What a session reads live rather than from the journal: the followed trace, log tails (pods
// or the plan's files), and what a tail can follow. Nothing here is recorded; what is drawn is
// redacted with the plan's rules first, as the journal's lines were when written.
import type { Plan } from '../plan/schema';
import type { ClusterSource } from '../model/cluster';
import { parseDuration } from '../model/duration';
import { followTrace, type FollowOutcome } from '../trace/follow';
import { NO_CLUSTER_TO_FOLLOW, openTail, type TailHandle, type TailRequest } from '../logs/tail-handle';
import { listWorkloads, type WorkloadListing } from '../kube/workloads';
import { planLogFiles, type LogFileListing } from '../logs/plan-files';

export interface LiveReadOptions {
  plan: Plan;
  baseDir: string;
  cluster?: ClusterSource;
  now?: () => Date;
  /** Ends a trace being followed (the session's quit). */
  signal: AbortSignal;
  /** Lines read live were never redacted at the journal. */
  redact: (text: string) => string;
}

export class LiveReads {
  private readonly tails = new Set<TailHandle>();

  constructor(private readonly options: LiveReadOptions) {}

  followTrace(traceId: string | undefined): Promise<FollowOutcome> {
    const { plan, baseDir, cluster, signal, now } = this.options;
    return followTrace({
      plan: { ...plan, traceId },
      baseDir,
      cluster,
      signal,
      now: (now ?? (() => new Date()))(),
      timeoutMs: parseDuration(plan.timeout) ?? 10_000,
    });
  }

  openTail(target: TailRequest): TailHandle {
    const handle = openTail(target, {
      cluster: this.options.cluster,
      namespaces: this.options.plan.namespaces,
      baseDir: this.options.baseDir,
      redact: this.options.redact,
      onClose: () => this.tails.delete(handle),
    });
    this.tails.add(handle);
    return handle;
  }

  listWorkloads(): Promise<WorkloadListing> {
    const { cluster, plan } = this.options;
    return cluster ? listWorkloads(cluster, plan.namespaces) : Promise.resolve({ workloads: [], problems: [NO_CLUSTER_TO_FOLLOW] });
  }

  async listLogFiles(): Promise<LogFileListing> {
    return planLogFiles(this.options.plan, this.options.baseDir);
  }

  /** Closes every open tail. */
  close(): void {
    for (const tail of [...this.tails]) tail.close();
  }
}
