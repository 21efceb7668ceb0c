import type { ClusterSource, KubeObject } from '../../model/cluster';
import { BundleCluster } from '../../kube/client-bundle';
import type { RawBatch, RawRecord } from '../types';
import { createReadStream } from 'node:fs';
import { LOG_LIMIT_BYTES } from '../../kube/bundle-reader';
import { labelMatcher } from '../../kube/replay/selectors';
import { lineBlocks } from './lines';
import { eventRecordsInOrder } from './event-record';
import { prefetchTraceLists, type TracePods } from './bundle-lists';

/** Pods, their logs and events: what the pod and event sources read from a cluster, live or a bundle. */
export interface KubeAccess {
  /** `context kind-e2e (...)`, `bundle fixtures/demo-bundle (...)`. */
  readonly description: string;
  /** Flags that reach the same place in a replay command: `--bundle DIR`, `--context X`. */
  readonly replayFlags: string[];
  /** When a bundle was captured: the end of its window (RFC 3339). */
  readonly capturedAt?: string;
  pods(namespace: string | undefined, selector?: string): Promise<KubeObject[]>;
  /** The events (of a namespace, or all) as records, in time order. */
  eventRecords(namespace: string | undefined): Promise<RawRecord[]>;
  /**
   * The events are being read by another thread (a bundle's, for `triage trace`): their stream
   * opens at once and waits for them when first read, so the logs are read meanwhile.
   */
  readonly eventsInBackground?: boolean;
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
 * `prefetch`: a bundle's pods and events parsed in a worker thread from now on (bundle-lists.ts),
 * for a caller that reads nothing else of the bundle (`triage trace`); a walk has them parsed already.
 */
export function clusterAccess(cluster: ClusterSource, options: { prefetch?: boolean } = {}): KubeAccess {
  const bundle = cluster instanceof BundleCluster ? cluster : undefined;
  const prefetched = bundle && options.prefetch ? prefetchTraceLists(bundle.bundle) : undefined;
  let pods: TracePods | undefined;
  let podIndex: Map<string, KubeObject> | undefined;
  /** The pod of that name the worker read (the first of a name, as a list search finds it), once it has answered. */
  const knownPod = (namespace: string, name: string): KubeObject | undefined => {
    if (!pods) return undefined;
    if (!podIndex) {
      podIndex = new Map();
      for (const pod of pods.pods) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (pod.metadata.namespace !== undefined && !podIndex.has(key)) podIndex.set(key, pod);
      }
    }
    return podIndex.get(`${namespace}/${name}`);
  };
  return {
    description: cluster.description,
    replayFlags: bundle ? ['--bundle', bundle.bundle.dir] : cluster.kubectlFlags,
    ...(bundle ? { capturedAt: bundle.capturedAt } : {}),
    ...(prefetched ? { eventsInBackground: true } : {}),
    async pods(namespace, selector) {
      pods ??= await prefetched?.pods;
      if (pods) {
        let matches: ((pod: KubeObject) => boolean) | undefined;
        try {
          matches = labelMatcher(selector);
        } catch {
          // A bad selector: the list answers it, as the replay does.
        }
        if (matches) {
          const inNamespace = pods.namespaced && namespace !== undefined ? pods.pods.filter((p) => p.metadata.namespace === namespace) : pods.pods;
          return selector ? inNamespace.filter(matches) : inNamespace;
        }
      }
      return (await cluster.list('pods', '', namespace, selector)).items;
    },
    async eventRecords(namespace) {
      const read = await prefetched?.events;
      if (read) {
        const inNamespace = read.namespaced && namespace !== undefined ? read.events.filter((e) => e.namespace === namespace) : read.events;
        return inNamespace.map((e) => e.record);
      }
      return eventRecordsInOrder((await cluster.list('events', '', namespace)).items);
    },
    ...(bundle
      ? {
          hasNoLog(namespace: string, pod: string, container: string, previous: boolean) {
            try {
              return bundle.reader.traceLogFile(namespace, pod, container, previous, knownPod(namespace, pod)) === undefined;
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
          file = bundle.reader.traceLogFile(namespace, pod, container, previous, knownPod(namespace, pod));
        } catch (error) {
          // No previous instance is an answer, not a failure; anything else is.
          if (previous) return undefined;
          throw error;
        }
        // No file: an empty log, as the replay answers it.
        return file ? lineBlocks(createReadStream(file, { highWaterMark: 1 << 16, end: LOG_LIMIT_BYTES - 1 })) : undefined;
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
