import type { CheckOutcome, Evidence, Fact } from '../model';
import type { Check } from '../checks/types';
import { ownDeadlineMs } from '../checks/spec';
import type { Plan } from '../plan/schema';
import { formatDuration } from '../model/duration';
import type { TraceResult } from './derive';
import { formatInstant } from './instant';
import { entryLabel, namespaceOf, sourceLabel } from './labels';
import { followTrace } from './follow';
import { metricLine, type MetricAtOnset } from './metrics';
import type { TraceEntry } from './types';

/** Timeline lines a check result carries: enough to read the trace, the first error and the stop. */
const EVIDENCE_LIMIT = 40;

function evidenceOf(result: TraceResult): Evidence[] {
  const entries = result.entries;
  const stop = result.stopsAt;
  const must = new Set<TraceEntry>();
  if (result.firstError) must.add(result.firstError);
  const stopEntry = stop && entries.findLast((e) => e.service === stop.service && e.time === stop.time);
  if (stopEntry) must.add(stopEntry);
  // The first sighting in each service shows the path; then the earliest and latest lines.
  for (const s of result.services) {
    const first = entries.find((e) => e.service === s.name);
    if (first) must.add(first);
  }
  const room = Math.max(0, EVIDENCE_LIMIT - must.size);
  const kept =
    entries.length <= EVIDENCE_LIMIT ? entries : entries.filter((e, i) => must.has(e) || i < Math.ceil(room / 2) || i >= entries.length - Math.floor(room / 2));
  return kept.map((e) => ({ text: e.text, source: entryLabel(e), time: formatInstant(e.time) }));
}

const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

/** Where the trace stops and where it first errs, as facts about those services. */
function traceFacts(result: TraceResult): Fact[] {
  const facts: Fact[] = [];
  const stop = result.stopsAt;
  if (stop) {
    const entry = result.entries.findLast((e) => e.service === stop.service && e.time === stop.time);
    const ns = entry && namespaceOf(entry.source);
    facts.push({
      object: sourceLabel(stop.source),
      subject: stop.service,
      ...(ns ? { namespace: ns } : {}),
      kind: 'trace-stop',
      status: 'info',
      ...(stop.neverSeen.length ? { related: stop.neverSeen } : {}),
      bucket: 'weak-observability',
      phrase: `the trace stops here${stop.neverSeen.length ? `, never reaching ${stop.neverSeen.join(', ')}` : ''}, ${formatDuration(stop.beforeEndMs)} before the window ends`,
      time: formatInstant(stop.time),
      evidence: entry ? [{ text: entry.text, source: entryLabel(entry), time: formatInstant(entry.time) }] : [],
    });
  }
  const first = result.firstError;
  if (first) {
    const ns = namespaceOf(first.source);
    facts.push({
      object: entryLabel(first),
      subject: first.service ?? sourceLabel(first.source),
      ...(ns ? { namespace: ns } : {}),
      kind: 'trace-error',
      status: 'info',
      bucket: 'weak-observability',
      phrase: `the trace's first error: ${clip(first.text)}`,
      time: formatInstant(first.time),
      evidence: [{ text: first.text, source: entryLabel(first), time: formatInstant(first.time) }],
    });
  }
  return facts;
}

/** A plan metric at onset as a fact: information beside the timeline (the note lists it), never scored. */
function metricFact(m: MetricAtOnset): Fact {
  return {
    object: m.source,
    subject: m.name,
    kind: 'metric',
    status: 'info',
    bucket: 'weak-observability',
    phrase: m.summary,
    time: m.onset,
    // No time on the line: timed evidence of this step is the note's timeline, and this is not a log line.
    evidence: [{ text: `${m.query} · ${m.timing}`, source: m.source }],
    replay: m.replay,
  };
}

function outcomeOf(result: TraceResult, replay: string, metrics: readonly MetricAtOnset[] = []): CheckOutcome {
  const outcome = outcomeWithoutFacts(result, replay);
  // A trace that stops and errs is the investigation's spine: the mechanisms place themselves on it.
  const facts = [...(result.stopsAt ? traceFacts(result) : []), ...metrics.map(metricFact)];
  if (metrics.length === 0) return facts.length ? { ...outcome, facts } : outcome;
  const moved = metrics.filter((m) => m.verdict === 'moved');
  const unread = metrics.filter((m) => m.verdict !== 'moved' && m.verdict !== 'steady');
  const said = [
    moved.length ? `moved: ${moved.map((m) => m.name).join(', ')}` : 'none moved',
    ...(unread.length ? [`not compared: ${unread.map((m) => m.name).join(', ')}`] : []),
  ];
  return {
    ...outcome,
    summary: `${outcome.summary}; metrics at onset: ${said.join('; ')}`,
    evidence: [...outcome.evidence, ...metrics.map((m) => ({ text: metricLine(m), source: m.source }))],
    facts,
  };
}

function outcomeWithoutFacts(result: TraceResult, replay: string): CheckOutcome {
  const evidence = evidenceOf(result);
  const stop = result.stopsAt;
  if (!stop) {
    return {
      status: 'fail',
      summary: `trace ${result.trace} is in none of ${result.sources.length} sources${result.problems.length ? ` (${result.problems.length} could not be read)` : ''}`,
      evidence: result.problems.map((p) => ({ text: p, source: 'trace sources' })),
      replay,
      bucket: 'weak-observability',
    };
  }
  const path = result.services.map((s) => s.name).join(' → ');
  const where = `${stop.service} (${sourceLabel(stop.source)}) at ${formatInstant(stop.time)}, ${formatDuration(stop.beforeEndMs)} before the end of the window`;
  const parts: string[] = [];
  if (stop.neverSeen.length) parts.push(`stops at ${where}; never reached ${stop.neverSeen.join(', ')}`);
  if (result.firstError) parts.push(`first error at ${result.firstError.service ?? sourceLabel(result.firstError.source)}: ${clip(result.firstError.text)}`);
  if (parts.length === 0) return { status: 'pass', summary: `trace crossed ${path} without an error; last seen at ${where}`, evidence, replay };
  if (!stop.neverSeen.length) parts.unshift(`crossed ${path}, last seen at ${where}`);
  return { status: 'fail', summary: parts.join('; '), evidence, replay };
}

/** The observability step: follow the investigation's trace over the plan's sources and the cluster's pods. */
export const traceCheck: Check<Plan> = {
  id: 'observability/trace',
  step: 'observability',
  title: 'Follow the trace end to end',
  async run(ctx) {
    const own = ownDeadlineMs(ctx.timeoutMs);
    const followed = await followTrace({
      plan: ctx.plan,
      baseDir: ctx.baseDir,
      cluster: ctx.cluster,
      signal: ctx.signal,
      now: ctx.now(),
      timeoutMs: own,
      // The metrics come after the trace, inside the same deadline: the trace's own result must not be lost to them.
      deadlineAt: performance.now() + own,
    });
    if ('skipped' in followed) return { status: 'skip', summary: followed.skipped, evidence: [] };
    return outcomeOf(followed.result, followed.replay, followed.metrics);
  },
};

/** The observability step's built-in check, when the plan (or --trace) names a trace or says how to follow one. */
export function traceChecks(plan: Plan): Check<Plan>[] {
  return plan.traceId !== undefined || plan.trace !== undefined ? [traceCheck] : [];
}
