import type { ClusterSource, KubeObject } from '../../model/cluster';
import { BundleCluster } from '../../kube/client-bundle';
import type { RawBatch } from '../types';
import { createReadStream } from 'node:fs';
import { LOG_LIMIT_BYTES } from '../../kube/bundle-reader';
import { lineBlocks } from './lines';

/** Pods, their logs and events: what the pod and event sources read from a cluster, live or a bundle. */
export interface KubeAccess {
  /** `context kind-e2e (...)`, `bundle fixtures/demo-bundle (...)`. */
  readonly description: string;
  /** Flags that reach the same place in a replay command: `--bundle DIR`, `--context X`. */
  readonly replayFlags: string[];
  /** When a bundle was captured: the end of its window (RFC 3339). */
  readonly capturedAt?: string;
  pods(namespace: string | undefined, selector?: string): Promise<KubeObject[]>;
  events(namespace: string | undefined): Promise<KubeObject[]>;
  /** A container instance's log with kubectl timestamps; undefined when there is none (no previous instance, or a bundle's empty log). */
  log(namespace: string, pod: string, container: string, previous: boolean): Promise<AsyncIterable<RawBatch> | undefined>;
  /**
   * Whether `log` is known, without a read, to answer no log at all (a bundle's container
   * without a log file, or without a previous instance). Absent for a live cluster: read to know.
   */
  hasNoLog?(namespace: string, pod: string, container: string, previous: boolean): boolean;
}

/**
 * Through a ClusterSource: live through its API, or a bundle read directly, its log files
 * streamed in blocks of lines (up to the cap a log read has). A bundle is replayed with
 * `--bundle DIR`: its private kubeconfig lives only as long as this process.
 */
export function clusterAccess(cluster: ClusterSource): KubeAccess {
  const bundle = cluster instanceof BundleCluster ? cluster : undefined;
  return {
    description: cluster.description,
    replayFlags: bundle ? ['--bundle', bundle.bundle.dir] : cluster.kubectlFlags,
    ...(bundle ? { capturedAt: bundle.capturedAt } : {}),
    async pods(namespace, selector) {
      return (await cluster.list('pods', '', namespace, selector)).items;
    },
    async events(namespace) {
      return (await cluster.list('events', '', namespace)).items;
    },
    ...(bundle
      ? {
          hasNoLog(namespace: string, pod: string, container: string, previous: boolean) {
            try {
              return bundle.reader.traceLogFile(namespace, pod, container, previous) === undefined;
            } catch {
              // No previous instance is no log; any other refusal is read, and reported, as before.
              return previous;
            }
          },
        }
      : {}),
    async log(namespace, pod, container, previous) {
      if (bundle) {
        let file: string | undefined;
        try {
          file = bundle.reader.traceLogFile(namespace, pod, container, previous);
        } catch (error) {
          // No previous instance is an answer, not a failure; anything else is.
          if (previous) return undefined;
          throw error;
        }
        // No file: an empty log, as the replay answers it.
        // Opened when first read: an error before then would have no listener.
        return file
          ? (async function* () {
              yield* lineBlocks(createReadStream(file, { highWaterMark: 1 << 16, end: LOG_LIMIT_BYTES - 1 }));
            })()
          : undefined;
      }
      let text: string;
      try {
        text = await cluster.podLog(namespace, pod, { container, previous, timestamps: true });
      } catch (error) {
        // No previous instance is an answer, not a failure; anything else is.
        if (previous) return undefined;
        throw error;
      }
      return (async function* () {
        if (text.length > 0) yield { lines: text };
      })();
    },
  };
}
