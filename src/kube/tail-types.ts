// What a log tail follows, what it hands its consumer, and the bounds it keeps (tail.ts).
import { STREAM_SOCKETS } from '../model/cluster';

export interface TailTarget {
  namespace: string;
  /** A workload by kind and name (`Deployment`/`checkout`); or give `selector`. */
  workload?: { kind: string; name: string };
  /** A label selector (`app=checkout`). */
  selector?: string;
}

export interface TailLine {
  /** `ns/pod/container`, with ` (previous)` for an earlier instance. */
  stream: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** RFC 3339 from `--timestamps`; every line has one unless the server sent none. */
  time?: string;
  text: string;
  /** A local file's line: the file as the plan names it (then `pod` holds it too and `container` is empty). */
  file?: string;
  /** Not a line of the log but what happened to it (truncated, rotated, missing), said once where it happened. */
  event?: true;
}

/** Retained lines as a view reads them: by index, a range of them, or all in order (an array is one). */
export interface TailLines extends Iterable<TailLine> {
  readonly length: number;
  at(index: number): TailLine | undefined;
  /** A copy of the lines from `start` to `end` (exclusive), as an array's slice. */
  slice(start?: number, end?: number): TailLine[];
}

type StreamState = 'queued' | 'streaming' | 'ended' | 'failed';

export interface TailStream {
  key: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** A local file, as the plan names it. */
  file?: string;
  state: StreamState;
  /** Lines this stream delivered. */
  lines: number;
  /** Lines this stream dropped because its pending buffer was full between flushes. */
  dropped: number;
  error?: string;
}

export interface TailSnapshot {
  streams: TailStream[];
  streaming: number;
  queued: number;
  /** The newest lines, oldest first, at most `bufferLines`: a window over the ring, not a copy. */
  lines: TailLines;
  /** Lines dropped from the retained buffer, plus those dropped by streams. */
  dropped: number;
  /** Why the pod list could not be refreshed, while it cannot. */
  notice?: string;
}

export interface TailOptions {
  /** Streams open at once; the rest are queued. */
  maxStreams?: number;
  /** How often pending lines are handed to the consumer. */
  flushMs?: number;
  /** Lines retained for the consumer. */
  bufferLines?: number;
  /** Lines one stream may hold between two flushes. */
  streamBufferLines?: number;
  /** Lines of history each stream starts with. */
  tailLines?: number;
  /** How often a source without `followLog` is polled. */
  pollMs?: number;
  /** How often the pods are listed again (new pods, restarted containers); 0: never. */
  refreshMs?: number;
  /** Every flush with new lines or changed streams. */
  onBatch?: (batch: readonly TailLine[], snapshot: TailSnapshot) => void;
}

export const TAIL_DEFAULTS = {
  maxStreams: STREAM_SOCKETS,
  flushMs: 100,
  bufferLines: 10_000,
  streamBufferLines: 2_000,
  tailLines: 100,
  pollMs: 1_000,
  refreshMs: 5_000,
} as const;
