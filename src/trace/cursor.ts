import { compareInstants, fromMillis, type Instant } from './instant';
import { parseTimestamp, type TimeContext } from './timestamps';
import type { TraceMatcher } from './match';
import { looksLikeError } from './errors';
import type { RawBatch, RawRecord, SourceStream, TraceEntry } from './types';

/** What the cursor needs besides its stream. */
export interface CursorOptions {
  matcher: TraceMatcher;
  time: TimeContext;
  /** Entries before this instant are outside the window. */
  since?: Instant;
  /** How many entries may be held to put a slightly out-of-order stream back in order. */
  reorderWindow: number;
  /** Context records (about a pod) kept until the merge knows which pods saw the trace. */
  contextLimit: number;
  /** Called for every line or record on the trace, before ordering (related-id discovery). */
  onHit?: (text: string, entry: TraceEntry) => void;
}

/** A context record waiting for the merge to say whether its pod saw the trace. */
export interface ContextCandidate {
  entry: TraceEntry;
  about: string;
}

/**
 * Reads one stream in order and yields the entries on the trace. Lines without a time
 * take the time of the nearest earlier line that has one (marked inferred). Entries are
 * held in a small sorted window, so a stream that is slightly out of order comes out in
 * order; memory is bounded by that window whatever the stream's size.
 */
export class StreamCursor {
  readonly context: ContextCandidate[] = [];
  contextDropped = 0;
  /** Why the stream stopped early, if it did. */
  problem?: string;
  private readonly window: TraceEntry[] = [];
  /** Undefined for a stream known to be empty, never read. */
  private readonly iterator?: AsyncIterator<RawBatch>;
  private done = false;
  private lastTime?: Instant;
  private readonly hint = { format: -1 };
  private readonly strip: boolean;
  /** Lines in the blocks already read: entries say which line of the stream they are. */
  private linesBefore = 0;

  constructor(
    readonly stream: SourceStream,
    readonly index: number,
    private readonly options: CursorOptions,
  ) {
    if (stream.empty) this.done = true;
    else this.iterator = stream.read()[Symbol.asyncIterator]();
    this.strip = stream.kubectlTimestamps === true;
    this.lastTime = stream.startsAt;
  }

  /** The next entry on the trace in this stream's order, or undefined at its end. */
  async next(): Promise<TraceEntry | undefined> {
    while (!this.done && this.window.length <= this.options.reorderWindow) await this.pull();
    return this.window.shift();
  }

  /** Stop reading (the merge was cancelled). */
  async close(): Promise<void> {
    this.done = true;
    await this.iterator?.return?.();
  }

  private async pull(): Promise<void> {
    let step: IteratorResult<RawBatch>;
    try {
      step = await this.iterator!.next();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      this.done = true;
      return;
    }
    if (step.done) {
      this.done = true;
      return;
    }
    const batch = step.value;
    if ('lines' in batch) this.takeLines(batch.lines);
    else this.takeRecords(batch.records);
  }

  private stampOf(line: string) {
    return parseTimestamp(line, this.options.time, this.hint);
  }

  private takeLines(block: string): void {
    let newlines = 0;
    let at = 0;
    const countTo = (end: number) => {
      for (let nl = block.indexOf('\n', at); nl >= 0 && nl < end; nl = block.indexOf('\n', at)) {
        newlines++;
        at = nl + 1;
      }
    };
    for (const hit of this.options.matcher.linesIn(block)) {
      countTo(hit.start);
      let line = block.slice(hit.start, hit.end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const stamp = this.stampOf(line);
      let time: Instant | undefined = stamp;
      if (stamp && this.strip && stamp.format === 'kubectl') line = line.slice(stamp.end + 1);
      if (!time) time = this.inheritWithin(block, hit.start) ?? this.lastTime;
      const entry = this.entry(line, time, !stamp, hit.id);
      entry.line = this.linesBefore + newlines + 1;
      this.add(entry);
    }
    countTo(block.length);
    this.linesBefore += newlines + 1;
    this.lastTime = this.inheritWithin(block, block.length) ?? this.lastTime;
  }

  /**
   * The time of the nearest line that ends before `before` (a line start, or the block's
   * end). Usually the line just before has one; a long run without times is walked whole.
   */
  private inheritWithin(block: string, before: number): Instant | undefined {
    let end = before > 0 && block.charCodeAt(before - 1) === 10 ? before - 1 : before;
    while (end > 0) {
      const start = block.lastIndexOf('\n', end - 1) + 1;
      const stamp = start < end ? this.stampOf(block.slice(start, end)) : undefined;
      if (stamp) return stamp;
      end = start - 1;
    }
    return undefined;
  }

  /**
   * A batch of records: those on the trace are added, those about a pod kept as context. The
   * context keeps the last `contextLimit`; a candidate the rest of its own batch would push out
   * is counted as dropped without being made (20,000 events, of which 500 are kept).
   */
  private takeRecords(records: readonly RawRecord[]): void {
    const candidates: { record: RawRecord; time: Instant | undefined; inferred: boolean }[] = [];
    for (const record of records) {
      const stamp = record.time ? undefined : this.stampOf(record.text);
      const own = record.time ?? stamp;
      const time = own ?? this.lastTime;
      if (own) this.lastTime = own;
      const idIndex =
        record.selectedBy !== undefined
          ? Math.max(
              0,
              this.options.matcher.ids.findIndex((f) => f.id === record.selectedBy),
            )
          : this.options.matcher.test(record.text);
      if (idIndex >= 0) this.add(this.entry(record.text, time, !own, idIndex, record));
      else if (record.about !== undefined && this.options.contextLimit > 0 && this.inWindowAt(time)) candidates.push({ record, time, inferred: !own });
    }
    const skipped = Math.max(0, candidates.length - this.options.contextLimit);
    this.contextDropped += skipped;
    for (let i = skipped; i < candidates.length; i++) {
      const { record, time, inferred } = candidates[i]!;
      const entry = this.entry(record.text, time, inferred, -1, record);
      entry.via = `about ${record.about}`;
      this.keepContext({ entry, about: record.about! });
    }
  }

  private entry(text: string, time: Instant | undefined, inferred: boolean, idIndex: number, record?: RawRecord): TraceEntry {
    const id = idIndex >= 0 ? this.options.matcher.ids[idIndex] : undefined;
    const error = record?.error ?? looksLikeError(text);
    return {
      // A line with no time anywhere before it is placed at the end of the window, marked inferred.
      time: time ? { ms: time.ms, ns: time.ns } : fromMillis(this.options.time.referenceMs),
      source: record?.source ?? this.stream.source,
      text,
      inferred,
      error,
      ...(id?.why ? { via: id.why } : {}),
      stream: this.index,
    };
  }

  private inWindow(entry: TraceEntry): boolean {
    return !this.options.since || compareInstants(entry.time, this.options.since) >= 0;
  }

  /** inWindow of the entry a record of this time would make (no time: the end of the window). */
  private inWindowAt(time: Instant | undefined): boolean {
    return !this.options.since || compareInstants(time ?? fromMillis(this.options.time.referenceMs), this.options.since) >= 0;
  }

  private keepContext(candidate: ContextCandidate): void {
    if (this.options.contextLimit === 0) return;
    if (this.context.length >= this.options.contextLimit) {
      this.context.shift();
      this.contextDropped++;
    }
    this.context.push(candidate);
  }

  private add(entry: TraceEntry): void {
    this.options.onHit?.(entry.text, entry);
    if (!this.inWindow(entry)) return;
    // Insert keeping order; ties stay in arrival order. Usually this appends.
    let i = this.window.length;
    while (i > 0 && compareInstants(this.window[i - 1]!.time, entry.time) > 0) i--;
    this.window.splice(i, 0, entry);
  }
}
