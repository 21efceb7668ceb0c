import type { Instant } from './instant';

/**
 * Where a timeline entry was read: enough to find the same line again. Each source kind owns
 * its shapes (`PodRef` in `sources/pods`, `FileRef` in `sources/files`...) and how they read
 * (its `SourceRefKind`, listed with it in `sources/index`); `kind` says which.
 */
export type SourceRef = { readonly kind: string; readonly [field: string]: unknown };

/** One thing a source read that is not a plain log line: a row, an event, a key's value. */
export interface RawRecord {
  text: string;
  /** When the source knows the instant (a row's time column, an event's time). */
  time?: Instant;
  /** The source already chose this record for that id (a query with the id as `$1`). */
  selectedBy?: string;
  /** The pod the record is about (`shop/payments-worker-7c9`): it joins as context when that pod saw the trace. */
  about?: string;
  /** The source knows the record is an error (a Warning event, an OOMKilled termination). */
  error?: boolean;
  /** A more precise origin than the stream's (an event's involved object). */
  source?: SourceRef;
}

/**
 * What a stream yields, in the order it was written: either a block of whole lines
 * (separated by `\n`, searched without splitting) or records.
 */
export type RawBatch = { lines: string } | { records: RawRecord[] };

/** One ordered stream of a source: a file, a container instance, a table, a key. */
export interface SourceStream {
  source: SourceRef;
  /** Lines come from `kubectl logs --timestamps`: the prefix is the time, not part of the text. */
  kubectlTimestamps?: boolean;
  /** The time of lines before the first one that has a time (a JUnit suite's timestamp). */
  startsAt?: Instant;
  /**
   * Known to hold nothing, without reading it (a bundle's container that has no log and did
   * not end): the cursor never reads it. Most of a large bundle's 5,000 pods are such streams.
   */
  empty?: boolean;
  read(): AsyncIterable<RawBatch>;
}

/** A place a trace can be seen, selected by a spec (`file:PATH`, `pods:NS/SELECTOR`...). */
export interface TraceSource {
  /** The spec as given: replay commands repeat it. */
  spec: string;
  /** For people: `files under logs/ (plain or .gz)`. */
  description: string;
  /**
   * The streams to read, one at a time or a batch at once (a pod list's thousands of
   * containers: one step of the iteration each was a good part of a 5,000-pod trace's time);
   * a failure to reach the source is thrown from here.
   */
  streams(context: SourceContext): AsyncIterable<SourceStream | readonly SourceStream[]>;
}

export interface SourceContext {
  /** The trace id first, then ids that joined it (`--follow-related`). Queries run once per id. */
  ids: readonly string[];
  signal: AbortSignal;
  /** Deadline of each network call or process. */
  timeoutMs: number;
  /** Start of the window (`--since`): sources that can skip older data do. */
  since?: Instant;
  /** End of the window, epoch ms: now, or when a bundle was captured. */
  referenceMs: number;
}

/** One line of the merged timeline. */
export interface TraceEntry {
  time: Instant;
  source: SourceRef;
  text: string;
  /** The line had no time of its own; it took its predecessor's. */
  inferred: boolean;
  error: boolean;
  /** Why it is on the timeline when not by the trace id itself: a related id, or context about a pod that saw it. */
  via?: string;
  /** The index of the stream it came from (ties keep stream order). */
  stream: number;
  /** Its line in the stream (1-based), for streams of lines. */
  line?: number;
  /** The service it belongs to; set when the timeline takes it. */
  service?: string;
}
