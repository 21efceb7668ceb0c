// Log tails: follow the pods of a workload or a label selector, one stream per container.
// At most `maxStreams` stream at once and the rest wait, visibly queued; lines are batched
// before a consumer sees them, and every buffer is bounded, dropping the oldest and counting.
import { STREAM_SOCKETS, type ClusterSource, type PodLogOptions } from '../model/cluster';
import { parseItems, podSchema, type Pod } from './analyze/resources';
import { followableText, kindNamed } from './kinds/registry';
import { pods } from './kinds/pods';
import { selectorText } from './analyze/labels';
import { compareTimes, splitTimestamp, timeKey } from './analyze/log-lines';

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

export type StreamState = 'queued' | 'streaming' | 'ended' | 'failed';

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
  /** The newest lines, oldest first, at most `bufferLines`. */
  lines: readonly TailLine[];
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

/** The label selector that finds a target's pods. */
export async function targetSelector(cluster: ClusterSource, target: TailTarget): Promise<string | undefined> {
  if (!target.workload) return target.selector;
  const kind = target.workload.kind.toLowerCase();
  const w = kindNamed(kind);
  if (!w?.workload || !w.schema) throw new Error(`cannot follow a ${target.workload.kind}: give a ${followableText()}, or a label selector`);
  const items = parseItems(await cluster.list(w.plural, w.group, target.namespace), w.schema, w.plural);
  const found = items.find((i) => i.metadata.name === target.workload!.name);
  if (!found) throw new Error(`${kind} ${target.namespace}/${target.workload.name} not found`);
  const selector = w.workload.podSelector(found);
  const text = selector ? selectorText(selector) : '';
  // An empty selector would follow every pod of the namespace: never what was asked.
  if (!text) throw new Error(`${kind} ${target.namespace}/${target.workload.name} has no selector`);
  return text;
}

/** A line and the key it sorts by: its time, or for a line without one, the last time its stream gave. */
interface Keyed {
  key: string;
  line: TailLine;
}

interface Stream extends TailStream {
  abort?: AbortController;
  pending: Keyed[];
  partial: string;
  /** Resume point: the last line's time, and the lines seen at exactly that time. */
  lastTime?: string;
  seenAtLast: Set<string>;
  restartCount: number;
}

export class LogTail {
  private readonly o: Required<Omit<TailOptions, 'onBatch'>> & Pick<TailOptions, 'onBatch'>;
  private readonly streams = new Map<string, Stream>();
  private readonly queue: Stream[] = [];
  /** Retained lines in time order, each with its sort key. */
  private retained: Keyed[] = [];
  private droppedRetained = 0;
  private dirty = false;
  private stopped = false;
  private flushTimer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private selector?: string;
  private notice?: string;

  constructor(
    private readonly cluster: ClusterSource,
    private readonly target: TailTarget,
    options: TailOptions = {},
  ) {
    this.o = { ...TAIL_DEFAULTS, ...options };
  }

  /** Find the pods and open (or queue) their streams; rejects when the target cannot be resolved. */
  async start(): Promise<void> {
    this.selector = await targetSelector(this.cluster, this.target);
    await this.refresh();
    if (this.stopped) return;
    this.flushTimer = setInterval(() => this.flush(), this.o.flushMs);
    if (this.o.refreshMs > 0) {
      this.refreshTimer = setInterval(() => {
        this.refresh().then(
          () => this.setNotice(undefined),
          (e: unknown) => this.setNotice(`listing pods failed: ${(e as Error).message}`),
        );
      }, this.o.refreshMs);
    }
  }

  /** Fetch a container's previous instance once; its lines arrive with the next flush. */
  async previous(pod: string, container: string): Promise<void> {
    const key = `${this.target.namespace}/${pod}/${container} (previous)`;
    const s = this.streams.get(key) ?? this.newStream(pod, container, true, 0, key);
    this.streams.set(key, s);
    s.state = 'streaming';
    this.dirty = true;
    try {
      const text = await this.cluster.podLog(this.target.namespace, pod, this.logOptions(s));
      this.ingest(s, text.endsWith('\n') || !text ? text : `${text}\n`);
      s.state = 'ended';
    } catch (error) {
      s.state = 'failed';
      s.error = (error as Error).message;
    }
    this.dirty = true;
  }

  snapshot(): TailSnapshot {
    const streams = [...this.streams.values()].map(({ key, namespace, pod, container, previous, state, lines, dropped, error }) => ({
      key, namespace, pod, container, previous, state, lines, dropped, ...(error ? { error } : {}),
    }));
    return {
      streams,
      streaming: streams.filter((s) => s.state === 'streaming').length,
      queued: streams.filter((s) => s.state === 'queued').length,
      lines: this.retained.map((k) => k.line),
      dropped: this.droppedRetained + streams.reduce((n, s) => n + s.dropped, 0),
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }

  /** Close every stream and timer; pending lines are flushed once more. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.flushTimer);
    clearInterval(this.refreshTimer);
    for (const s of this.streams.values()) {
      s.abort?.abort();
      if (s.state === 'queued' || s.state === 'streaming') s.state = 'ended';
    }
    this.queue.length = 0;
    this.dirty = true;
    this.flush();
  }

  /** Hand pending lines to the consumer, in time order, and keep the newest `bufferLines` by time. */
  flush(): void {
    const batch: Keyed[] = [];
    for (const s of this.streams.values()) {
      if (!s.pending.length) continue;
      batch.push(...s.pending);
      s.pending = [];
    }
    if (!batch.length && !this.dirty) return;
    this.dirty = false;
    // Each stream is in order already; a stable sort merges them, and a merge places the
    // batch among retained lines (a stream that starts late brings older history).
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.retained = merge(this.retained, batch);
    const over = this.retained.length - this.o.bufferLines;
    if (over > 0) {
      this.retained = this.retained.slice(over);
      this.droppedRetained += over;
    }
    this.o.onBatch?.(batch.map((k) => k.line), this.snapshot());
  }

  // --- streams ---------------------------------------------------------------------------

  private async refresh(): Promise<void> {
    const list = await this.cluster.list(pods.plural, pods.group, this.target.namespace, this.selector);
    if (this.stopped) return;
    const items = parseItems(list, podSchema, pods.plural);
    const present = new Set<string>();
    for (const pod of items) {
      for (const c of pod.spec.containers) {
        const key = `${this.target.namespace}/${pod.metadata.name}/${c.name}`;
        present.add(key);
        const restarts = pod.status.containerStatuses?.find((s) => s.name === c.name)?.restartCount ?? 0;
        const known = this.streams.get(key);
        if (!known) {
          const s = this.newStream(pod.metadata.name, c.name, false, restarts, key);
          this.streams.set(key, s);
          this.enqueue(s);
        } else if (known.state === 'failed' || (known.state === 'ended' && restarts > known.restartCount && isRunning(pod, c.name))) {
          // A new instance, or a stream that failed (a container not yet started): follow again from where it stopped.
          known.restartCount = restarts;
          this.enqueue(known);
        }
      }
    }
    for (const [key, s] of this.streams) {
      if (s.previous || present.has(key)) continue;
      if (s.state === 'queued') this.queue.splice(this.queue.indexOf(s), 1);
      s.abort?.abort();
      if (s.state === 'queued' || s.state === 'streaming') s.state = 'ended';
      this.dirty = true;
    }
    this.pump();
  }

  private newStream(pod: string, container: string, previous: boolean, restartCount: number, key: string): Stream {
    return { key, namespace: this.target.namespace, pod, container, previous, state: 'queued', lines: 0, dropped: 0, pending: [], partial: '', seenAtLast: new Set(), restartCount };
  }

  private enqueue(s: Stream): void {
    s.state = 'queued';
    this.queue.push(s);
    this.dirty = true;
  }

  private pump(): void {
    let open = [...this.streams.values()].filter((s) => s.state === 'streaming' && !s.previous).length;
    while (!this.stopped && open < this.o.maxStreams && this.queue.length) {
      const s = this.queue.shift()!;
      open++;
      void this.run(s);
    }
  }

  private logOptions(s: Stream): PodLogOptions {
    return {
      container: s.container,
      timestamps: true,
      ...(s.previous ? { previous: true } : {}),
      ...(s.lastTime ? { sinceTime: s.lastTime } : { tailLines: this.o.tailLines }),
    };
  }

  private async run(s: Stream): Promise<void> {
    s.state = 'streaming';
    delete s.error;
    s.abort = new AbortController();
    this.dirty = true;
    const signal = s.abort.signal;
    try {
      if (this.cluster.followLog) {
        await this.cluster.followLog(s.namespace, s.pod, this.logOptions(s), (chunk) => this.ingest(s, chunk), signal);
      } else {
        while (!signal.aborted) {
          const text = await this.cluster.podLog(s.namespace, s.pod, this.logOptions(s));
          this.ingest(s, text.endsWith('\n') || !text ? text : `${text}\n`);
          await sleep(this.o.pollMs, signal);
        }
      }
      this.ingest(s, s.partial ? '\n' : '');
      if (s.state === 'streaming') s.state = 'ended';
    } catch (error) {
      if (!signal.aborted) {
        s.state = 'failed';
        s.error = (error as Error).message;
      } else if (s.state === 'streaming') s.state = 'ended';
    }
    this.dirty = true;
    this.pump();
  }

  /** Split a chunk into lines, skip what was already delivered, and bound the pending buffer. */
  private ingest(s: Stream, chunk: string): void {
    const text = s.partial + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      s.partial = text;
      return;
    }
    s.partial = text.slice(cut + 1);
    for (const raw of text.slice(0, cut).split('\n')) {
      if (!raw) continue;
      const { time, text: line } = splitTimestamp(raw);
      if (time && s.lastTime) {
        // Resuming with sinceTime repeats the lines at that instant.
        const order = compareTimes(time, s.lastTime);
        if (order < 0 || (order === 0 && s.seenAtLast.has(raw))) continue;
        if (order > 0) s.seenAtLast.clear();
      }
      if (time) {
        s.lastTime = time;
        s.seenAtLast.add(raw);
      }
      const key = time ? timeKey(time) : s.lastTime ? timeKey(s.lastTime) : '';
      s.pending.push({ key, line: { stream: s.key, namespace: s.namespace, pod: s.pod, container: s.container, previous: s.previous, time, text: line } });
      s.lines++;
    }
    const over = s.pending.length - this.o.streamBufferLines;
    if (over > 0) {
      s.pending.splice(0, over);
      s.dropped += over;
      s.lines -= over;
    }
  }

  private setNotice(notice: string | undefined): void {
    if (notice === this.notice) return;
    this.notice = notice;
    this.dirty = true;
  }
}

function isRunning(pod: Pod, container: string): boolean {
  return !!pod.status.containerStatuses?.find((s) => s.name === container)?.state?.running;
}

/** Two key-ordered lists as one; on equal keys the retained line stays first. */
function merge(retained: Keyed[], batch: Keyed[]): Keyed[] {
  if (!retained.length || !batch.length || retained[retained.length - 1]!.key <= batch[0]!.key) return retained.concat(batch);
  const out: Keyed[] = [];
  let i = 0;
  let j = 0;
  while (i < retained.length && j < batch.length) out.push(batch[j]!.key < retained[i]!.key ? batch[j++]! : retained[i++]!);
  while (i < retained.length) out.push(retained[i++]!);
  while (j < batch.length) out.push(batch[j++]!);
  return out;
}

// The listener goes when the timer fires: a poll loop adds one per round, and a tail left
// open for hours would otherwise pile them up on one signal (Node warns past ten).
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
