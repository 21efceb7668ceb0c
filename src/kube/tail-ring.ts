// The lines a tail retains, oldest first: append-only chunks of CHUNK lines, the oldest
// dropped a whole chunk at a time. A flush publishes a window over them (TailLines): an
// object of a few fields, never a copy of the lines, that stays as it was while the ring
// grows on. A batch older than the newest retained line (a stream that starts late brings
// history) is merged in by building new chunks, so no published window ever changes.
import type { TailLine, TailLines } from './tail-types';

/** Lines per chunk. */
export const CHUNK = 256;

/** A line and the key it sorts by: its time, or for a line without one, the last time its stream gave. */
export interface Keyed {
  key: string;
  line: TailLine;
}

interface Chunk {
  keys: string[];
  lines: TailLine[];
}

/** Array-like arguments as an array's slice takes them: negative from the end, clamped. */
function range(length: number, start = 0, end = length): [number, number] {
  const from = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
  const to = end < 0 ? Math.max(0, length + end) : Math.min(end, length);
  return [from, Math.max(from, to)];
}

/** Lines `start`..`end` of `chunks` (whose first line has index `base`), read through `read`. */
class Window implements TailLines {
  constructor(
    private readonly chunks: readonly Chunk[],
    private readonly base: number,
    private readonly start: number,
    readonly length: number,
    private readonly read: (line: TailLine) => TailLine,
  ) {}

  at(index: number): TailLine | undefined {
    const i = index < 0 ? this.length + index : index;
    if (i < 0 || i >= this.length) return undefined;
    const n = this.start + i - this.base;
    return this.read(this.chunks[Math.floor(n / CHUNK)]!.lines[n % CHUNK]!);
  }

  slice(start?: number, end?: number): TailLine[] {
    const [from, to] = range(this.length, start, end);
    const out: TailLine[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i)!);
    return out;
  }

  *[Symbol.iterator](): Iterator<TailLine> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /** The same lines read through `fn` as well (redaction), each read when it is asked for. */
  map(fn: (line: TailLine) => TailLine): Window {
    const read = this.read;
    return new Window(this.chunks, this.base, this.start, this.length, (line) => fn(read(line)));
  }
}

const same = (line: TailLine) => line;

/** The lines of `lines` read through `fn` when they are read: a window stays a window, an array is mapped. */
export function readThrough(lines: TailLines, fn: (line: TailLine) => TailLine): TailLines {
  return lines instanceof Window ? lines.map(fn) : Array.from(lines, fn);
}

export class TailRing {
  private chunks: Chunk[] = [];
  /** Index of the first line of chunks[0]. */
  private base = 0;
  /** Index of the oldest retained line, and one past the newest. */
  private start = 0;
  private end = 0;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.end - this.start;
  }

  /** Add key-ordered lines; returns how many of the oldest were dropped to stay within capacity. */
  add(batch: readonly Keyed[]): number {
    if (!batch.length) return 0;
    const newest = this.length ? this.keyAt(this.end - 1) : undefined;
    if (newest !== undefined && batch[0]!.key < newest) this.rebuild(merge(this.keyed(), batch));
    else for (const k of batch) this.push(k);
    const over = Math.max(0, this.length - this.capacity);
    this.start += over;
    while (this.chunks.length && this.base + CHUNK <= this.start) {
      this.chunks.shift();
      this.base += CHUNK;
    }
    return over;
  }

  /** The retained lines as they are now; later adds do not change it. */
  window(): TailLines {
    return new Window(this.chunks.slice(), this.base, this.start, this.length, same);
  }

  private keyAt(index: number): string {
    const n = index - this.base;
    return this.chunks[Math.floor(n / CHUNK)]!.keys[n % CHUNK]!;
  }

  private push(k: Keyed): void {
    const n = this.end - this.base;
    let chunk = this.chunks[Math.floor(n / CHUNK)];
    if (!chunk) this.chunks.push((chunk = { keys: [], lines: [] }));
    chunk.keys.push(k.key);
    chunk.lines.push(k.line);
    this.end++;
  }

  private keyed(): Keyed[] {
    const out: Keyed[] = [];
    for (let i = this.start; i < this.end; i++) {
      const n = i - this.base;
      const chunk = this.chunks[Math.floor(n / CHUNK)]!;
      out.push({ key: chunk.keys[n % CHUNK]!, line: chunk.lines[n % CHUNK]! });
    }
    return out;
  }

  /** New chunks for `lines`: windows published before keep the old ones. */
  private rebuild(lines: readonly Keyed[]): void {
    this.chunks = [];
    this.base = this.start;
    this.end = this.start;
    for (const k of lines) this.push(k);
  }
}

/** Two key-ordered lists as one; on equal keys the retained line stays first. */
function merge(retained: readonly Keyed[], batch: readonly Keyed[]): Keyed[] {
  const out: Keyed[] = [];
  let i = 0;
  let j = 0;
  while (i < retained.length && j < batch.length) out.push(batch[j]!.key < retained[i]!.key ? batch[j++]! : retained[i++]!);
  while (i < retained.length) out.push(retained[i++]!);
  while (j < batch.length) out.push(batch[j++]!);
  return out;
}
