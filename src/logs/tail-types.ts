// The types a log tail is asked for and held through: what the workbench opens, and what both
// tails (pods through kube/tail.ts, a local file through file-tail.ts) hand back.
import type { ClusterSource } from '../model/cluster';
import type { TailLines, TailOptions, TailStream } from '../kube/tail';

/** What a tail follows: pods (the default, so a bare `{ workload }` still reads as before) or a local file. */
export type TailRequest = PodTailRequest | FileTailRequest;

export interface FileTailRequest {
  kind: 'file';
  /** As the plan names it: relative to the plan's directory, or absolute. */
  path: string;
}

export interface PodTailRequest {
  kind?: 'pods';
  /** Omitted: the namespace that holds the named workload, or the plan's first for a selector. */
  namespace?: string;
  /** `kind/name` (`deployment/checkout`, `sts/orders-db`) or a bare name found among the workloads. */
  workload?: string;
  /** A label selector (`app=cart`). */
  selector?: string;
  /** Also fetch the previous instance of every container followed. */
  previous?: boolean;
}

type TailPhase = 'starting' | 'following' | 'failed' | 'closed';

export interface TailState {
  /** What is followed: `shop deployment/payments-worker`, `shop -l app=cart`, `logs/app.log`. */
  title: string;
  /** Pods of the cluster, or one local file. */
  source: 'pods' | 'file';
  phase: TailPhase;
  /** Why nothing is followed: no cluster, an unknown workload, an unreachable API. */
  problem?: string;
  /** Why the pod list cannot be refreshed, or why the file cannot be read, while it cannot. */
  notice?: string;
  streams: readonly TailStream[];
  streaming: number;
  queued: number;
  /** Lines dropped, oldest first, by the bounded buffers. */
  dropped: number;
  /** The retained lines, oldest first, redacted as each is read. */
  lines: TailLines;
  /** Lines delivered since the tail opened: how a scrolled view counts what is new. */
  received: number;
}

export interface TailHandle {
  getState(): TailState;
  subscribe(listener: () => void): () => void;
  /** Fetch a container's previous instance; its lines, or its stream's error, arrive with a later state. */
  previous(pod: string, container: string): void;
  /** Stops every stream; idempotent. */
  close(): void;
}

export interface TailContext {
  /** The cluster under investigation; without one the tail says so instead of following. */
  cluster?: ClusterSource;
  /** The plan's namespaces: where a bare workload name is looked for. */
  namespaces: readonly string[];
  /** The plan's directory: where a file request's relative path is found. */
  baseDir?: string;
  /** Lines read live were never redacted at the journal. */
  redact: (text: string) => string;
  options?: Omit<TailOptions, 'onBatch'>;
  onClose?: () => void;
}
