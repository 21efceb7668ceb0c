import { compareInstants, fromMillis, millisBetween, type Instant } from './instant';
import { requestDurationMs } from './request-duration';
import type { ContextCandidate } from './cursor';
import type { FollowedId } from './match';
import { podOf, serviceOf } from './labels';
import { isPodRef } from './sources/pods';
import type { SourceRef, TraceEntry } from './types';

export interface StreamSummary {
  source: SourceRef;
  label: string;
  service: string;
  /** Entries on the trace this stream contributed. */
  entries: number;
  first?: Instant;
  last?: Instant;
  /** Why the stream could not be read to its end. */
  problem?: string;
}

/** One service the trace crossed, in the order it was first seen there. */
export interface ServiceSighting {
  name: string;
  /** When it began handling the trace: the first sighting, earlier when a line says how long its request took. */
  began: Instant;
  first: Instant;
  last: Instant;
  entries: number;
  errors: number;
  /** Where it was seen last in this service. */
  lastSource: SourceRef;
}

export interface Gap {
  from: Instant;
  to: Instant;
  ms: number;
  after: SourceRef;
  before: SourceRef;
}

/** Where the trace stops: the furthest hop it reached and its last line there. */
interface StopsAt {
  source: SourceRef;
  time: Instant;
  service: string;
  /** How long before the end of the window the trace was last seen there. */
  beforeEndMs: number;
  /** The plan's services after the stop that never saw the trace. */
  neverSeen: string[];
}

export interface TraceResult {
  trace: string;
  window: { since?: Instant; end: Instant };
  sources: StreamSummary[];
  /** In time order; capped (the earliest and the latest are kept), `dropped` counts the rest. */
  entries: TraceEntry[];
  dropped: number;
  firstError?: TraceEntry;
  stopsAt?: StopsAt;
  services: ServiceSighting[];
  /** The plan's service order, when given. */
  expected: string[];
  gaps: Gap[];
  /** Ids that joined the trace for one hop (`--follow-related`), with why. */
  related: FollowedId[];
  /** Sources that could not be reached at all. */
  problems: string[];
}

export interface BuilderOptions {
  trace: string;
  window: { since?: Instant; end: Instant };
  streams: { source: SourceRef; label: string; service: string }[];
  expected: readonly string[];
  gapMs: number;
  /** Entries kept: the first `limit - tail` and the last `tail`. */
  limit: number;
  related: FollowedId[];
  problems: string[];
}

const GAP_LIMIT = 50;
const SERVICE_FIELD = /(?:^|[\s{,])["']?(?:svc|service|app|component)["']?\s*[:=]\s*["']?([A-Za-z0-9_.-]+)/;

/**
 * Takes the merged entries in time order and keeps what the timeline shows: a bounded
 * head and tail of entries, the first error, the services crossed, gaps. Memory does
 * not depend on how many entries pass through.
 */
export class TimelineBuilder {
  private readonly head: TraceEntry[] = [];
  private readonly tail: TraceEntry[] = [];
  private tailStart = 0;
  private readonly tailLimit: number;
  private dropped = 0;
  private previous?: TraceEntry;
  private firstError?: TraceEntry;
  private readonly gaps: Gap[] = [];
  private readonly services = new Map<string, ServiceSighting>();
  private readonly summaries: StreamSummary[];

  constructor(private readonly options: BuilderOptions) {
    this.tailLimit = Math.max(1, Math.floor(options.limit / 4));
    this.summaries = options.streams.map((s) => ({ ...s, entries: 0 }));
  }

  /**
   * A line that names its service (`svc=worker`, `"service":"api"`) belongs to it when the
   * plan knows that service — or, without a plan order, when the stream mixes services (not
   * a pod's own log). An event names its object's service; the rest belong to their stream's.
   */
  private serviceOf(entry: TraceEntry): string {
    const expected = this.options.expected;
    const named = SERVICE_FIELD.exec(entry.text)?.[1];
    if (named && (expected.includes(named) || (expected.length === 0 && !isPodRef(entry.source)))) return named;
    const summary = this.summaries[entry.stream]!;
    return entry.source !== summary.source && podOf(entry.source) ? serviceOf(entry.source, expected) : summary.service;
  }

  add(entry: TraceEntry): void {
    const summary = this.summaries[entry.stream]!;
    summary.entries++;
    summary.first ??= entry.time;
    summary.last = entry.time;
    const service = (entry.service = this.serviceOf(entry));
    const sighting = this.services.get(service);
    const tookMs = requestDurationMs(entry.text);
    const began = tookMs > 0 ? fromMillis(entry.time.ms + entry.time.ns / 1e6 - tookMs) : entry.time;
    if (sighting) {
      if (compareInstants(began, sighting.began) < 0) sighting.began = began;
      sighting.last = entry.time;
      sighting.entries++;
      sighting.lastSource = entry.source;
      if (entry.error) sighting.errors++;
    } else {
      this.services.set(service, {
        name: service,
        began,
        first: entry.time,
        last: entry.time,
        entries: 1,
        errors: entry.error ? 1 : 0,
        lastSource: entry.source,
      });
    }
    if (entry.error && !this.firstError) this.firstError = entry;
    if (this.previous) {
      const ms = millisBetween(this.previous.time, entry.time);
      if (ms > this.options.gapMs && this.gaps.length < GAP_LIMIT) {
        this.gaps.push({ from: this.previous.time, to: entry.time, ms, after: this.previous.source, before: entry.source });
      }
    }
    this.previous = entry;
    this.keep(entry);
  }

  private keep(entry: TraceEntry): void {
    if (this.head.length < this.options.limit - this.tailLimit) {
      this.head.push(entry);
      return;
    }
    if (this.tail.length < this.tailLimit) {
      this.tail.push(entry);
      return;
    }
    this.tail[this.tailStart] = entry;
    this.tailStart = (this.tailStart + 1) % this.tailLimit;
    this.dropped++;
  }

  markProblem(stream: number, problem: string): void {
    this.summaries[stream]!.problem = problem;
  }

  /** The result, with context records (events, terminations) about pods that saw the trace. */
  finish(candidates: readonly ContextCandidate[], contextDropped: number): TraceResult {
    const seenPods = this.summaries.flatMap((s) => (s.entries > 0 && isPodRef(s.source) ? [`${s.source.namespace}/${s.source.pod}`] : []));
    const start = [...this.services.values()].reduce<Instant | undefined>((min, s) => (!min || compareInstants(s.first, min) < 0 ? s.first : min), undefined);
    const context = start
      ? candidates
          .filter((c) => compareInstants(c.entry.time, start) >= 0 && seenPods.some((p) => p === c.about || p.startsWith(`${c.about}-`)))
          .map((c) => ({ ...c.entry, service: this.serviceOf(c.entry) }))
          .sort((a, b) => compareInstants(a.time, b.time))
      : [];
    const kept = [...this.head, ...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
    const entries = mergeSorted(kept, context);
    const contextError = context.find((e) => e.error);
    const firstError = this.firstError && (!contextError || compareInstants(this.firstError.time, contextError.time) <= 0) ? this.firstError : contextError;
    const services = [...this.services.values()].sort((a, b) => compareInstants(a.began, b.began));
    return {
      trace: this.options.trace,
      window: this.options.window,
      sources: this.summaries,
      entries,
      dropped: this.dropped + contextDropped,
      ...(firstError ? { firstError } : {}),
      ...(stopOf(services, this.options.expected, this.options.window.end) ?? {}),
      services,
      expected: [...this.options.expected],
      gaps: this.gaps,
      related: this.options.related,
      problems: this.options.problems,
    };
  }
}

/** Context after trace entries of the same instant: the line that led to it comes first. */
function mergeSorted(a: readonly TraceEntry[], b: readonly TraceEntry[]): TraceEntry[] {
  if (b.length === 0) return [...a];
  const out: TraceEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareInstants(a[i]!.time, b[j]!.time) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * The stop is the furthest hop the trace reached — the furthest of the plan's services
 * that saw it, or (without a plan order) the service it reached last — and its last
 * line there. A caller's later "upstream timed out" line does not move the stop back.
 */
function stopOf(services: readonly ServiceSighting[], expected: readonly string[], end: Instant): { stopsAt: StopsAt } | undefined {
  if (services.length === 0) return undefined;
  const planned = services.filter((s) => expected.includes(s.name));
  const stop = planned.length > 0 ? planned.reduce((a, b) => (expected.indexOf(b.name) > expected.indexOf(a.name) ? b : a)) : services[services.length - 1]!;
  const at = expected.indexOf(stop.name);
  const neverSeen = at < 0 ? [...expected] : expected.slice(at + 1).filter((name) => !services.some((s) => s.name === name));
  return {
    stopsAt: { source: stop.lastSource, time: stop.last, service: stop.name, beforeEndMs: millisBetween(stop.last, end), neverSeen },
  };
}

/**
 * The result as it may be shown: each entry's text redacted, in new entries that keep
 * their times (the stop is found by its time) and the first error pointing at its entry.
 */
export function redactTrace(result: TraceResult, redactText: (text: string) => string): TraceResult {
  const shown = new Map<TraceEntry, TraceEntry>();
  const entries = result.entries.map((e) => {
    const safe = { ...e, text: redactText(e.text), ...(e.via !== undefined ? { via: redactText(e.via) } : {}) };
    shown.set(e, safe);
    return safe;
  });
  const firstError = result.firstError && (shown.get(result.firstError) ?? { ...result.firstError, text: redactText(result.firstError.text) });
  return {
    ...result,
    entries,
    ...(firstError ? { firstError } : {}),
    sources: result.sources.map((s) => (s.problem === undefined ? s : { ...s, problem: redactText(s.problem) })),
    related: result.related.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? redactText(v) : v])) as typeof r),
    problems: result.problems.map(redactText),
  };
}
