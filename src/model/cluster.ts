// What checks, trace sources and capture need from a cluster, live or captured (src/kube
// implements it; the rest of the engine sees only this).
// A live cluster is reached through its API; a bundle is read directly from its files,
// answering as the read-only replay server would (kubectl still reaches that server).

/**
 * Follow streams open at once: a tail's limit, and the sockets a live client keeps for them
 * apart from its requests, so 50 follows never queue a list behind them (or each other).
 */
export const STREAM_SOCKETS = 50;

/** A List as `kubectl get -o json` prints it. */
export interface KubeList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  items: T[];
  metadata?: { resourceVersion?: string };
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface PodLogOptions {
  container: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** Always requested: every line starts with its RFC 3339 time. */
  timestamps?: boolean;
  /** RFC 3339: only lines at or after this instant (how a follower resumes without repeats). */
  sinceTime?: string;
}

export interface AccessReview {
  allowed: boolean;
  reason?: string;
}

/** Read-only by construction: there is no method that writes. Every call has a deadline. */
export interface ClusterSource {
  /** For evidence and errors: `context kind-e2e (https://127.0.0.1:6443)` or `bundle fixtures/demo-bundle`. */
  readonly description: string;
  /** kubectl flags that reach the same cluster, for replay commands (`--context X`, `--kubeconfig F`). */
  readonly kubectlFlags: string[];
  /** `plural` as kubectl names it (`pods`, `deployments`); `group` '' for core. Omit namespace for all. */
  list(plural: string, group: string, namespace?: string, labelSelector?: string): Promise<KubeList>;
  podLog(namespace: string, pod: string, options: PodLogOptions): Promise<string>;
  canI(verb: string, resource: string, group?: string, namespace?: string): Promise<AccessReview>;
  serverVersion(): Promise<{ gitVersion: string; [key: string]: unknown }>;
  /** Release what the source holds (a bundle's in-process replay server and its kubeconfig). */
  close?(): Promise<void>;
  /** Load what triage itself reads the cluster with (a bundle's files), so no check's deadline pays for it. */
  warm?(): Promise<void>;
  /** Start what `kubectlFlags` reach when triage serves it itself (a bundle's in-process replay), before kubectl runs with them. */
  serveKubectl?(): Promise<void>;
  /** A bundle's `capturedAt`: the cluster's "now" for ages and windows. Absent for a live cluster. */
  readonly capturedAt?: string;
  /**
   * Stream a container's log as `kubectl logs -f --timestamps` does: `onChunk` gets raw text
   * (lines may span chunks); a promise `onChunk` returns holds the stream until it settles
   * (backpressure); resolves when the stream ends or `signal` aborts. Optional:
   * without it, followers poll `podLog` with `sinceTime`.
   */
  followLog?(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void | Promise<void>, signal: AbortSignal): Promise<void>;
}

export interface ServerVersion {
  gitVersion: string;
  [key: string]: unknown;
}

/** What a probe learned about the cluster, to report once for the whole walk. */
export type ClusterProbe = { reachable: true; description: string; serverVersion?: ServerVersion } | { reachable: false; description: string; error: string };

/** Whether a cluster answers: the walk reports it once, instead of once per failing check. Never throws. */
export async function probeCluster(source: ClusterSource): Promise<ClusterProbe> {
  const probing = source as ClusterSource & { probe?: () => Promise<ClusterProbe> };
  if (typeof probing.probe === 'function') return probing.probe();
  try {
    return { reachable: true, description: source.description, serverVersion: await source.serverVersion() };
  } catch (error) {
    return { reachable: false, description: source.description, error: (error as Error).message };
  }
}
