// One followed stream's lines: split from chunks, deduplicated when a stream resumes, kept
// in time order, and bounded (the oldest dropped and counted).
import { compareTimes, splitTimestamp, timeKey } from './analyze/log-lines';
import type { Keyed } from './tail-ring';
import type { TailStream } from './tail-types';

export interface Stream extends TailStream {
  abort?: AbortController;
  pending: Keyed[];
  partial: string;
  /** Resume point: the last line's time, and the lines seen at exactly that time. */
  lastTime?: string;
  /** The sort key of `lastTime`: lines of one instant (most of a burst) share it. */
  lastKey?: string;
  seenAtLast: Set<string>;
  restartCount: number;
}

/**
 * Two RFC 3339 times in order. The API server writes every time of a stream alike (UTC, `Z`):
 * two of the same length then compare as strings, and only others are parsed.
 */
function order(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : 1;
  return compareTimes(a, b);
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
  let from = 0;
  while (from < cut) {
    const to = text.indexOf('\n', from);
    const raw = text.slice(from, to);
    from = to + 1;
    if (raw) take(s, raw);
  }
  const over = s.pending.length - streamBufferLines;
  if (over > 0) {
    s.pending.splice(0, over);
    s.dropped += over;
    s.lines -= over;
  }
}

function take(s: Stream, raw: string): void {
  const { time, text } = splitTimestamp(raw);
  if (time && s.lastTime) {
    // Resuming with sinceTime repeats the lines at that instant.
    const o = order(time, s.lastTime);
    if (o < 0 || (o === 0 && s.seenAtLast.has(raw))) return;
    if (o > 0) s.seenAtLast.clear();
  }
  if (time) {
    if (time !== s.lastTime) s.lastKey = timeKey(time);
    s.lastTime = time;
    s.seenAtLast.add(raw);
  }
  s.pending.push({
    key: s.lastKey ?? '',
    line: { stream: s.key, namespace: s.namespace, pod: s.pod, container: s.container, previous: s.previous, time, text },
  });
  s.lines++;
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
