// One followed stream's lines: split from chunks, deduplicated when a stream resumes, kept
// in time order, and bounded (the oldest dropped and counted).
import { compareTimes, splitTimestamp, timeKey } from './analyze/log-lines';
import type { TailLine, TailStream } from './tail-types';

/** A line and the key it sorts by: its time, or for a line without one, the last time its stream gave. */
export interface Keyed {
  key: string;
  line: TailLine;
}

export interface Stream extends TailStream {
  abort?: AbortController;
  pending: Keyed[];
  partial: string;
  /** Resume point: the last line's time, and the lines seen at exactly that time. */
  lastTime?: string;
  seenAtLast: Set<string>;
  restartCount: number;
}

/** Split a chunk into lines, skip what was already delivered, and bound the pending buffer. */
export function ingest(s: Stream, chunk: string, streamBufferLines: number): void {
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
  const over = s.pending.length - streamBufferLines;
  if (over > 0) {
    s.pending.splice(0, over);
    s.dropped += over;
    s.lines -= over;
  }
}

/** Two key-ordered lists as one; on equal keys the retained line stays first. */
export function merge(retained: Keyed[], batch: Keyed[]): Keyed[] {
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
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
