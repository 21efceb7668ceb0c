import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { formatDuration, parseDuration } from '../../model/duration';
import { checkIdentity, checkSpecBase, durationText, ownDeadlineMs, regexText } from '../spec';
import type { CheckContext, CheckKind } from '../types';
import { bodyExcerpt, curlLine, describeTimings, displayUrl, probeHttp, type HttpHeaderValue, type HttpProbe, type HttpResponse } from '../http-probe';
import { jsonAt, showJson } from '../json-path';

/** A request header: a literal value or the name of an environment variable. Values are never echoed. */
export const httpHeader = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name: letters, digits, dash'),
    /** Literal value; prefer `fromEnv` for anything secret. */
    value: z.string().optional(),
    fromEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
  })
  .refine((h) => (h.value === undefined) !== (h.fromEnv === undefined), { message: 'give exactly one of value or fromEnv' });
export type HttpHeader = z.infer<typeof httpHeader>;

export const httpSpec = checkSpecBase
  .extend({
    kind: z.literal('http'),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.array(httpHeader).default([]),
    body: z.string().optional(),
    expectStatus: z.union([z.number().int(), z.array(z.number().int()).min(1)]).default(200),
    /** A regex the body must match. */
    bodyMatches: regexText.optional(),
    /** A dotted JSON path in the body and the value it must have (`sha`, `build.commit`). */
    jsonField: z.strictObject({ path: z.string().min(1), equals: z.string().optional(), matches: regexText.optional() }).optional(),
    /** How long the TCP connect may take before it is retried once (default: a third of the timeout). */
    connectTimeout: durationText.optional(),
  })
  .strict();
export type HttpSpec = z.infer<typeof httpSpec>;

/** Header values from the plan or the environment; the names of unset variables otherwise. */
export function resolveHeaders(headers: readonly HttpHeader[], env: CheckContext['env']): { values: HttpHeaderValue[]; unset: string[] } {
  const values: HttpHeaderValue[] = [];
  const unset: string[] = [];
  for (const h of headers) {
    const value = h.fromEnv !== undefined ? env[h.fromEnv] : h.value;
    if (value === undefined || value === '') unset.push(`${h.name} needs $${h.fromEnv}`);
    else values.push({ name: h.name, value });
  }
  return { values, unset };
}

/** `/buildinfo` or `/search?q=x`: what a person recognises in a summary. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Send the request of an http-shaped check: connect timeout, retry and own deadline follow the context. */
export function sendRequest(
  request: { method: string; url: string; headers: HttpHeaderValue[]; body?: string },
  ctx: CheckContext,
  connectTimeoutMs?: number,
  expectStatus?: readonly number[],
): Promise<HttpProbe> {
  return probeHttp(request, {
    signal: ctx.signal,
    connectTimeoutMs: connectTimeoutMs ?? Math.max(1, Math.round(ctx.timeoutMs / 3)),
    deadlineMs: ownDeadlineMs(ctx.timeoutMs),
    ...(expectStatus ? { expectStatus } : {}),
  });
}

/** `503, 429` and the waits: what answered "try again" before the last answer. */
function transientText(probe: HttpProbe): string {
  return probe.transient.map((t) => `${t.status}${t.retryAfter ? ` (Retry-After ${t.retryAfter})` : ''}`).join(', ');
}

/** Evidence every http-shaped check shows: the outcome line, the timing breakdown, the retry, the body's start. */
export function probeEvidence(probe: HttpProbe, source: string, time: string): Evidence[] {
  const lines: Evidence[] = [];
  if (probe.retried) {
    lines.push({
      text: `first connect timed out after ${formatDuration(probe.firstConnectTimeoutMs ?? 0)}; retried once (a cold first connection is a known false alarm)`,
      source,
      time,
    });
  }
  if (probe.transient.length) {
    const waited = probe.transient.map((t) => formatDuration(t.waitedMs)).join(', ');
    lines.push({ text: `answered ${transientText(probe)} first; retried after ${waited}`, source, time });
  }
  const r = probe.response;
  if (r) {
    const size = `${r.bytes}${r.truncated ? '+' : ''} bytes`;
    lines.push({ text: `HTTP ${r.status} ${r.statusText}${r.contentType ? `, ${r.contentType}` : ''}, ${size}`, source, time });
  } else if (probe.failure) {
    lines.push({ text: probe.failure.reason, source, time });
  }
  lines.push({ text: `timing: ${describeTimings(probe.timings)}`, source, time });
  if (r && r.body.trim() !== '') lines.push({ text: `body: ${bodyExcerpt(r.body)}`, source, time });
  return lines;
}

/** What is wrong with a response against the spec's expectations; empty when it is as expected. */
function problemsOf(spec: HttpSpec, r: HttpResponse, evidence: Evidence[], source: string, time: string): string[] {
  const problems: string[] = [];
  const expected = Array.isArray(spec.expectStatus) ? spec.expectStatus : [spec.expectStatus];
  if (!expected.includes(r.status)) {
    const reason = bodyExcerpt(r.body, 80);
    problems.push(`expected ${expected.join(' or ')}${reason ? `: ${reason}` : ''}`);
  }
  if (spec.bodyMatches !== undefined && !new RegExp(spec.bodyMatches).test(r.body)) {
    problems.push(`body does not match /${spec.bodyMatches}/`);
  }
  if (spec.jsonField) {
    const { path, equals, matches } = spec.jsonField;
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.body);
    } catch {
      problems.push(`body is not JSON, cannot read ${path}`);
      return problems;
    }
    const value = jsonAt(parsed, path);
    if (value === undefined) {
      problems.push(`${path} missing from the body`);
      return problems;
    }
    const shown = showJson(value);
    evidence.push({ text: `${path} = ${shown}`, source, time });
    if (equals !== undefined && shown !== equals) problems.push(`${path} ${shown} ≠ expected ${equals}`);
    if (matches !== undefined && !new RegExp(matches).test(shown)) problems.push(`${path} ${shown} does not match /${matches}/`);
  }
  return problems;
}

async function runHttp(spec: HttpSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const source = `http ${spec.method} ${displayUrl(spec.url)}`;
  const replay = curlLine(spec.method, spec.url, spec.headers, spec.body, ctx.timeoutMs);
  const { values, unset } = resolveHeaders(spec.headers, ctx.env);
  if (unset.length > 0) {
    return { status: 'error', summary: `not sent: header ${unset.join(', ')}, which is not set`, evidence: [], replay };
  }
  const connectTimeoutMs = spec.connectTimeout === undefined ? undefined : parseDuration(spec.connectTimeout);
  const expected = Array.isArray(spec.expectStatus) ? spec.expectStatus : [spec.expectStatus];
  const probe = await sendRequest(
    { method: spec.method, url: spec.url, headers: values, ...(spec.body === undefined ? {} : { body: spec.body }) },
    ctx,
    connectTimeoutMs,
    expected,
  );
  const time = ctx.now().toISOString();
  const evidence = probeEvidence(probe, source, time);
  const head = `${spec.method} ${pathOf(spec.url)} →`;
  const retried = probe.retried ? ' (first connect timed out, retried once)' : '';
  const r = probe.response;
  // Refused, unreachable, DNS failure, connect or answer timeout: `fail`, with the reason.
  // Reaching the endpoint is what an http check is for; `error` is kept for a check that could not run.
  if (!r) {
    return { status: 'fail', summary: `${head} ${probe.failure?.reason ?? 'no response'}${retried}`, evidence, replay, bucket: 'environment-not-ready' };
  }
  const problems = problemsOf(spec, r, evidence, source, time);
  const summary = `${head} ${r.status} in ${formatDuration(probe.timings.totalMs)}${problems.length ? `, ${problems.join('; ')}` : ''}${retried}`;
  if (problems.length > 0) {
    return { status: 'fail', summary, evidence, replay, ...(r.status >= 500 ? { bucket: 'environment-not-ready' as const } : {}) };
  }
  // It answered, but a client without a retry would have failed on the cold connection or the 429/5xx.
  if (probe.transient.length)
    return { status: 'warn', summary: `${summary} (after ${transientText(probe)}, retried)`, evidence, replay, bucket: 'environment-not-ready' };
  return { status: probe.retried ? 'warn' : 'pass', summary, evidence, replay };
}

export const httpKind: CheckKind<HttpSpec, typeof httpSpec> = {
  kind: 'http',
  schema: httpSpec,
  create(spec, step, index) {
    const url = new URL(spec.url);
    return {
      ...checkIdentity(spec, step, index, `${spec.method} ${spec.name ?? url.host} ${url.pathname}`),
      run: (ctx) => runHttp(spec, ctx),
    };
  },
};
