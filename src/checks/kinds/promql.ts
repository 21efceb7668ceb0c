import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { formatDuration, parseDuration } from '../../model/duration';
import { checkIdentity, checkSpecBase, durationText } from '../spec';
import type { CheckContext, CheckKind } from '../types';
import { bodyExcerpt, describeTimings, displayUrl } from '../http-probe';
import { shellQuote } from '../shell';
import { httpHeader, resolveHeaders, sendRequest } from './http';

// A question for Prometheus: "is checkout's error rate above 5%", "is the collector's
// memory above its limiter". The check fails when a series meets `failWhen`, the way an
// alerting rule fires; with `for`, only when it met it at every sample over that range.

const COMPARISON = /^\s*(==|!=|>=|<=|>|<)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|[-+]?Inf|NaN)\s*$/i;

export const promqlSpec = checkSpecBase
  .extend({
    kind: z.literal('promql'),
    /** Prometheus' base URL (what its web UI is served under): `/api/v1/query` is added. */
    url: z.url({ protocol: /^https?$/ }),
    query: z.string().min(1),
    /** A comparison such as `> 0.05` or `== 0`: a series that meets it fails the check. */
    failWhen: z.string().regex(COMPARISON, 'a comparison such as "> 0.05" or "== 0" (==, !=, >, >=, <, <= and a number)'),
    /** A range such as `5m`: the series fails only when it met `failWhen` at every sample over it. */
    for: durationText.optional(),
    headers: z.array(httpHeader).default([]),
  })
  .strict();
export type PromqlSpec = z.infer<typeof promqlSpec>;

// Prometheus' HTTP API answer, parsed at the boundary (the trace window's metrics read it too).
const sample = z.tuple([z.number(), z.string()]);
export const promSeries = z.object({ metric: z.record(z.string(), z.string()), value: sample.optional(), values: z.array(sample).optional() });
const promAnswer = z.object({
  status: z.enum(['success', 'error']),
  data: z
    .union([
      z.object({ resultType: z.enum(['vector', 'matrix']), result: z.array(promSeries) }),
      z.object({ resultType: z.enum(['scalar', 'string']), result: sample }),
    ])
    .optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

type PromAnswer = z.infer<typeof promAnswer>;

/** An answer body as Prometheus' API shape, or undefined when it is not JSON of that shape. */
export function readPromAnswer(body: string): PromAnswer | undefined {
  try {
    const parsed = promAnswer.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

type Comparison = { op: string; threshold: number };

function comparisonOf(text: string): Comparison {
  const [, op, number] = COMPARISON.exec(text)!;
  return { op: op!, threshold: Number(number!.replace(/inf/i, 'Infinity')) };
}

function meets(value: number, { op, threshold }: Comparison): boolean {
  switch (op) {
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    default:
      return value <= threshold;
  }
}

/** `{job="checkout",code="500"}`; the metric name in front when there is one. */
export function seriesName(metric: Record<string, string>): string {
  const { __name__: name, ...labels } = metric;
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  if (!name && !inner) return 'value';
  return `${name ?? ''}${inner || !name ? `{${inner}}` : ''}`;
}

export const promNumber = (v: string) => Number(v.replace(/inf/i, 'Infinity'));
export const shown = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

/** The request: an instant query at `at`, or a range query over `for` before it. */
function requestOf(spec: PromqlSpec, at: Date, timeoutMs: number): { path: string; params: [string, string][] } {
  const timeout = `${Math.max(1, Math.floor(timeoutMs / 1000))}s`;
  const rangeMs = spec.for === undefined ? undefined : parseDuration(spec.for)!;
  const end = at.getTime() / 1000;
  if (rangeMs === undefined)
    return {
      path: 'api/v1/query',
      params: [
        ['query', spec.query],
        ['time', String(end)],
        ['timeout', timeout],
      ],
    };
  // About thirty samples over the range, never finer than a second.
  const step = Math.max(1, Math.round(rangeMs / 1000 / 30));
  return {
    path: 'api/v1/query_range',
    params: [
      ['query', spec.query],
      ['start', String(end - rangeMs / 1000)],
      ['end', String(end)],
      ['step', `${step}s`],
      ['timeout', timeout],
    ],
  };
}

export function apiUrl(base: string, path: string, params: readonly [string, string][]): string {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of params) url.searchParams.set(k, v);
  return url.toString();
}

/** The same question with curl; header values never appear ($VAR or <redacted>). */
function replayOf(spec: PromqlSpec, path: string, params: readonly [string, string][], timeoutMs: number): string {
  const parts = ['curl', '-sS', '-G', '--max-time', String(Math.max(1, Math.ceil(timeoutMs / 1000)))];
  for (const h of spec.headers) parts.push('-H', h.fromEnv ? `"${h.name}: $${h.fromEnv}"` : shellQuote(`${h.name}: <redacted>`));
  // The time parameters are left out: the replay asks about now, as the check did.
  for (const [k, v] of params) if (k === 'query') parts.push('--data-urlencode', shellQuote(`${k}=${v}`));
  if (spec.for !== undefined)
    parts.push(
      '--data-urlencode',
      `"start=$(date -d '-${spec.for}' +%s)"`,
      '--data-urlencode',
      '"end=$(date +%s)"',
      '--data-urlencode',
      `step=${params.find(([k]) => k === 'step')![1]}`,
    );
  parts.push(shellQuote(displayUrl(apiUrl(spec.url, path, []))));
  return parts.join(' ');
}

interface Judged {
  name: string;
  /** The last value, and over a range the lowest and highest. */
  last: number;
  min: number;
  max: number;
  samples: number;
  met: boolean;
  /** Over a range: the series began after the range did, so it cannot have met the condition for all of it. */
  lateBy?: number;
}

/** `since`: over a range, the first sample must be this early (seconds) for the whole range to count. */
function judge(s: z.infer<typeof promSeries>, comparison: Comparison, since?: number): Judged {
  const points = s.values ?? (s.value ? [s.value] : []);
  const values = points.map(([, v]) => promNumber(v));
  const late = since !== undefined && points.length > 0 && points[0]![0] > since ? points[0]![0] - since : undefined;
  return {
    name: seriesName(s.metric),
    last: values.at(-1) ?? NaN,
    min: Math.min(...values),
    max: Math.max(...values),
    samples: values.length,
    met: values.length > 0 && late === undefined && values.every((v) => meets(v, comparison)),
    ...(late !== undefined ? { lateBy: late } : {}),
  };
}

const SHOWN_SERIES = 20;

async function runPromql(spec: PromqlSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const { path, params } = requestOf(spec, ctx.now(), ctx.timeoutMs);
  const replay = replayOf(spec, path, params, ctx.timeoutMs);
  const source = `prometheus ${displayUrl(spec.url)}`;
  const { values, unset } = resolveHeaders(spec.headers, ctx.env);
  if (unset.length > 0) return { status: 'error', summary: `not sent: header ${unset.join(', ')}, which is not set`, evidence: [], replay };
  // 400 and 422 are Prometheus' answers about the query itself: read, never retried.
  const probe = await sendRequest({ method: 'GET', url: apiUrl(spec.url, path, params), headers: values }, ctx, undefined, [200, 400, 422]);
  const time = ctx.now().toISOString();
  const evidence: Evidence[] = [
    { text: `query: ${spec.query}${spec.for ? ` over the last ${spec.for}` : ''}; fails when ${spec.failWhen.trim()}`, source, time },
  ];
  evidence.push({ text: `timing: ${describeTimings(probe.timings)}`, source, time });
  const r = probe.response;
  if (!r) {
    return {
      status: 'error',
      summary: `Prometheus not reached: ${probe.failure?.reason ?? 'no response'}`,
      evidence: [...evidence, { text: probe.failure?.reason ?? 'no response', source, time }],
      replay,
      bucket: 'weak-observability',
    };
  }
  const answer = readPromAnswer(r.body);
  if (answer?.status === 'error') {
    const what = answer.errorType === 'bad_data' ? 'bad query' : `query failed`;
    return { status: 'error', summary: `${what} (${answer.errorType ?? `HTTP ${r.status}`}): ${answer.error ?? 'no reason given'}`, evidence, replay };
  }
  if (r.status !== 200 || !answer?.data) {
    const body = bodyExcerpt(r.body, 120);
    return {
      status: 'error',
      summary: `Prometheus answered HTTP ${r.status} ${r.statusText}${answer ? '' : ', not a Prometheus API answer'}${body ? `: ${body}` : ''}`,
      evidence: [...evidence, { text: `HTTP ${r.status} ${r.statusText}${body ? `: ${body}` : ''}`, source, time }],
      replay,
      ...(r.status >= 500 ? { bucket: 'weak-observability' as const } : {}),
    };
  }
  for (const warning of answer.warnings ?? []) evidence.push({ text: `warning: ${warning}`, source, time });
  const data = answer.data;
  if (data.resultType === 'string') return { status: 'error', summary: 'the query gives a string, not a number to compare', evidence, replay };
  const all: z.infer<typeof promSeries>[] =
    data.resultType === 'scalar' ? [{ metric: {}, value: data.result as [number, string] }] : (data.result as z.infer<typeof promSeries>[]);
  const comparison = comparisonOf(spec.failWhen);
  // A range counts from its first step: a series first seen later did not hold for all of it.
  const start = params.find(([k]) => k === 'start');
  const step = params.find(([k]) => k === 'step');
  const since = start && step ? Number(start[1]) + parseInt(step[1], 10) : undefined;
  const judged = all.map((s) => judge(s, comparison, since));
  if (judged.length === 0) {
    return {
      status: 'warn',
      summary: `no series: the query matched nothing${spec.for ? ` over the last ${spec.for}` : ''} (a metric or label that does not exist, or nothing scraped yet), so "${spec.failWhen.trim()}" cannot be judged`,
      evidence,
      replay,
      bucket: 'weak-observability',
    };
  }
  const took = formatDuration(probe.timings.totalMs);
  for (const j of judged.slice(0, SHOWN_SERIES)) {
    const range = j.samples > 1 ? ` (${j.samples} samples, ${shown(j.min)}–${shown(j.max)})` : '';
    const late = j.lateBy !== undefined ? `; first seen ${formatDuration(j.lateBy * 1000)} into the ${spec.for}` : '';
    evidence.push({ text: `${j.name} = ${shown(j.last)}${range}${j.met ? `: meets ${spec.failWhen.trim()}` : ''}${late}`, source, time });
  }
  if (judged.length > SHOWN_SERIES) evidence.push({ text: `… ${judged.length - SHOWN_SERIES} more series`, source, time });
  const met = judged.filter((j) => j.met);
  const over = spec.for ? ` for ${spec.for}` : '';
  if (met.length === 0) {
    return {
      status: 'pass',
      summary: `${judged.length === 1 ? `${judged[0]!.name || 'value'} = ${shown(judged[0]!.last)}` : `${judged.length} series`}, none ${spec.failWhen.trim()}${over} (in ${took})`,
      evidence,
      replay,
    };
  }
  const named = met
    .slice(0, 3)
    .map((j) => `${j.name || 'value'} = ${shown(j.last)}`)
    .join(', ');
  return { status: 'fail', summary: `${named}${met.length > 3 ? ` and ${met.length - 3} more` : ''}: ${spec.failWhen.trim()}${over}`, evidence, replay };
}

export const promqlKind: CheckKind<PromqlSpec, typeof promqlSpec> = {
  kind: 'promql',
  schema: promqlSpec,
  create(spec, step, index) {
    return {
      ...checkIdentity(spec, step, index, `PromQL ${spec.name ?? spec.query}`),
      run: (ctx) => runPromql(spec, ctx),
    };
  },
};
