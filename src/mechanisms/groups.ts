// Facts gathered into groups, one per subject and family, before a group is scored: the
// subjects' plan names, the merges (namespace-less facts, a node's echo of a workload's OOM
// kill), where the trace's stop and first error belong, and a group's title and advice.

import type { Fact } from '../model';
import { FAMILY, GUIDANCE, SYMPTOM, type Family } from './buckets';
import { basePoints, clip, clock } from './points';
import type { Point, SourcedFact } from './types';

export interface Group {
  family: Family;
  subject: string;
  namespace?: string;
  facts: SourcedFact[];
  points: Point[];
  stopped?: boolean;
  /** The object (a pod log's label) where the trace stops, when it stops here. */
  stopAt?: string;
}

export function groupKey(family: Family, subject: string, namespace?: string): string {
  return `${family}\u0000${subject}\u0000${namespace ?? ''}`;
}

/**
 * A run-time mechanism known only from outside: its facts are symptoms (answers of 5xx,
 * timeouts, not ready) or lines other workloads logged about it, with no termination,
 * eviction or pressure of its own.
 */
export function seenFromOutside(g: Group): boolean {
  return g.facts.every(
    (s) =>
      s.fact.object.includes(' (names ') ||
      SYMPTOM.has(s.fact.bucket) ||
      s.fact.bucket === 'external-dependency' ||
      s.fact.kind === 'probe' ||
      s.fact.kind === 'test',
  );
}

/** Namespace-less facts (a plan's endpoint named `payments-worker`) join the one namespaced group of their subject and family. */
export function mergeNamespaceless(groups: Map<string, Group>): void {
  for (const [key, g] of [...groups]) {
    if (g.namespace !== undefined) continue;
    const homes = [...groups.values()].filter((h) => h !== g && h.family === g.family && h.subject === g.subject && h.namespace !== undefined);
    if (homes.length !== 1) continue;
    homes[0]!.facts.push(...g.facts);
    groups.delete(key);
  }
}

/**
 * The plan's name for a subject: a Job or pod named after a trace service with a run id
 * (`e2e-returns-2231`, `checkout-synthetic-29540640`) is that service.
 */
export function canonicalSubject(subject: string, services: readonly string[]): string {
  if (services.includes(subject)) return subject;
  const owner = [...services]
    .sort((a, b) => b.length - a.length)
    .find((s) => subject.startsWith(`${s}-`) && /\d/.test(subject.slice(s.length + 1)) && /^[-a-z0-9]+$/.test(subject.slice(s.length + 1)));
  return owner ?? subject;
}

/** Facts that happened at a moment, as opposed to states that hold until changed. */
export const EVENT_KINDS: ReadonlySet<Fact['kind']> = new Set([
  'terminated',
  'evicted',
  'event',
  'signature',
  'fallback',
  'test',
  'log',
  'job',
  'probe',
  'command',
]);

const isNodeObject = (object: string) => /(^|\/)node\//.test(object);
const ECHO_MS = 5_000;

/**
 * A node's kernel reports the OOM kill of a container at the moment the container's
 * status records it: the node's fact echoes the workload's, and joins its mechanism.
 */
export function mergeNodeEchoes(groups: Map<string, Group>): void {
  for (const [key, g] of [...groups]) {
    if (!g.facts.every((s) => isNodeObject(s.fact.object))) continue;
    const home = [...groups.values()].find(
      (h) =>
        h !== g &&
        h.family === g.family &&
        !h.facts.every((s) => isNodeObject(s.fact.object)) &&
        g.facts.every((n) =>
          h.facts.some(
            (w) =>
              w.fact.ref !== undefined &&
              w.fact.ref === n.fact.ref &&
              n.fact.time &&
              w.fact.time &&
              Math.abs(Date.parse(n.fact.time) - Date.parse(w.fact.time)) <= ECHO_MS,
          ),
        ),
    );
    if (!home) continue;
    home.facts.push(...g.facts);
    groups.delete(key);
  }
}

/** A stop is mid-request when the service failed from a minute before to ten after its last line. */
const MID_REQUEST_BEFORE_MS = 60_000;
const MID_REQUEST_AFTER_MS = 10 * 60_000;

/**
 * Where the trace's stop and first error count. The stop belongs to the mechanism of its
 * service that failed around the stop (closest first), else to the service's run-time
 * mechanism when the trace was cut short; a trace that reached every planned service with
 * nothing failing where it ended has no stop owner. The first error belongs to the
 * mechanism that holds its line (a certificate error bound to the peer it names), else to
 * its service's run-time mechanism.
 */
export function placeTrace(
  groups: Map<string, Group>,
  stop: SourcedFact | undefined,
  firstError: SourcedFact | undefined,
  home: (subject: string) => Group | undefined,
): { stopOwner?: Group; midRequest: boolean; errorOwner?: Group } {
  let stopOwner: Group | undefined;
  let midRequest = false;
  if (stop) {
    const at = stop.fact.time ? Date.parse(stop.fact.time) : Number.NaN;
    let closest = Number.POSITIVE_INFINITY;
    for (const g of groups.values()) {
      if (g.subject !== stop.fact.subject) continue;
      for (const s of g.facts) {
        if (s.fact.status !== 'fail' || !EVENT_KINDS.has(s.fact.kind) || !s.fact.time) continue;
        const t = Date.parse(s.fact.time);
        if (t < at - MID_REQUEST_BEFORE_MS || t > at + MID_REQUEST_AFTER_MS) continue;
        const distance = Math.abs(t - at) - (g.family === 'runtime' ? 0.5 : 0);
        if (distance < closest) [closest, stopOwner] = [distance, g];
      }
    }
    midRequest = stopOwner !== undefined || (stop.fact.related ?? []).length > 0 || firstError?.fact.subject === stop.fact.subject;
    if (!stopOwner && midRequest) stopOwner = home(stop.fact.subject);
  }
  let errorOwner: Group | undefined;
  if (firstError) {
    const line = firstError.fact.evidence[0]?.text;
    errorOwner = line ? [...groups.values()].find((g) => g.facts.some((s) => s.fact.evidence.some((e) => e.text === line))) : undefined;
    errorOwner ??= home(firstError.fact.subject);
  }
  return { ...(stopOwner ? { stopOwner } : {}), midRequest, ...(errorOwner ? { errorOwner } : {}) };
}

/** Kinds whose phrase says concretely what happened to the object (`OOMKilled (exit 137)`), for a title. */
const CONCRETE: ReadonlySet<Fact['kind']> = new Set([
  'terminated',
  'waiting',
  'pending',
  'evicted',
  'version',
  'rollout',
  'selector',
  'leftover',
  'access',
  'test',
  'artifact',
  'job',
  'autoscaler',
  'volume',
  'node',
  'probe',
  'change',
]);

export function titleOf(g: Group, lead: SourcedFact): string {
  // A check's own words about the object say what happened more concretely than a signature's title.
  const candidates = g.facts.filter((s) => s.fact.bucket === lead.fact.bucket && CONCRETE.has(s.fact.kind) && basePoints(s.fact) >= basePoints(lead.fact) - 5);
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

export function advice(g: Group, lead: SourcedFact): { hypothesis: string; next: string; remediation?: string } {
  const advised = lead.fact.advice ?? g.facts.find((s) => s.fact.advice && s.fact.bucket === lead.fact.bucket)?.fact.advice;
  if (advised) return advised;
  const guide = GUIDANCE[lead.fact.bucket];
  return { hypothesis: guide.hypothesis.replaceAll('{s}', g.subject), next: guide.next.replaceAll('{s}', g.subject) };
}
