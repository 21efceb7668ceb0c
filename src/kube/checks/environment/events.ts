// Warning events of the last hour, grouped by reason and object, with counts and last time.
import type { Bucket } from '../../../model';
import { eventSchema, runInTurns, runNow, type KubeEvent, type Steps } from '../../analyze/resources';
import { eventCount, eventFirstTime, eventObjectNamespace, eventTime } from '../../analyze/events';
import { conclude, plural, RECENT_MS, since, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

const REASON_BUCKET: Record<string, Bucket> = {
  OOMKilling: 'resource-pressure',
  SystemOOM: 'resource-pressure',
  Evicted: 'resource-pressure',
  EvictionThresholdMet: 'resource-pressure',
  FreeDiskSpaceFailed: 'resource-pressure',
  ImageGCFailed: 'resource-pressure',
  FailedCreatePodSandBox: 'environment-not-ready',
  NetworkNotReady: 'environment-not-ready',
  NodeNotReady: 'environment-not-ready',
  BackoffLimitExceeded: 'missing-result-data',
  DeadlineExceeded: 'timing-race',
};

function bucketOf(reason: string, message: string): Bucket {
  if (REASON_BUCKET[reason]) return REASON_BUCKET[reason];
  if (/Insufficient (memory|cpu)|memory-pressure|disk-pressure|OOM/i.test(message)) return 'resource-pressure';
  if (/secret|configmap|forbidden|unauthorized|permission denied/i.test(message)) return 'auth-config-mismatch';
  return 'environment-not-ready';
}

interface EventGroup {
  reason: string;
  kind: string;
  namespace?: string;
  name: string;
  count: number;
  first: string;
  last: string;
  message: string;
}

function* groupWarnings(events: readonly KubeEvent[], now: Date, windowMs = RECENT_MS): Steps<{ groups: EventGroup[]; older: number }> {
  const groups = new Map<string, EventGroup>();
  let older = 0;
  for (const e of events) {
    yield;
    if (e.type !== 'Warning') continue;
    const last = eventTime(e);
    if ((since(last, now) ?? 0) > windowMs) {
      older++;
      continue;
    }
    const reason = e.reason ?? 'Unknown';
    const kind = e.involvedObject.kind ?? 'Object';
    const namespace = eventObjectNamespace(e);
    const name = e.involvedObject.name ?? '?';
    const key = `${reason}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
    const g = groups.get(key);
    const first = eventFirstTime(e);
    if (!g) {
      groups.set(key, { reason, kind, namespace, name, count: eventCount(e), first, last, message: (e.message ?? '').trim() });
      continue;
    }
    g.count += eventCount(e);
    if (Date.parse(first) < Date.parse(g.first)) g.first = first;
    if (Date.parse(last) > Date.parse(g.last)) {
      g.last = last;
      g.message = (e.message ?? '').trim();
    }
  }
  // Each group's time parsed once, not at every comparison.
  const last = new Map([...groups.values()].map((g) => [g, Date.parse(g.last)]));
  return { groups: [...groups.values()].sort((a, b) => last.get(b)! - last.get(a)!), older };
}

export function analyzeEvents(events: readonly KubeEvent[], o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(eventSteps(events, o));
}

/** analyzeEvents in steps (one per event, one per group), for a check to run in turns. */
function* eventSteps(events: readonly KubeEvent[], o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  const { groups, older } = yield* groupWarnings(events, o.now);
  const findings: Finding[] = [];
  for (const g of groups) {
    yield;
    const object = `${g.namespace ? `${g.namespace}/` : ''}${g.kind.toLowerCase()}/${g.name}`;
    const nsFlags = g.namespace ? ['-n', g.namespace] : ['-A'];
    findings.push({
      status: 'warn',
      headline: `${g.reason} ×${g.count} on ${object}`,
      source: object,
      lines: [{ text: `${g.reason} ×${g.count} (${g.first} – ${g.last}): ${g.message}`, time: g.last }],
      bucket: bucketOf(g.reason, g.message),
      replay: o.kubectl('get', 'events', ...nsFlags, '--field-selector', `involvedObject.name=${g.name}`),
      // Repeated warnings first: they are what is still happening.
      weight: Math.min(g.count, 999),
    });
  }
  return conclude(findings, {
    kind: 'event',
    problem: (n) => `${plural(n, 'warning event group')} (by reason and object) in the last hour`,
    quiet: `no warning events in the last hour${older ? ` (${older} older)` : ''}`,
    replay: o.kubectl('get', 'events', ...o.scope, '--field-selector', 'type=Warning', '--sort-by', '.lastTimestamp'),
  });
}

export const eventsCheck = kubeCheck({
  name: 'events',
  step: 'environment',
  title: 'Warning events',
  async run(ctx, cluster) {
    return runInTurns(eventSteps(await listObjects(ctx, cluster, 'events', '', eventSchema), analyzeOptions(ctx, cluster)));
  },
});
