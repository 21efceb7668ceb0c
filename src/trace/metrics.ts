import type { z } from 'zod';
import { apiUrl, promNumber, type promSeries, readPromAnswer, seriesName, shown } from '../checks/kinds/promql';
import { bodyExcerpt, describeTimings, displayUrl, probeHttp, type HttpProbe } from '../checks/http-probe';
import { shellQuote } from '../checks/shell';
import { formatDuration, parseDuration } from '../model/duration';
import type { TraceMetric } from '../plan/schema';
import { formatInstant, type Instant } from './instant';

// The plan's metrics around the trace's onset (its first error): what each was in the
// window before, what it was at onset, and whether it moved. A person reads a dashboard
// the same way; this puts that glance next to the timeline with a curl line to repeat it.

type MetricVerdict = 'moved' | 'steady' | 'empty' | 'unreachable' | 'http-error' | 'bad-query' | 'query-error' | 'not-asked';

export interface MetricAtOnset {
  name: string;
  query: string;
  /** `prometheus http://127.0.0.1:9090` */
  source: string;
  /** RFC 3339: the instant compared against. */
  onset: string;
  window: string;
  verdict: MetricVerdict;
  /** One line a person reads: `0.1 → 0.9 at onset (×9, +0.8), moved` or why there is no comparison. */
  summary: string;
  /** Median of the window before onset. */
  before?: number;
  atOnset?: number;
  /** atOnset / before; absent when before is 0. */
  ratio?: number;
  delta?: number;
  /** The series compared (the one that moved most) and how many the query gave. */
  series?: string;
  seriesCount?: number;
  /** The range and instant requests' timing breakdowns. */
  timing: string;
  /** Both requests run at once: the longer of the two. */
  tookMs: number;
  /** The instant query at onset, as curl. */
  replay: string;
}

export interface MetricQueryOptions {
  signal: AbortSignal;
  /** Deadline of each request. */
  timeoutMs: number;
}

/**
 * Moved: at least doubled or halved against the median before, and outside every value
 * the window saw. A factor of two is what stands out on a dashboard and is well past a
 * steady series' jitter; being outside the window's own range keeps a series that already
 * swung that far before onset from being flagged for the one moment we look at.
 */
const MOVED_FACTOR = 2;

/** About sixty points over the window (a dashboard's resolution), never finer than a second. */
const POINTS = 60;

type Series = z.infer<typeof promSeries>;
type Read = { series: Series[] } | { verdict: MetricVerdict; reason: string };

/** Prometheus' answer to one request: its series, or why there are none. */
function readAnswer(probe: HttpProbe): Read {
  const r = probe.response;
  if (!r) return { verdict: 'unreachable', reason: `Prometheus not reached: ${probe.failure?.reason ?? 'no response'}` };
  const answer = readPromAnswer(r.body);
  if (answer?.status === 'error') {
    const bad = answer.errorType === 'bad_data';
    return {
      verdict: bad ? 'bad-query' : 'query-error',
      reason: `${bad ? 'bad query' : 'query failed'} (${answer.errorType ?? `HTTP ${r.status}`}): ${answer.error ?? 'no reason given'}`,
    };
  }
  if (r.status !== 200 || !answer?.data) {
    const body = bodyExcerpt(r.body, 120);
    return {
      verdict: 'http-error',
      reason: `Prometheus answered HTTP ${r.status} ${r.statusText}${answer ? '' : ', not a Prometheus API answer'}${body ? `: ${body}` : ''}`,
    };
  }
  const data = answer.data;
  if (data.resultType === 'string') return { verdict: 'query-error', reason: 'the query gives a string, not a number to compare' };
  if (data.resultType === 'scalar') return { series: [{ metric: {}, value: data.result as [number, string] }] };
  return { series: data.result as Series[] };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Comparison {
  series: string;
  before?: number;
  atOnset?: number;
  ratio?: number;
  delta?: number;
  moved: boolean;
  /** It changed by the factor but to a value the window already saw. */
  seenBefore?: boolean;
  /** How far it moved, to pick the series to show: relative change, Infinity from or to nothing. */
  size: number;
  samples: number;
}

function compare(name: string, before: readonly number[], at: number | undefined): Comparison {
  const finite = before.filter(Number.isFinite);
  if (at === undefined || !Number.isFinite(at)) {
    // Present before and gone at onset (or NaN) is a move of its own.
    return {
      series: name,
      ...(finite.length ? { before: median(finite) } : {}),
      moved: finite.length > 0,
      size: finite.length ? Infinity : 0,
      samples: finite.length,
    };
  }
  if (finite.length === 0) return { series: name, atOnset: at, moved: true, size: Infinity, samples: 0 };
  const med = median(finite);
  const delta = at - med;
  const ratio = med === 0 ? undefined : at / med;
  const outside = at > Math.max(...finite) || at < Math.min(...finite);
  const factor = ratio === undefined ? at !== 0 : ratio >= MOVED_FACTOR || ratio <= 1 / MOVED_FACTOR;
  return {
    series: name,
    before: med,
    atOnset: at,
    ...(ratio !== undefined ? { ratio } : {}),
    delta,
    moved: outside && factor,
    ...(factor && !outside ? { seenBefore: true } : {}),
    size: med === 0 ? (at === 0 ? 0 : Infinity) : Math.abs(delta / med),
    samples: finite.length,
  };
}

const key = (metric: Record<string, string>) => JSON.stringify(Object.entries(metric).sort(([a], [b]) => a.localeCompare(b)));

function describe(c: Comparison, window: string): string {
  if (c.atOnset === undefined)
    return c.before === undefined ? 'no value at onset' : `${shown(c.before)} before (median over ${window}), no value at onset: moved`;
  if (c.before === undefined) return `no value in the ${window} before; ${shown(c.atOnset)} at onset: moved`;
  const change = [c.ratio !== undefined ? `×${shown(c.ratio)}` : 'from 0', `${c.delta! >= 0 ? '+' : ''}${shown(c.delta!)}`].join(', ');
  return `${shown(c.before)} before (median of ${c.samples} over ${window}) → ${shown(c.atOnset)} at onset (${change})${c.moved ? ': moved' : c.seenBefore ? ', steady (it was there in the window before too)' : ', steady'}`;
}

/** The instant query at onset as curl: the URL whole and quoted, as a person pastes it. */
function metricReplay(metric: TraceMetric, onsetSeconds: string, timeoutMs: number): string {
  const url = apiUrl(metric.url, 'api/v1/query', [
    ['query', metric.query],
    ['time', onsetSeconds],
  ]);
  return ['curl', '-sS', '--max-time', String(Math.max(1, Math.ceil(timeoutMs / 1000))), shellQuote(displayUrl(url))].join(' ');
}

/** Seconds since the epoch as Prometheus reads them, to the millisecond. */
const seconds = (ms: number) => String(Math.round(ms) / 1000);

/** One metric before and at onset: two requests at once, each under the caller's deadline and signal. */
export async function metricAtOnset(metric: TraceMetric, onset: Instant, options: MetricQueryOptions): Promise<MetricAtOnset> {
  const windowMs = parseDuration(metric.window)!;
  const stepS = Math.max(1, Math.round(windowMs / 1000 / POINTS));
  const onsetS = seconds(onset.ms);
  const timeout = `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s`;
  // The window ends a step before onset: the value at onset is not part of "before".
  const range = apiUrl(metric.url, 'api/v1/query_range', [
    ['query', metric.query],
    ['start', seconds(onset.ms - windowMs)],
    ['end', seconds(onset.ms - stepS * 1000)],
    ['step', `${stepS}s`],
    ['timeout', timeout],
  ]);
  const instant = apiUrl(metric.url, 'api/v1/query', [
    ['query', metric.query],
    ['time', onsetS],
    ['timeout', timeout],
  ]);
  const probe = (url: string) =>
    probeHttp(
      { method: 'GET', url, headers: [] },
      // 400 and 422 are Prometheus' answers about the query itself: read, never retried.
      {
        signal: options.signal,
        connectTimeoutMs: Math.max(1, Math.round(options.timeoutMs / 3)),
        deadlineMs: options.timeoutMs,
        expectStatus: [200, 400, 422],
      },
    );
  const [rangeProbe, instantProbe] = await Promise.all([probe(range), probe(instant)]);
  const base = {
    name: metric.name,
    query: metric.query,
    source: `prometheus ${displayUrl(metric.url)}`,
    onset: formatInstant(onset),
    window: metric.window,
    timing: `before: ${describeTimings(rangeProbe.timings)}; at onset: ${describeTimings(instantProbe.timings)}`,
    tookMs: Math.max(rangeProbe.timings.totalMs, instantProbe.timings.totalMs),
    replay: metricReplay(metric, onsetS, options.timeoutMs),
  };
  const at = readAnswer(instantProbe);
  const before = readAnswer(rangeProbe);
  // The answer at onset speaks first: its replay is the one shown.
  for (const read of [at, before]) if ('reason' in read) return { ...base, verdict: read.verdict, summary: read.reason };
  const atSeries = (at as { series: Series[] }).series;
  const beforeSeries = (before as { series: Series[] }).series;
  if (atSeries.length === 0 && beforeSeries.length === 0) {
    return {
      ...base,
      verdict: 'empty',
      summary: `no series at onset or in the ${metric.window} before: the query matched nothing (a metric or label that does not exist, or not scraped then)`,
    };
  }
  const byKey = new Map(beforeSeries.map((s) => [key(s.metric), s]));
  const names = new Set<string>();
  const comparisons: Comparison[] = [];
  for (const s of atSeries) {
    const k = key(s.metric);
    names.add(k);
    const earlier = byKey.get(k);
    comparisons.push(
      compare(
        seriesName(s.metric),
        (earlier?.values ?? []).map(([, v]) => promNumber(v)),
        s.value ? promNumber(s.value[1]) : undefined,
      ),
    );
  }
  for (const s of beforeSeries)
    if (!names.has(key(s.metric)))
      comparisons.push(
        compare(
          seriesName(s.metric),
          (s.values ?? []).map(([, v]) => promNumber(v)),
          undefined,
        ),
      );
  const shownOne = [...comparisons].sort((a, b) => Number(b.moved) - Number(a.moved) || b.size - a.size)[0]!;
  const count = comparisons.length;
  const of = count > 1 ? `; ${shownOne.series}, ${comparisons.filter((c) => c.moved).length} of ${count} series moved` : '';
  return {
    ...base,
    verdict: shownOne.moved ? 'moved' : 'steady',
    summary: `${describe(shownOne, metric.window)}${of}`,
    ...(shownOne.before !== undefined ? { before: shownOne.before } : {}),
    ...(shownOne.atOnset !== undefined ? { atOnset: shownOne.atOnset } : {}),
    ...(shownOne.ratio !== undefined ? { ratio: shownOne.ratio } : {}),
    ...(shownOne.delta !== undefined ? { delta: shownOne.delta } : {}),
    series: shownOne.series,
    seriesCount: count,
  };
}

/** A metric there was no time left to ask: said so, with the line that asks it by hand. */
export function metricNotAsked(metric: TraceMetric, onset: Instant, why: string, timeoutMs: number): MetricAtOnset {
  return {
    name: metric.name,
    query: metric.query,
    source: `prometheus ${displayUrl(metric.url)}`,
    onset: formatInstant(onset),
    window: metric.window,
    verdict: 'not-asked',
    summary: `not asked: ${why}`,
    timing: 'not sent',
    tookMs: 0,
    replay: metricReplay(metric, seconds(onset.ms), timeoutMs),
  };
}

/** Every plan metric at the onset, at once; each answers on its own (one unreachable Prometheus spoils no other). */
export function metricsAtOnset(metrics: readonly TraceMetric[], onset: Instant, options: MetricQueryOptions): Promise<MetricAtOnset[]> {
  return Promise.all(metrics.map((m) => metricAtOnset(m, onset, options)));
}

/** `checkout-p99 0.1 → 0.9 at onset (×9, +0.8): moved (in 12ms)`: the line the timeline and the trace check show. */
export function metricLine(m: MetricAtOnset): string {
  return `${m.name}: ${m.summary} (in ${formatDuration(m.tookMs)})`;
}

/** `triage trace`'s block after the stop: each metric's line and the curl that asks again. */
export function metricsText(metrics: readonly MetricAtOnset[]): string {
  if (metrics.length === 0) return '';
  const width = Math.max(...metrics.map((m) => m.name.length));
  const mark = (m: MetricAtOnset) => (m.verdict === 'moved' ? '▲' : m.verdict === 'steady' ? '·' : '?');
  const lines = [`metrics at onset ${metrics[0]!.onset} (the first error), against the median before:`];
  for (const m of metrics) lines.push(`  ${mark(m)} ${m.name.padEnd(width)}  ${m.summary} (in ${formatDuration(m.tookMs)})`, `    ${m.replay}`);
  return `${lines.join('\n')}\n`;
}
