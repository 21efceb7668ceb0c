// What `triage trace --bundle` reads of a bundle besides its logs: the pods (which containers
// to read, how each ended) and the events. On a large bundle the two files are tens of
// megabytes each, and parsing them held the main thread while it could have been reading
// logs; so a worker thread (bundle-lists-worker.ts, an entry of its own in the built CLI)
// parses them as soon as the command knows the bundle and answers with only what the trace
// uses: pods cut to their names, labels and containers (first, so the logs can be opened),
// then the events already made records, while this thread reads the logs. Cloning whole
// objects back would cost more than parsing them here. Anything the worker does not read as
// it is (a malformed file) is read again in this thread, which reports it as before.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readListItems, type Bundle } from '../../kube/bundle';
import type { KubeObject } from '../../model/cluster';
import type { RawRecord } from '../types';
import { byRecordTime, eventRecord } from './event-record';

/** The worker's module, next to this one's chunk in the built CLI (scripts/build.mjs names it). */
const WORKER_MODULE = 'trace-lists-worker.js';

export interface TracePods {
  /** In file order; each only what pods.ts and the log lookup read. */
  pods: KubeObject[];
  /** As the replay decides it from the file: namespaced unless no item has a namespace. */
  namespaced: boolean;
}

export interface TraceEvents {
  /** In time order, each with its object's own namespace (the list's filter). */
  events: { namespace: string | undefined; record: RawRecord }[];
  namespaced: boolean;
}

export interface TraceListFiles {
  pods?: string;
  events?: string;
}

/** The worker's two answers: undefined for a file it did not read (none, or not as it is). */
export type WorkerReply = { part: 'pods'; pods?: TracePods } | { part: 'events'; events?: TraceEvents };

type Named = { name?: unknown };
type Status = Named & { restartCount?: unknown; state?: unknown; lastState?: unknown };

const names = (list: unknown): { name: unknown }[] | undefined => (Array.isArray(list) ? list.map((c: Named) => ({ name: c?.name })) : undefined);
const statuses = (list: unknown): Status[] | undefined =>
  Array.isArray(list) ? list.map((s: Status) => ({ name: s?.name, restartCount: s?.restartCount, state: s?.state, lastState: s?.lastState })) : undefined;

/** A pod as the trace reads it: its name, namespace, labels, containers and their statuses. */
export function tracePod(pod: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const status = (pod.status ?? {}) as Record<string, unknown>;
  const { name, namespace, labels } = pod.metadata;
  return {
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...(labels ? { labels } : {}) },
    spec: { containers: names(spec.containers), initContainers: names(spec.initContainers), ephemeralContainers: names(spec.ephemeralContainers) },
    status: {
      containerStatuses: statuses(status.containerStatuses),
      initContainerStatuses: statuses(status.initContainerStatuses),
      ephemeralContainerStatuses: statuses(status.ephemeralContainerStatuses),
    },
  } as KubeObject;
}

const namespacedList = (items: readonly KubeObject[]) => items.length === 0 || items.some((i) => i.metadata.namespace !== undefined);

/** The pods file cut to what the trace reads; undefined when it is not read as it is. */
export function readTracePods(file: string): TracePods | undefined {
  const items = readListItems(file);
  return items && { pods: items.map(tracePod), namespaced: namespacedList(items) };
}

/** The events file as records in time order; undefined when it is not read as it is. */
export function readTraceEvents(file: string): TraceEvents | undefined {
  const items = readListItems(file);
  if (!items) return undefined;
  // A stable sort: a namespace's records keep their order when filtered afterwards, as when sorted after.
  const events = items.map((e) => ({ namespace: e.metadata.namespace, record: eventRecord(e) })).sort((a, b) => byRecordTime(a.record, b.record));
  return { events, namespaced: namespacedList(items) };
}

/** The bundle's pods and events files (the core group's), when it has them. */
export function traceListFiles(bundle: Bundle): TraceListFiles {
  const file = (plural: string) => bundle.resources.find((r) => r.plural === plural && r.group === '')?.file;
  return { pods: file('pods'), events: file('events') };
}

export interface PrefetchedLists {
  pods: Promise<TracePods | undefined>;
  events: Promise<TraceEvents | undefined>;
}

/**
 * The lists, parsed by a worker thread started now; undefined when no worker can run (under a
 * TypeScript test runner: no built module) or the bundle has neither file. Each promise answers
 * undefined when the worker did not read that file: the caller then reads it itself.
 */
export function prefetchTraceLists(bundle: Bundle): PrefetchedLists | undefined {
  const files = traceListFiles(bundle);
  if (!import.meta.url.endsWith('.js') || (!files.pods && !files.events)) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(fileURLToPath(new URL(WORKER_MODULE, import.meta.url)), { workerData: files });
  } catch {
    return undefined;
  }
  // Never what keeps the process alive: a trace that ends first does not wait for it.
  worker.unref();
  let gotPods: (pods: TracePods | undefined) => void = () => {};
  let gotEvents: (events: TraceEvents | undefined) => void = () => {};
  const pods = new Promise<TracePods | undefined>((resolve) => (gotPods = resolve));
  const events = new Promise<TraceEvents | undefined>((resolve) => (gotEvents = resolve));
  worker.on('message', (reply: WorkerReply) => {
    if (reply.part === 'pods') gotPods(reply.pods);
    else {
      gotEvents(reply.events);
      void worker.terminate();
    }
  });
  // A worker that fails or ends early answers nothing more: what is still awaited is read here.
  const ended = () => {
    gotPods(undefined);
    gotEvents(undefined);
  };
  worker.once('error', ended);
  worker.once('exit', ended);
  return { pods, events };
}
