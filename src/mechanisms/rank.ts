// From facts to named mechanisms. Facts about one subject merge by family (buckets.ts);
// distinct subjects stay distinct. Every point of a mechanism's score is one visible line
// of evidence: the strongest fact, what corroborates it, where the trace stops and first
// errs, what changed shortly before onset, and what says it is history.

import type { Bucket, Evidence, Fact, ProblemClass } from '../model';
import { FAMILY, GUIDANCE, SYMPTOM, USUAL_CLASS, type Family } from './buckets';
import { onsetOf, type Onset } from './onset';
import { rebindToPeer } from './peers';

/** A fact and the check that established it. */
export interface SourcedFact {
  fact: Fact;
  /** The check's title (`Pods Running and Ready`), for the point that cites it. */
  check: string;
  checkId: string;
}

export interface Point {
  delta: number;
  reason: string;
  evidence?: Evidence;
}

export interface Mechanism {
  /** Stable across runs of the same incident: `runtime/shop/payments-worker`. */
  id: string;
  title: string;
  subject: string;
  namespace?: string;
  bucket: Bucket;
  class: ProblemClass;
  score: number;
  points: Point[];
  /** Every object a fact of it is about. */
  objects: string[];
  /** The lead fact's time. */
  time?: string;
  /** "check X because Y". */
  hypothesis: string;
  next: string;
  remediation?: string;
  replay?: string;
  /** What names it: a known signature, a check's finding, the fallback classifier, or the trace alone. */
  namedBy: 'signature' | 'check' | 'fallback' | 'trace';
  /** The facts behind it, the lead first. */
  facts: SourcedFact[];
  /** Mechanisms with the same score: the evidence does not tell them apart yet. */
  tiesWith?: string[];
}

export interface RankInput {
  facts: readonly SourcedFact[];
  /** The plan's services along the trace, in order. */
  traceServices?: readonly string[];
  /** The window's end: a bundle's capture time, else the latest fact. */
  windowEnd?: string;
}

export interface Ranking {
  mechanisms: Mechanism[];
  onset?: Onset;
  /** Changes before onset, nearest first, for the versions step and the note. */
  changes: SourcedFact[];
}

const SEVERITY_POINTS = { critical: 30, high: 20, medium: 12, low: 6 } as const;
const KIND_POINTS: Partial<Record<Fact['kind'], number>> = {
  terminated: 25,
  waiting: 20,
  pending: 15,
  evicted: 15,
  'not-ready': 12,
  node: 15,
  volume: 15,
  event: 8,
  autoscaler: 12,
  selector: 20,
  rollout: 15,
  version: 20,
  access: 20,
  leftover: 20,
  job: 15,
  artifact: 20,
  probe: 15,
  test: 20,
  log: 12,
  command: 12,
  fallback: 8,
};
const CORROBORATION = 5;
const CORROBORATION_MAX = 20;
const TRACE_STOP = 30;
const TRACE_FIRST_ERROR = 15;
const TRACE_STOP_CAUSE = 20;
const TRACE_PASSED = -10;
const HISTORY_MS = 2 * 3_600_000;
const HISTORY_PENALTY = -20;
const FALLBACK_ONLY = -10;
const CHANGE_POINTS: readonly [number, number][] = [
  [15 * 60_000, 15],
  [2 * 3_600_000, 10],
  [24 * 3_600_000, 5],
];
const MAX_MECHANISMS = 20;
const FACTS_KEPT = 12;

/** Many lines of one signature weigh a little more than one: +2 a decade, at most +6. */
function countBonus(f: Fact): number {
  return f.count && f.count > 1 ? Math.min(6, 2 * Math.floor(Math.log10(f.count))) : 0;
}

export function basePoints(f: Fact): number {
  if (f.kind === 'signature') return SEVERITY_POINTS[f.severity ?? 'medium'] + countBonus(f);
  const full = KIND_POINTS[f.kind] ?? 10;
  return f.status === 'fail' ? full : f.status === 'warn' ? Math.ceil(full / 2) : 0;
}

const clip = (text: string, n: number) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** `09:02:13` of an RFC 3339 instant (UTC), or the text as given. */
export function clock(time: string | undefined): string | undefined {
  if (!time) return undefined;
  const t = Date.parse(time);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(11, 19) : time;
}

export function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return `${Math.max(0, Math.round(ms / 1000))}s`;
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h}h` : `${Math.round(h / 24)}d`;
}

function describeFact(s: SourcedFact): string {
  const f = s.fact;
  if (f.kind === 'signature') {
    const line = f.evidence[0];
    const count = f.count && f.count > 1 ? ` ×${f.count}` : '';
    return `known failure ${f.ref} (${f.severity})${count}${line ? `: "${clip(line.text, 90)}"` : ''} in ${line?.source ?? f.object}`;
  }
  if (f.kind === 'fallback') return `unnamed error lines that look like ${f.bucket} (cues: ${f.ref ?? 'none'}) in ${f.object}`;
  return `${s.check}: ${clip(f.phrase, 100)} (${f.object})`;
}

/** Which fact leads a group: the strongest; causes before symptoms; failures before warnings. */
function leadOrder(a: SourcedFact, b: SourcedFact): number {
  return (
    basePoints(b.fact) - basePoints(a.fact) ||
    Number(SYMPTOM.has(a.fact.bucket)) - Number(SYMPTOM.has(b.fact.bucket)) ||
    Number(b.fact.status === 'fail') - Number(a.fact.status === 'fail') ||
    (a.fact.time && b.fact.time ? Date.parse(a.fact.time) - Date.parse(b.fact.time) : 0)
  );
}

interface Group {
  family: Family;
  subject: string;
  namespace?: string;
  facts: SourcedFact[];
  points: Point[];
  stopped?: boolean;
  /** The object (a pod log's label) where the trace stops, when it stops here. */
  stopAt?: string;
}

function groupKey(family: Family, subject: string, namespace?: string): string {
  return `${family}\u0000${subject}\u0000${namespace ?? ''}`;
}

/** Namespace-less facts (a plan's endpoint named `payments-worker`) join the one namespaced group of their subject and family. */
function mergeNamespaceless(groups: Map<string, Group>): void {
  for (const [key, g] of [...groups]) {
    if (g.namespace !== undefined) continue;
    const homes = [...groups.values()].filter((h) => h !== g && h.family === g.family && h.subject === g.subject && h.namespace !== undefined);
    if (homes.length !== 1) continue;
    homes[0]!.facts.push(...g.facts);
    groups.delete(key);
  }
}

/** Kinds whose phrase says concretely what happened to the object (`OOMKilled (exit 137)`), for a title. */
const CONCRETE: ReadonlySet<Fact['kind']> = new Set(['terminated', 'waiting', 'pending', 'evicted', 'version', 'rollout', 'selector', 'leftover', 'access', 'test', 'artifact', 'job', 'autoscaler', 'volume', 'node', 'probe']);

/** Facts that happened at a moment, as opposed to states that hold until changed. */
const EVENT_KINDS: ReadonlySet<Fact['kind']> = new Set(['terminated', 'evicted', 'event', 'signature', 'fallback', 'test', 'log', 'job', 'probe', 'command']);

const isNodeObject = (object: string) => /(^|\/)node\//.test(object);
const ECHO_MS = 5_000;

/**
 * A node's kernel reports the OOM kill of a container at the moment the container's
 * status records it: the node's fact echoes the workload's, and joins its mechanism.
 */
function mergeNodeEchoes(groups: Map<string, Group>): void {
  for (const [key, g] of [...groups]) {
    if (!g.facts.every((s) => isNodeObject(s.fact.object))) continue;
    const home = [...groups.values()].find(
      (h) =>
        h !== g &&
        h.family === g.family &&
        !h.facts.every((s) => isNodeObject(s.fact.object)) &&
        g.facts.every((n) => h.facts.some((w) => w.fact.ref !== undefined && w.fact.ref === n.fact.ref && n.fact.time && w.fact.time && Math.abs(Date.parse(n.fact.time) - Date.parse(w.fact.time)) <= ECHO_MS)),
    );
    if (!home) continue;
    home.facts.push(...g.facts);
    groups.delete(key);
  }
}

function titleOf(g: Group, lead: SourcedFact): string {
  // A check's own words about the object say what happened more concretely than a signature's title.
  const candidates = g.facts.filter((s) => s.fact.bucket === lead.fact.bucket && CONCRETE.has(s.fact.kind) && basePoints(s.fact) >= basePoints(lead.fact) - 10);
  // Where the trace stopped, the object it stopped in is the one to name.
  const stoppedIn = g.stopAt ? /^([^/]+)\/([^/]+)\//.exec(g.stopAt)?.[2] : undefined;
  const concrete = (stoppedIn && candidates.find((s) => s.fact.object.split('/').includes(stoppedIn))) || candidates[0];
  const f = (concrete ?? lead).fact;
  const when = clock(f.time);
  const objectName = f.object.split('/').slice(-1)[0] ?? f.object;
  const where = f.namespace ? `${f.namespace}/${objectName}` : f.object;
  if (f.kind === 'signature') {
    const phrase = f.phrase.charAt(0).toLowerCase() + f.phrase.slice(1);
    const count = f.count && f.count > 1 ? `${f.count} lines` : where;
    return `${g.subject}: ${clip(phrase, 80)} (${count}${when ? `${f.count && f.count > 1 ? ' to' : ','} ${when}` : ''})`;
  }
  if (f.kind === 'fallback') return `${g.subject}: unnamed errors that look like ${f.bucket} (${where}${when ? `, ${when}` : ''})`;
  const midRequest = g.stopped && FAMILY[f.bucket] === 'runtime' ? ' mid-request' : '';
  return `${g.subject} ${clip(f.phrase, 90)}${midRequest} (${where}${when ? `, ${when}` : ''})`;
}

function advice(g: Group, lead: SourcedFact): { hypothesis: string; next: string; remediation?: string } {
  const advised = lead.fact.advice ?? g.facts.find((s) => s.fact.advice && s.fact.bucket === lead.fact.bucket)?.fact.advice;
  if (advised) return advised;
  const guide = GUIDANCE[lead.fact.bucket];
  return { hypothesis: guide.hypothesis.replaceAll('{s}', g.subject), next: guide.next.replaceAll('{s}', g.subject) };
}

/** Facts of every check → mechanisms ranked by their points, most likely first. */
export function rankMechanisms(input: RankInput): Ranking {
  const subjects = new Set(input.facts.filter((s) => s.fact.kind !== 'change').map((s) => s.fact.subject));
  for (const s of input.traceServices ?? []) subjects.add(s);
  const changes: SourcedFact[] = [];
  const trace: SourcedFact[] = [];
  const groups = new Map<string, Group>();

  for (const sourced of input.facts) {
    const f = sourced.fact;
    if (f.kind === 'change') {
      changes.push(sourced);
      continue;
    }
    if (f.kind === 'trace-stop' || f.kind === 'trace-error') {
      trace.push(sourced);
      continue;
    }
    if (f.status === 'info') continue;
    const fact = rebindToPeer(f, subjects);
    const family = FAMILY[fact.bucket];
    const key = groupKey(family, fact.subject, fact.namespace);
    const group = groups.get(key) ?? { family, subject: fact.subject, namespace: fact.namespace, facts: [], points: [] };
    group.facts.push(fact === f ? sourced : { ...sourced, fact });
    groups.set(key, group);
  }
  mergeNamespaceless(groups);
  mergeNodeEchoes(groups);

  const onset = onsetOf(input.facts, input.windowEnd);
  const stop = trace.find((s) => s.fact.kind === 'trace-stop');
  const firstError = trace.find((s) => s.fact.kind === 'trace-error');
  // The plan's services before the one where the trace stops handled the request.
  const stopIndex = stop ? (input.traceServices ?? []).indexOf(stop.fact.subject) : -1;
  const crossed = stopIndex > 0 ? input.traceServices!.slice(0, stopIndex) : [];

  // The trace's stop and first error belong to the run-time mechanism of their subject,
  // else its strongest; with no other fact about it, the stop is a mechanism of its own.
  const home = (subject: string): Group | undefined => {
    const candidates = [...groups.values()].filter((g) => g.subject === subject);
    return candidates.find((g) => g.family === 'runtime') ?? candidates.sort((a, b) => Math.max(...b.facts.map((s) => basePoints(s.fact))) - Math.max(...a.facts.map((s) => basePoints(s.fact))))[0];
  };
  if (stop && !home(stop.fact.subject)) {
    groups.set(groupKey('runtime', stop.fact.subject, stop.fact.namespace), {
      family: 'runtime',
      subject: stop.fact.subject,
      namespace: stop.fact.namespace,
      facts: [{ ...stop, fact: { ...stop.fact, status: 'warn', bucket: 'weak-observability', phrase: `is where the trace stops: ${stop.fact.phrase}` } }],
      points: [],
    });
  }

  const mechanisms: Mechanism[] = [];
  for (const g of groups.values()) {
    g.facts.sort(leadOrder);
    const lead = g.facts[0]!;
    const points: Point[] = [];
    const leadPoints = lead.fact.kind === 'trace-stop' ? 10 : basePoints(lead.fact);
    points.push({ delta: leadPoints, reason: describeFact(lead), ...(lead.fact.evidence[0] ? { evidence: lead.fact.evidence[0] } : {}) });

    // Corroboration: each other check, and each other signature, that saw this mechanism;
    // checks' own findings first (they are independent looks), then signatures.
    const keyOf = (s: SourcedFact) => (s.fact.kind === 'signature' ? `sig\u0000${s.fact.ref}` : `check\u0000${s.checkId}`);
    const seen = new Set([keyOf(lead)]);
    let corroboration = 0;
    const others = g.facts.slice(1).sort((a, b) => Number(a.fact.kind === 'signature') - Number(b.fact.kind === 'signature') || basePoints(b.fact) - basePoints(a.fact));
    for (const s of others) {
      const key = keyOf(s);
      if (seen.has(key) || corroboration >= CORROBORATION_MAX || basePoints(s.fact) === 0) continue;
      seen.add(key);
      corroboration += CORROBORATION;
      points.push({ delta: CORROBORATION, reason: `also ${describeFact(s)}`, ...(s.fact.evidence[0] ? { evidence: s.fact.evidence[0] } : {}) });
    }

    const onTrace = home(g.subject) === g;
    if (stop && stop.fact.subject === g.subject) {
      if (onTrace) {
        g.stopped = true;
        g.stopAt = stop.fact.object;
        points.push({ delta: TRACE_STOP, reason: `the trace stops on ${g.subject} (${stop.fact.object}${stop.fact.time ? `, ${clock(stop.fact.time)}` : ''})`, ...(stop.fact.evidence[0] ? { evidence: stop.fact.evidence[0] } : {}) });
      } else if (g.family !== 'runtime') {
        // Where the request died, a wrong build, config or leftover state is a cause to check.
        points.push({ delta: TRACE_STOP_CAUSE, reason: `the trace stops on ${g.subject}, and this is what is wrong there` });
      }
    }
    if (firstError && onTrace && firstError.fact.subject === g.subject) {
      points.push({ delta: TRACE_FIRST_ERROR, reason: `the trace's first error is on ${g.subject}: "${clip(firstError.fact.evidence[0]?.text ?? firstError.fact.phrase, 90)}"`, ...(firstError.fact.evidence[0] ? { evidence: firstError.fact.evidence[0] } : {}) });
    }
    if (stop && g.family === 'runtime' && !g.stopped && crossed.includes(g.subject)) {
      points.push({ delta: TRACE_PASSED, reason: `the trace passed through ${g.subject} before it stopped at ${stop.fact.subject}: ${g.subject} served this request` });
    }

    if (onset) {
      // A change to this subject shortly before onset: the nearest one counts.
      const before = changes
        .filter((c) => c.fact.subject === g.subject && (!c.fact.namespace || !g.namespace || c.fact.namespace === g.namespace) && c.fact.time)
        .map((c) => ({ c, ms: onset.ms - Date.parse(c.fact.time!) }))
        .filter((x) => x.ms >= 0)
        .sort((a, b) => a.ms - b.ms)[0];
      const tier = before && CHANGE_POINTS.find(([within]) => before.ms <= within);
      if (before && tier) {
        points.push({ delta: tier[1], reason: `a change to ${g.subject} ${duration(before.ms)} before onset: ${clip(before.c.fact.phrase, 100)}`, ...(before.c.fact.evidence[0] ? { evidence: before.c.fact.evidence[0] } : {}) });
      }
      // History: nothing about this mechanism happened near the incident. A state (a build
      // running, a selector, a leftover) is as old as it is and still true; only events age.
      const latest = Math.max(...g.facts.filter((s) => EVENT_KINDS.has(s.fact.kind)).map((s) => (s.fact.time ? Date.parse(s.fact.time) : Number.NaN)).filter(Number.isFinite));
      if (Number.isFinite(latest) && onset.ms - latest > HISTORY_MS && !g.stopped) {
        points.push({ delta: HISTORY_PENALTY, reason: `its latest sign is ${duration(onset.ms - latest)} before onset (${clock(new Date(latest).toISOString())} vs ${clock(onset.time)}): history, not this incident` });
      }
    }
    if (g.facts.every((s) => s.fact.kind === 'fallback')) {
      points.push({ delta: FALLBACK_ONLY, reason: 'named only by the fallback classifier: no known signature matched these lines' });
    }

    const { hypothesis, next, remediation } = advice(g, lead);
    const bucket = lead.fact.bucket;
    mechanisms.push({
      id: `${g.family}/${g.namespace ? `${g.namespace}/` : ''}${g.subject}`,
      title: titleOf(g, lead),
      subject: g.subject,
      ...(g.namespace ? { namespace: g.namespace } : {}),
      bucket,
      class: lead.fact.class ?? USUAL_CLASS[bucket],
      score: points.reduce((sum, p) => sum + p.delta, 0),
      points,
      objects: [...new Set(g.facts.map((s) => s.fact.object))],
      ...(lead.fact.time ? { time: lead.fact.time } : {}),
      hypothesis,
      next,
      ...(remediation ? { remediation } : {}),
      ...((lead.fact.replay ?? g.facts.find((s) => s.fact.replay)?.fact.replay) ? { replay: lead.fact.replay ?? g.facts.find((s) => s.fact.replay)!.fact.replay } : {}),
      namedBy: lead.fact.kind === 'signature' ? 'signature' : lead.fact.kind === 'fallback' ? 'fallback' : lead.fact.kind === 'trace-stop' ? 'trace' : 'check',
      facts: g.facts.slice(0, FACTS_KEPT),
    });
  }

  mechanisms.sort(
    (a, b) =>
      b.score - a.score ||
      b.facts.filter((s) => s.fact.status === 'fail').length - a.facts.filter((s) => s.fact.status === 'fail').length ||
      a.id.localeCompare(b.id),
  );
  const top = mechanisms.slice(0, MAX_MECHANISMS);
  for (const m of top) {
    const ties = top.filter((o) => o !== m && o.score === m.score).map((o) => o.id);
    if (ties.length) m.tiesWith = ties;
  }
  changes.sort((a, b) => Date.parse(b.fact.time ?? '') - Date.parse(a.fact.time ?? ''));
  return { mechanisms: top, ...(onset ? { onset } : {}), changes };
}
