import { compareInstants } from './instant';
import type { TraceEntry } from './types';

/** Anything that hands out entries in its own order, one at a time. */
export interface EntryCursor {
  readonly index: number;
  next(): Promise<TraceEntry | undefined>;
}

interface Head {
  entry: TraceEntry;
  cursor: EntryCursor;
}

/** Earlier first; equal instants keep the order the streams were given in. */
function before(a: Head, b: Head): boolean {
  const c = compareInstants(a.entry.time, b.entry.time);
  return c < 0 || (c === 0 && a.cursor.index < b.cursor.index);
}

/**
 * A streaming k-way merge by instant: each cursor is read in its own order and the
 * earliest head is handed on, so only one entry per cursor is held at a time.
 */
export async function* mergeByInstant(cursors: readonly EntryCursor[], signal?: AbortSignal): AsyncGenerator<TraceEntry> {
  const heap: Head[] = [];
  const push = (head: Head) => {
    heap.push(head);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Head => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };

  for (const cursor of cursors) {
    signal?.throwIfAborted();
    const entry = await cursor.next();
    if (entry) push({ entry, cursor });
  }
  while (heap.length > 0) {
    signal?.throwIfAborted();
    const head = pop();
    yield head.entry;
    const entry = await head.cursor.next();
    if (entry) push({ entry, cursor: head.cursor });
  }
}
