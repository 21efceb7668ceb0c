import type { InvestigationState } from '../investigation/fold';
import type { Evidence, Fact } from '../model';
import type { Plan } from '../plan/schema';
import { looksLikeError as traceLooksLikeError } from '../trace/errors';
import { workloadOf } from '../trace/workload';

// The followed trace as the note shows it: entries in time order, each attributed to a
// service, the first error, where it stops and who was expected next. Built from what
// the journal holds (the observability step's timed evidence and pinned timeline lines)
// unless the trace module hands over its own timeline. Where the walk followed the trace,
// its first error and its stop are the walk's (its `trace-error` and `trace-stop` facts):
// the note never names another line than the walk did.

export interface TimelineEntry {
  time?: string;
  service: string;
  source: string;
  text: string;
  error: boolean;
}

export interface NoteTimeline {
  entries: TimelineEntry[];
  /** The services on it: the plan's order first, then others as they appear. */
  services: string[];
  /** Index of the first error on the trace. */
  firstError?: number;
  /** Where the trace was last seen (in the furthest of the plan's services it reached), and the services expected after it that never saw it. */
  stop?: { index: number; service: string; expectedNext: string[] };
  /** The id followed: lines carrying it are sightings, the rest context about the pods that saw it. */
  traceId?: string;
  /** The plan's order of the trace's services, when it gives one. */
  planned?: string[];
}

/** Where the walk's trace check put the first error and the stop, as the lines it showed. */
export interface WalkTraceFacts {
  firstError?: Evidence;
  stop?: { evidence: Evidence; service: string; neverSeen: string[] };
}

/** A plan metric before and at the trace's onset, as the walk's trace check stated it. */
export interface NoteMetric {
  name: string;
  /** `prometheus http://…` */
  source: string;
  onset?: string;
  /** `0.1 before (median of 60 over 15m) → 0.9 at onset (×9, +0.8): moved`, or why it was not compared. */
  summary: string;
  replay?: string;
}

/** The metrics the trace check compared at onset (its `metric` facts), in the plan's order. */
export function metricsAtOnsetOf(state: InvestigationState): NoteMetric[] {
  return state.steps.observability.checks
    .flatMap((c) => c.result?.facts ?? [])
    .filter((f) => f.kind === 'metric')
    .map((f) => ({ name: f.subject, source: f.object, ...(f.time ? { onset: f.time } : {}), summary: f.phrase, ...(f.replay ? { replay: f.replay } : {}) }));
}

/** Error-looking as the trace module judges it: the walk and the note use one rule. */
function looksLikeError(text: string): boolean {
  return traceLooksLikeError(text);
}

/** The walk's trace facts, when a trace check stated them. */
function walkTraceFacts(state: InvestigationState): WalkTraceFacts | undefined {
  const facts = state.steps.observability.checks.flatMap((c) => c.result?.facts ?? []);
  const stop = facts.find((f) => f.kind === 'trace-stop');
  if (!stop) return undefined;
  const firstError: Fact | undefined = facts.find((f) => f.kind === 'trace-error');
  const line = (f: Fact) => f.evidence[0];
  return {
    ...(firstError && line(firstError) ? { firstError: line(firstError) } : {}),
    ...(line(stop) ? { stop: { evidence: line(stop)!, service: stop.subject, neverSeen: stop.related ?? [] } } : {}),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pod's or an event's object as trace evidence names it: `ns/pod/container (previous)`, `event ns/Kind/name`. */
const CLUSTER_SOURCE = /^(?:[a-z0-9-]+\/([a-z0-9.-]+)\/[a-z0-9-]+(?: \(previous\))?|event [a-z0-9-]+\/[A-Za-z]+\/([a-z0-9.-]+))$/;

/**
 * The service a line belongs to, as the trace module attributes it: a `svc`/`service`/`app`
 * field, else a pod's (or an event's object's) workload — the plan's service it is or
 * starts with —, a known service in the source, else the source's last part.
 */
export function serviceOf(text: string, source: string, known: readonly string[]): string {
  const field = /(?:^|[\s{,])"?(?:svc|service|app|component)"?\s*[:=]\s*"?([A-Za-z0-9_.-]+)/.exec(text)?.[1];
  if (field) return field;
  const object = CLUSTER_SOURCE.exec(source);
  if (object) {
    const workload = workloadOf(object[1] ?? object[2]!);
    return known.filter((s) => workload === s || workload.startsWith(`${s}-`)).sort((a, b) => b.length - a.length)[0] ?? workload;
  }
  for (const name of known) {
    const boundary = new RegExp(`(?:^|[/:\\s])${escapeRegExp(name)}(?:$|[-/:.\\s])`);
    if (boundary.test(source)) return name;
  }
  const parts = source.split(/[/\s]+/).filter(Boolean);
  const last = parts.at(-1) ?? source;
  // A file source names the file and line; strip both so `worker.log:12` reads as `worker`.
  return last.replace(/:\d+$/, '').replace(/\.(?:log|txt|ndjson|json|gz)$/i, '') || 'unknown';
}

function instant(time: string | undefined): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** The timeline the journal holds: timed evidence of the observability step and every pinned timeline line. */
export function timelineOf(state: InvestigationState, plan?: Plan): NoteTimeline {
  // The walk's own service order wins: a note rendered later may have no plan, or another one.
  const known = state.traceServices ?? plan?.trace?.services ?? [];
  const walk = walkTraceFacts(state);
  const raw = [
    // A scan's signature hits are not the trace: the timeline is what the trace (and log checks) followed.
    ...state.steps.observability.checks
      .filter((c) => !(c.result?.facts?.length && c.result.facts.every((f) => f.kind === 'signature' || f.kind === 'fallback')))
      .flatMap((c) => (c.result?.evidence ?? []).filter((e) => e.time)),
    ...state.ledger.pinned.filter((p) => p.from === 'timeline'),
    // The walk's own lines are on the timeline even when its evidence was capped.
    ...[walk?.firstError, walk?.stop?.evidence].filter((e): e is Evidence => e !== undefined),
  ];
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const e of raw) {
    const key = `${e.time ?? ''}\u0000${e.source}\u0000${e.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ time: e.time, source: e.source, text: e.text, service: serviceOf(e.text, e.source, known), error: looksLikeError(e.text) });
  }
  // Stable: equal instants keep the order the sources gave.
  entries.sort((a, b) => instant(a.time) - instant(b.time));
  return withDerivedFacts(entries, known, state.traceId, walk);
}

const sameLine = (e: TimelineEntry, line: Evidence) => e.source === line.source && e.text === line.text && (e.time ?? '') === (line.time ?? '');

/**
 * First error, the stop, and the services expected after the stop (plan order) that never saw
 * the trace: the walk's when it followed the trace, else derived here the way the trace
 * module does. With its id, only lines carrying it place the stop: an event or a
 * termination about a pod is context, not a sighting.
 */
export function withDerivedFacts(entries: TimelineEntry[], known: readonly string[], traceId?: string, walk?: WalkTraceFacts): NoteTimeline {
  const appearing = [...new Set(entries.map((e) => e.service))];
  const services = [...known.filter((s) => appearing.includes(s)), ...appearing.filter((s) => !known.includes(s))];
  const id = { ...(traceId ? { traceId } : {}), ...(known.length ? { planned: [...known] } : {}) };
  if (entries.length === 0) return { entries, services, ...id };
  if (walk?.stop) {
    const stopIndex = entries.findIndex((e) => sameLine(e, walk.stop!.evidence));
    const errorIndex = walk.firstError ? entries.findIndex((e) => sameLine(e, walk.firstError!)) : -1;
    if (stopIndex >= 0) {
      return {
        entries,
        services,
        ...id,
        ...(errorIndex >= 0 ? { firstError: errorIndex } : {}),
        stop: { index: stopIndex, service: walk.stop.service, expectedNext: walk.stop.neverSeen },
      };
    }
  }
  const firstErrorIndex = entries.findIndex((e) => e.error);
  const sighting = (e: TimelineEntry) => !traceId || e.text.includes(traceId);
  const sighted = entries.some(sighting) ? sighting : () => true;
  // The furthest of the plan's services that saw the trace; a caller's later lines do not move the stop back.
  const furthest = known.filter((s) => entries.some((e) => e.service === s && sighted(e))).at(-1);
  const last = entries.findLastIndex((e) => sighted(e) && (furthest === undefined || e.service === furthest));
  const service = entries[last]!.service;
  const seen = new Set(appearing);
  const position = known.indexOf(service);
  const expectedNext = position >= 0 ? known.slice(position + 1).filter((s) => !seen.has(s)) : [];
  return { entries, services, ...id, firstError: firstErrorIndex >= 0 ? firstErrorIndex : undefined, stop: { index: last, service, expectedNext } };
}

/** Indexes worth showing: the start, every hop between services, around the first error, and the run-up to the stop. */
export function shortened(timeline: NoteTimeline, limit = 14): number[] {
  const n = timeline.entries.length;
  if (n <= limit) return [...Array(n).keys()];
  const keep = new Set<number>([0]);
  const around = (i: number, before: number, after: number) => {
    for (let k = Math.max(0, i - before); k <= Math.min(n - 1, i + after); k++) keep.add(k);
  };
  if (timeline.firstError !== undefined) around(timeline.firstError, 2, 2);
  around(timeline.stop?.index ?? n - 1, 3, 0);
  for (let i = 1; i < n && keep.size < limit; i++) {
    if (timeline.entries[i]!.service !== timeline.entries[i - 1]!.service) keep.add(i);
  }
  return [...keep].sort((a, b) => a - b);
}

/** What a log line says, without its envelope: the `msg`/`message` field of JSON or logfmt, else the line. */
export function messageOf(text: string): string {
  const json = /"(?:msg|message)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (json !== undefined) return json.replace(/\\(.)/g, '$1');
  const logfmt = /(?:^|\s)(?:msg|message)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/.exec(text);
  if (logfmt) return (logfmt[1] ?? logfmt[2]!).replace(/\\(.)/g, '$1');
  return text;
}
