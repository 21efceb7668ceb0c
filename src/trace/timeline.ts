import { setMaxListeners } from 'node:events';
import { InputError } from '../errors';
import { StreamCursor, type ContextCandidate } from './cursor';
import { TimelineBuilder, type TraceResult } from './derive';
import { fromMillis, type Instant } from './instant';
import { sourceLabel, serviceOf } from './labels';
import { compileIdPatterns, DEFAULT_ID_PATTERNS, idsOnLine, spellingsOf, TraceMatcher, type FollowedId } from './match';
import { mergeByInstant } from './merge';
import type { SourceContext, SourceStream, TraceSource } from './types';

export type { TraceResult } from './derive';

export interface TraceOptions {
  traceId: string;
  sources: readonly TraceSource[];
  /** The services a request crosses, in order (plan `trace.services`). */
  services?: readonly string[];
  /** Regexes with one capture group for where ids live; the built-in ones when empty. */
  idPatterns?: readonly string[];
  /** Ids on the same line as the trace id join the search for one hop. */
  followRelated?: boolean;
  /** Report gaps on the trace longer than this (default 30 s). */
  gapMs?: number;
  /** The window's length back from its end (`--since`). */
  sinceMs?: number;
  /** The end of the window, epoch ms: now, or when a bundle was captured. */
  endMs: number;
  /** Deadline of each network call or process a source makes. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Entries kept on the timeline (default 2000); the rest are counted as dropped. */
  limit?: number;
}

const RELATED_LIMIT = 20;
const REORDER_WINDOW = 128;
const CONTEXT_LIMIT = 500;

interface OpenedStream {
  stream: SourceStream;
  spec: string;
}

const isBatch = (streams: SourceStream | readonly SourceStream[]): streams is readonly SourceStream[] => Array.isArray(streams);

/** Every stream of every source; a source that cannot be reached becomes a problem, not a failure. */
async function openStreams(sources: readonly TraceSource[], context: SourceContext, problems: string[]): Promise<OpenedStream[]> {
  const opened: OpenedStream[] = [];
  for (const source of sources) {
    try {
      for await (const streams of source.streams(context)) {
        if (!isBatch(streams)) opened.push({ stream: streams, spec: source.spec });
        else for (const stream of streams) opened.push({ stream, spec: source.spec });
      }
    } catch (error) {
      // A source that cannot be reached is a problem of the walk; a malformed one (a report
      // with entities, bad XML) is the person's input, reported as such.
      if (context.signal.aborted || error instanceof InputError) throw error;
      problems.push(`${source.description}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return opened;
}

/** Pass one of `--follow-related`: read every stream for the trace id and collect the ids beside it. */
async function findRelated(options: TraceOptions, context: SourceContext, since: Instant | undefined): Promise<FollowedId[]> {
  const patterns = compileIdPatterns(options.idPatterns?.length ? options.idPatterns : DEFAULT_ID_PATTERNS);
  const known = new Set(spellingsOf(options.traceId).map((s) => s.toLowerCase()));
  const related: FollowedId[] = [];
  const matcher = new TraceMatcher([{ id: options.traceId }]);
  const streams = await openStreams(options.sources, context, []);
  for (const [index, { stream }] of streams.entries()) {
    const cursor = new StreamCursor(stream, index, {
      matcher,
      time: { referenceMs: options.endMs },
      since,
      reorderWindow: 0,
      contextLimit: 0,
      onHit: (text, entry) => {
        if (related.length >= RELATED_LIMIT) return;
        for (const id of idsOnLine(text, patterns, known)) {
          if (related.length >= RELATED_LIMIT) break;
          for (const s of spellingsOf(id)) known.add(s.toLowerCase());
          related.push({ id, why: `${id} was on the same line as the trace in ${sourceLabel(entry.source)}` });
        }
      },
    });
    while (await cursor.next()) options.signal.throwIfAborted();
  }
  return related;
}

/**
 * Follow one trace across sources: every stream is read in its own order, the entries on
 * the trace are merged by instant, and the timeline's facts are derived as they pass —
 * the first error, where it stops, gaps. Memory stays bounded whatever the input size.
 */
export async function runTrace(traceOptions: TraceOptions): Promise<TraceResult> {
  // Every open stream of the merge (a file, a pod's log, a table) listens to the signal until
  // it ends: a listener per source by design, not a leak, so the limit that warns is lifted
  // on a signal of this trace's own rather than printed to the person's terminal.
  const signal = AbortSignal.any([traceOptions.signal]);
  setMaxListeners(0, signal);
  const options: TraceOptions = { ...traceOptions, signal };
  const end = fromMillis(options.endMs);
  const since = options.sinceMs !== undefined ? fromMillis(options.endMs - options.sinceMs) : undefined;
  const baseContext = { signal: options.signal, timeoutMs: options.timeoutMs, since, referenceMs: options.endMs };
  const related = options.followRelated ? await findRelated(options, { ...baseContext, ids: [options.traceId] }, since) : [];
  const ids: FollowedId[] = [{ id: options.traceId }, ...related];
  const problems: string[] = [];
  const opened = await openStreams(options.sources, { ...baseContext, ids: ids.map((i) => i.id) }, problems);
  const services = options.services ?? [];
  const matcher = new TraceMatcher(ids);
  const cursors = opened.map(
    ({ stream }, index) =>
      new StreamCursor(stream, index, {
        matcher,
        time: { referenceMs: options.endMs },
        since,
        reorderWindow: REORDER_WINDOW,
        contextLimit: CONTEXT_LIMIT,
      }),
  );
  const builder = new TimelineBuilder({
    trace: options.traceId,
    window: { ...(since ? { since } : {}), end },
    streams: opened.map(({ stream }) => ({
      source: stream.source,
      label: sourceLabel(stream.source),
      service: serviceOf(stream.source, services),
    })),
    expected: services,
    gapMs: options.gapMs ?? 30_000,
    limit: options.limit ?? 2000,
    related,
    problems,
  });
  try {
    for await (const entry of mergeByInstant(cursors, options.signal)) builder.add(entry);
  } finally {
    await Promise.allSettled(cursors.map((c) => c.close()));
  }
  const candidates: ContextCandidate[] = [];
  let contextDropped = 0;
  for (const cursor of cursors) {
    if (cursor.problem) builder.markProblem(cursor.index, cursor.problem);
    candidates.push(...cursor.context);
    contextDropped += cursor.contextDropped;
  }
  return builder.finish(candidates, contextDropped);
}
