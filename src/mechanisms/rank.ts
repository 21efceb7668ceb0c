// From facts to named mechanisms. Facts about one subject merge by family (buckets.ts);
// distinct subjects stay distinct. Every point of a mechanism's score is one visible line
// of evidence: the strongest fact, what corroborates it, where the trace stops and first
// errs, what changed shortly before onset, and what says it is history.

import { FAMILY, USUAL_CLASS } from './buckets';
import {
  advice,
  canonicalSubject,
  EVENT_KINDS,
  groupKey,
  mergeNamespaceless,
  mergeNodeEchoes,
  placeTrace,
  seenFromOutside,
  titleOf,
  type Group,
} from './groups';
import { onsetOf } from './onset';
import { rebindToPeer } from './peers';
import { basePoints, clip, clock, describeFact, duration, leadOrder } from './points';
import type { Mechanism, Point, RankInput, Ranking, SourcedFact } from './types';
import { lineLevel } from '../signatures/line-about';
import * as weights from './weights';
import { localeOrder } from '../text-order';

export type { Mechanism, RankInput, Ranking, SourcedFact } from './types';
export { duration } from './points';

/** Facts of every check → mechanisms ranked by their points, most likely first. */
export function rankMechanisms(input: RankInput): Ranking {
  const services = input.traceServices ?? [];
  const facts = input.facts.map((s) => {
    const subject = canonicalSubject(s.fact.subject, services);
    return subject === s.fact.subject ? s : { ...s, fact: { ...s.fact, subject } };
  });
  input = { ...input, facts };
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
  const onset = onsetOf(input.facts, input.windowEnd);
  // A change that reconfigured or replaced a workload shortly before onset, on a subject that
  // fails or that the request crossed, is a cause to check in its own right.
  if (onset) {
    for (const c of changes) {
      const ms = c.fact.time ? onset.ms - Date.parse(c.fact.time) : Number.NaN;
      if (!(ms >= 0 && ms <= weights.CAUSE_CHANGE_MS) || !weights.CAUSAL_CHANGES.has(c.fact.ref ?? '')) continue;
      if (!subjects.has(c.fact.subject) && !services.includes(c.fact.subject)) continue;
      const family = FAMILY[c.fact.bucket];
      const key = groupKey(family, c.fact.subject, c.fact.namespace);
      const group = groups.get(key) ?? { family, subject: c.fact.subject, namespace: c.fact.namespace, facts: [], points: [] };
      group.facts.push({ ...c, fact: { ...c.fact, status: 'fail', phrase: `changed ${duration(ms)} before onset: ${c.fact.phrase}` } });
      groups.set(key, group);
    }
  }
  mergeNamespaceless(groups);
  mergeNodeEchoes(groups);

  const stop = trace.find((s) => s.fact.kind === 'trace-stop');
  const firstError = trace.find((s) => s.fact.kind === 'trace-error');
  // The plan's services before the one where the trace stops handled the request.
  const stopIndex = stop ? (input.traceServices ?? []).indexOf(stop.fact.subject) : -1;
  const crossed = stopIndex > 0 ? input.traceServices!.slice(0, stopIndex) : [];

  // The trace's stop and first error belong to the run-time mechanism of their subject,
  // else its strongest; with no other fact about it, the stop is a mechanism of its own.
  const home = (subject: string): Group | undefined => {
    const candidates = [...groups.values()].filter((g) => g.subject === subject);
    return (
      candidates.find((g) => g.family === 'runtime') ??
      candidates.sort((a, b) => Math.max(...b.facts.map((s) => basePoints(s.fact))) - Math.max(...a.facts.map((s) => basePoints(s.fact))))[0]
    );
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
  const placed = placeTrace(groups, stop, firstError, home);
  // The trace's marks on a service known only from outside go to what is wrong with it.
  const causeOf = (g: Group | undefined): Group | undefined => {
    if (!g || g.family !== 'runtime' || !seenFromOutside(g)) return g;
    const causes = [...groups.values()].filter((h) => h.subject === g.subject && h.family !== 'runtime' && h.facts.some((s) => s.fact.status === 'fail'));
    return causes.sort((a, b) => Math.max(...b.facts.map((s) => basePoints(s.fact))) - Math.max(...a.facts.map((s) => basePoints(s.fact))))[0] ?? g;
  };
  placed.stopOwner = causeOf(placed.stopOwner);
  placed.errorOwner = causeOf(placed.errorOwner);
  const lastLineOwner = stop ? causeOf(home(stop.fact.subject)) : undefined;
  // The signatures that fired on the services of the request.
  const pathRefs = new Set(
    [...groups.values()]
      .filter((g) => services.includes(g.subject))
      .flatMap((g) => g.facts.filter((s) => s.fact.kind === 'signature').map((s) => s.fact.ref ?? '')),
  );

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
    const others = g.facts
      .slice(1)
      .sort((a, b) => Number(a.fact.kind === 'signature') - Number(b.fact.kind === 'signature') || basePoints(b.fact) - basePoints(a.fact));
    for (const s of others) {
      const key = keyOf(s);
      if (seen.has(key) || corroboration >= weights.CORROBORATION_MAX || basePoints(s.fact) === 0) continue;
      seen.add(key);
      corroboration += weights.CORROBORATION;
      points.push({ delta: weights.CORROBORATION, reason: `also ${describeFact(s)}`, ...(s.fact.evidence[0] ? { evidence: s.fact.evidence[0] } : {}) });
    }

    if (stop && placed.stopOwner === g) {
      g.stopped = true;
      g.stopAt = stop.fact.object;
      points.push({
        delta: weights.TRACE_STOP,
        reason: `the trace stops on ${g.subject} (${stop.fact.object}${stop.fact.time ? `, ${clock(stop.fact.time)}` : ''})`,
        ...(stop.fact.evidence[0] ? { evidence: stop.fact.evidence[0] } : {}),
      });
    } else if (stop && placed.stopOwner === undefined && lastLineOwner === g) {
      points.push({
        delta: weights.TRACE_LAST,
        reason: `the trace's last line is on ${g.subject}, but it reached every planned service and nothing failed there`,
      });
    } else if (
      stop &&
      placed.midRequest &&
      stop.fact.subject === g.subject &&
      g.family !== 'runtime' &&
      placed.stopOwner?.family === 'runtime' &&
      g.facts.some((s) => s.fact.status === 'fail')
    ) {
      // Where the request died, a wrong build, config or leftover state is a cause to check.
      points.push({ delta: weights.TRACE_STOP_CAUSE, reason: `the trace stops on ${g.subject}, and this is what is wrong there` });
    }
    const nextHop = stop?.fact.related?.[0];
    if (nextHop && nextHop === g.subject && g.facts.some((s) => s.fact.status === 'fail')) {
      points.push({
        delta: weights.NEVER_REACHED,
        reason: `the trace stops at ${stop!.fact.subject} and never reaches ${g.subject}, the next hop: what is wrong at ${g.subject} explains the stop`,
      });
    }
    if (firstError && placed.errorOwner === g) {
      const text = firstError.fact.evidence[0]?.text ?? firstError.fact.phrase;
      // A line logged as a warning (a retry) is a weaker first sign than an error.
      const warned = lineLevel(text) === 'warn' || lineLevel(text) === 'info';
      points.push({
        delta: warned ? weights.TRACE_FIRST_WARNING : weights.TRACE_FIRST_ERROR,
        reason: `the trace's first ${warned ? 'error-looking line (logged as a warning)' : 'error'} is on ${g.subject}: "${clip(text, 90)}"`,
        ...(firstError.fact.evidence[0] ? { evidence: firstError.fact.evidence[0] } : {}),
      });
    }
    // A service the request passed through was up and configured well enough to serve it.
    if (stop && (g.family === 'runtime' || g.family === 'config') && !g.stopped && crossed.includes(g.subject) && placed.errorOwner !== g) {
      points.push({
        delta: weights.TRACE_PASSED,
        reason: `the trace passed through ${g.subject} before it stopped at ${stop.fact.subject}: ${g.subject} served this request`,
      });
    }
    // Off the followed request: neither a planned service nor named in a line about it.
    // Or seen by it: a service on the request logs the same specific failure (its spans refused by the collector).
    const seenOnPath = g.facts.some(
      (s) => s.fact.kind === 'signature' && (s.fact.severity === 'high' || s.fact.severity === 'critical') && pathRefs.has(s.fact.ref ?? ''),
    );
    const named = seenOnPath || g.facts.some((s) => s.fact.object.includes(' (names '));
    // Telemetry pipelines are never on a request's path, yet they decide what is visible of it.
    if (stop && g.family === 'runtime' && lead.fact.bucket !== 'weak-observability' && !services.includes(g.subject) && !named && nextHop !== g.subject) {
      points.push({ delta: weights.OFF_TRACE, reason: `${g.subject} is not on the followed request (${services.join(' → ')})` });
    }

    if (onset) {
      // A change to this subject shortly before onset: the nearest one counts.
      const before = changes
        // A change dates a mechanism of its own kind (a config change, a config problem), or any run-time failure.
        .filter(
          (c) =>
            c.fact.subject === g.subject &&
            weights.CAUSAL_CHANGES.has(c.fact.ref ?? 'rollout') &&
            (FAMILY[c.fact.bucket] === g.family || g.family === 'runtime') &&
            (!c.fact.namespace || !g.namespace || c.fact.namespace === g.namespace) &&
            c.fact.time,
        )
        .map((c) => ({ c, ms: onset.ms - Date.parse(c.fact.time!) }))
        .filter((x) => x.ms >= 0)
        .sort((a, b) => a.ms - b.ms)[0];
      const tier = before && weights.CHANGE_POINTS.find(([within]) => before.ms <= within);
      const holdsIt = before && g.facts.some((s) => s.fact.kind === 'change' && s.fact.object === before.c.fact.object);
      if (before && tier && !holdsIt) {
        points.push({
          delta: tier[1],
          reason: `a change to ${g.subject} ${duration(before.ms)} before onset: ${clip(before.c.fact.phrase, 100)}`,
          ...(before.c.fact.evidence[0] ? { evidence: before.c.fact.evidence[0] } : {}),
        });
      }
      // History: nothing about this mechanism happened near the incident. A state (a build
      // running, a selector, a leftover) is as old as it is and still true; only events age.
      const latest = Math.max(
        ...g.facts
          .filter((s) => EVENT_KINDS.has(s.fact.kind))
          .map((s) => (s.fact.time ? Date.parse(s.fact.time) : Number.NaN))
          .filter(Number.isFinite),
      );
      if (Number.isFinite(latest) && onset.ms - latest > weights.HISTORY_MS && !g.stopped) {
        points.push({
          delta: weights.HISTORY_PENALTY,
          reason: `its latest sign is ${duration(onset.ms - latest)} before onset (${clock(new Date(latest).toISOString())} vs ${clock(onset.time)}): history, not this incident`,
        });
      }
    }
    if (g.facts.every((s) => s.fact.kind === 'fallback')) {
      points.push({ delta: weights.FALLBACK_ONLY, reason: 'named only by the fallback classifier: no known signature matched these lines' });
    }

    // What callers saw of a subject (its 5xx, its timeouts, lines about it in other logs)
    // is explained by what is wrong with the subject itself, when something is.
    const cause = [...groups.values()].find(
      (h) => h !== g && h.subject === g.subject && h.family !== 'runtime' && h.facts.some((s) => s.fact.status === 'fail'),
    );
    if (g.family === 'runtime' && cause && seenFromOutside(g) && placed.stopOwner !== g && placed.errorOwner !== g) {
      points.push({
        delta: weights.SEEN_FROM_OUTSIDE,
        reason: `only what callers saw of ${g.subject}; ${weights.FAMILY_WORD[cause.family]} of ${g.subject} would explain it`,
      });
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
      ...((lead.fact.replay ?? g.facts.find((s) => s.fact.replay)?.fact.replay)
        ? { replay: lead.fact.replay ?? g.facts.find((s) => s.fact.replay)!.fact.replay }
        : {}),
      namedBy: lead.fact.kind === 'signature' ? 'signature' : lead.fact.kind === 'fallback' ? 'fallback' : lead.fact.kind === 'trace-stop' ? 'trace' : 'check',
      facts: g.facts.slice(0, weights.FACTS_KEPT),
    });
  }

  mechanisms.sort(
    (a, b) =>
      b.score - a.score ||
      b.facts.filter((s) => s.fact.status === 'fail').length - a.facts.filter((s) => s.fact.status === 'fail').length ||
      localeOrder(a.id, b.id),
  );
  const top = mechanisms.slice(0, weights.MAX_MECHANISMS);
  for (const m of top) {
    const ties = top.filter((o) => o !== m && o.score === m.score).map((o) => o.id);
    if (ties.length) m.tiesWith = ties;
  }
  changes.sort((a, b) => Date.parse(b.fact.time ?? '') - Date.parse(a.fact.time ?? ''));
  return { mechanisms: top, ...(onset ? { onset } : {}), changes };
}
