// A log tail over one local file, in the same TailState a pod tail gives: lines redacted
// before anything is drawn, batched, bounded, and what happens to the file (truncated,
// rotated, missing) said once among the lines and, while it lasts, as the notice.
import { resolve } from 'node:path';
import { TAIL_DEFAULTS, type TailLine, type TailStream } from '../kube/tail';
import { TailRing } from '../kube/tail-ring';
import type { FileTailRequest, TailContext, TailHandle, TailState } from './tail-types';
import { formatInstant } from '../trace/instant';
import { parseTimestamp } from '../trace/timestamps';
import { followFile, type FileEvent } from './follow-file';

/** How the tail says what happened to the file; `missing` is also the notice while it lasts. */
function eventText(shown: string, event: FileEvent): string {
  switch (event.kind) {
    case 'missing':
      return `${shown}: ${event.reason}; followed again once it can be read`;
    case 'appeared':
      return `${shown} can be read now: following it from its start`;
    case 'truncated':
      return `${shown} was truncated: following it again from its start`;
    case 'rotated':
      return `${shown} was replaced (rotated): following the new file from its start`;
  }
}

/** Follow a local file; no cluster is needed. It starts at once and never throws. */
export function openFileTail(request: FileTailRequest, context: TailContext): TailHandle {
  const o = { ...TAIL_DEFAULTS, ...context.options };
  const shown = request.path;
  const path = resolve(context.baseDir ?? '.', request.path);
  const listeners = new Set<() => void>();
  const stream: TailStream = { key: shown, namespace: '', pod: shown, container: '', previous: false, file: shown, state: 'streaming', lines: 0, dropped: 0 };
  let state: TailState = { title: shown, source: 'file', phase: 'following', streams: [stream], streaming: 1, queued: 0, dropped: 0, lines: [], received: 0 };
  let pending: TailLine[] = [];
  let pendingDropped = 0;
  // A file's lines arrive in its order: they are appended as they come, never sorted.
  const ring = new TailRing(o.bufferLines);
  let notice: string | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let closed = false;
  // The file's lines usually share one timestamp format: the last one found is tried first.
  const hint = { format: -1 };

  const publish = (next: Partial<TailState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };

  const flush = () => {
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    const over = ring.add(batch.map((line) => ({ key: '', line })));
    const dropped = state.dropped + pendingDropped + over;
    pendingDropped = 0;
    publish({ lines: ring.window(), dropped, received: state.received + batch.length, streams: [{ ...stream }], notice });
  };

  // Lines are handed on in batches, as the pod tail does: one publish per flushMs at most.
  const queue = (lines: TailLine[]) => {
    if (closed) return;
    pending.push(...lines);
    stream.lines += lines.length;
    const over = pending.length - o.streamBufferLines;
    if (over > 0) {
      pending.splice(0, over);
      pendingDropped += over;
      stream.dropped += over;
      stream.lines -= over;
    }
    flushTimer ??= setTimeout(flush, o.flushMs);
  };

  const lineOf = (text: string, time: string | undefined, event?: true): TailLine => ({
    stream: shown,
    namespace: '',
    pod: shown,
    container: '',
    previous: false,
    ...(time ? { time } : {}),
    text: context.redact(text),
    file: shown,
    ...(event ? { event } : {}),
  });

  const follower = followFile(path, {
    tailLines: o.tailLines,
    pollMs: Math.min(o.pollMs, 500),
    onLines: (texts) => {
      const now = Date.now();
      queue(
        texts.map((text) => {
          const stamp = parseTimestamp(text, { referenceMs: now }, hint);
          if (!stamp) return lineOf(text, undefined);
          // A leading timestamp moves to the time column, as a pod line's does; one inside the line stays.
          const rest = stamp.start === 0 && /^\s/.test(text.slice(stamp.end)) ? text.slice(stamp.end).trimStart() : text;
          return lineOf(rest || text, formatInstant(stamp));
        }),
      );
    },
    onEvent: (event) => {
      const text = eventText(shown, event);
      notice = event.kind === 'missing' ? context.redact(text) : undefined;
      queue([lineOf(text, new Date().toISOString(), true)]);
    },
  });

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // A file has no previous instance: nothing to fetch.
    previous: () => {},
    close: () => {
      if (closed) return;
      closed = true;
      follower.close();
      clearTimeout(flushTimer);
      stream.state = 'ended';
      publish({ phase: 'closed', streams: [{ ...stream }], streaming: 0 });
      listeners.clear();
      context.onClose?.();
    },
  };
}
