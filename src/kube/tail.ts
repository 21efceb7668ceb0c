// Log tails: follow the pods of a workload or a label selector, one stream per container.
// At most `maxStreams` stream at once and the rest wait, visibly queued; lines are batched
// before a consumer sees them, and every buffer is bounded, dropping the oldest and counting.
import type { ClusterSource, PodLogOptions } from '../model/cluster';
import { parseItems, podSchema, type Pod } from './analyze/resources';
import { pods } from './kinds/pods';
import { TAIL_DEFAULTS, type TailOptions, type TailSnapshot, type TailTarget } from './tail-types';
import { targetSelector } from './tail-target';
import { ingest, sleep, type Stream } from './tail-lines';
import { TailRing, type Keyed } from './tail-ring';

export { TAIL_DEFAULTS, type TailLine, type TailLines, type TailOptions, type TailSnapshot, type TailStream, type TailTarget } from './tail-types';
export { targetSelector } from './tail-target';

export class LogTail {
  private readonly o: Required<Omit<TailOptions, 'onBatch'>> & Pick<TailOptions, 'onBatch'>;
  private readonly streams = new Map<string, Stream>();
  private readonly queue: Stream[] = [];
  /** Retained lines in time order, each with its sort key. */
  private readonly retained: TailRing;
  private droppedRetained = 0;
  /** Streams whose pending lines are at the bound wait for the next flush before reading on. */
  private drained?: { promise: Promise<void>; resolve: () => void };
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
    this.retained = new TailRing(this.o.bufferLines);
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
      ingest(s, text.endsWith('\n') || !text ? text : `${text}\n`, this.o.streamBufferLines);
      s.state = 'ended';
    } catch (error) {
      s.state = 'failed';
      s.error = (error as Error).message;
    }
    this.dirty = true;
  }

  snapshot(): TailSnapshot {
    const streams = [...this.streams.values()].map(({ key, namespace, pod, container, previous, state, lines, dropped, error }) => ({
      key,
      namespace,
      pod,
      container,
      previous,
      state,
      lines,
      dropped,
      ...(error ? { error } : {}),
    }));
    return {
      streams,
      streaming: streams.filter((s) => s.state === 'streaming').length,
      queued: streams.filter((s) => s.state === 'queued').length,
      lines: this.retained.window(),
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
    this.release();
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
    this.droppedRetained += this.retained.add(batch);
    this.release();
    this.o.onBatch?.(
      batch.map((k) => k.line),
      this.snapshot(),
    );
  }

  /**
   * Backpressure: a stream holding half its `streamBufferLines` stops reading until the next
   * flush (the socket then holds the rest); the other half is room for one more chunk.
   */
  private waitIfFull(s: Stream): Promise<void> | undefined {
    if (s.pending.length * 2 < this.o.streamBufferLines || this.stopped) return undefined;
    if (!this.drained) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }

  private release(): void {
    this.drained?.resolve();
    this.drained = undefined;
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
    return {
      key,
      namespace: this.target.namespace,
      pod,
      container,
      previous,
      state: 'queued',
      lines: 0,
      dropped: 0,
      pending: [],
      partial: '',
      seenAtLast: new Set(),
      restartCount,
    };
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
        await this.cluster.followLog(
          s.namespace,
          s.pod,
          this.logOptions(s),
          (chunk) => {
            ingest(s, chunk, this.o.streamBufferLines);
            return this.waitIfFull(s);
          },
          signal,
        );
      } else {
        while (!signal.aborted) {
          const text = await this.cluster.podLog(s.namespace, s.pod, this.logOptions(s));
          ingest(s, text.endsWith('\n') || !text ? text : `${text}\n`, this.o.streamBufferLines);
          await sleep(this.o.pollMs, signal);
        }
      }
      ingest(s, s.partial ? '\n' : '', this.o.streamBufferLines);
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

  private setNotice(notice: string | undefined): void {
    if (notice === this.notice) return;
    this.notice = notice;
    this.dirty = true;
  }
}

function isRunning(pod: Pod, container: string): boolean {
  return !!pod.status.containerStatuses?.find((s) => s.name === container)?.state?.running;
}
