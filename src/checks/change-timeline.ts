// What changed before onset, from any source (the cluster, git): one change per thing that
// happened, folded into the outcome of a check that reports and judges nothing, and into
// `change` facts the mechanisms date their causes with.
import type { Bucket, CheckOutcome, Evidence, Fact } from '../model';
import { MAX_FACTS, capEvidence, plural } from './outcome-bounds';

const CHANGE_TYPES = {
  rollout: ['rollout', 'rollouts'],
  'rollout-state': ['rollout state', 'rollout states'],
  release: ['Helm release', 'Helm releases'],
  config: ['config map update', 'config map updates'],
  secret: ['secret update', 'secret updates'],
  rescale: ['rescale', 'rescales'],
  node: ['node change', 'node changes'],
  job: ['job start', 'job starts'],
  commit: ['commit', 'commits'],
} as const;
type ChangeType = keyof typeof CHANGE_TYPES;

export interface Change {
  type: ChangeType;
  /** `shop/replicaset/checkout-7b4d9f6c8`, `node/stg-a`, `commit:1a2b3c4`. */
  object: string;
  /** The workloads or services it touches, by the names the plan and the trace use (one fact each). */
  subjects: string[];
  namespace?: string;
  bucket: Bucket;
  /** `rolled out checkout-7b4d9f6c8 (revision 12): image shop/checkout 2.7.1 → 2.8.0`. */
  phrase: string;
  /** When it happened; undefined for a state whose start no source records (a paused rollout). */
  time?: string;
  /** Lines behind it beyond the phrase (what it was compared with, the events of a rollout). */
  details: { text: string; time?: string; source?: string }[];
  replay: string;
  count?: number;
}

/** Newest first; changes without a time (states) after those with one. */
function newestFirst(changes: readonly Change[]): Change[] {
  const at = (c: Change) => (c.time ? Date.parse(c.time) : Number.NEGATIVE_INFINITY);
  return changes
    .map((c) => ({ c, t: at(c) }))
    .sort((a, b) => b.t - a.t || (a.c.object < b.c.object ? -1 : a.c.object > b.c.object ? 1 : 0))
    .map(({ c }) => c);
}

/** One `change` fact per subject: a config map two workloads read dates both. */
function changeFacts(change: Change): Fact[] {
  const evidence: Evidence[] = [
    { text: change.phrase, source: change.object, ...(change.time ? { time: change.time } : {}) },
    ...change.details.map((d) => ({ text: d.text, source: d.source ?? change.object, ...(d.time ? { time: d.time } : {}) })),
  ].slice(0, 5);
  return change.subjects.map((subject) => ({
    object: change.object,
    subject,
    ...(change.namespace ? { namespace: change.namespace } : {}),
    kind: 'change' as const,
    status: 'info' as const,
    bucket: change.bucket,
    phrase: change.phrase,
    ...(change.time ? { time: change.time } : {}),
    evidence,
    replay: change.replay,
    // What kind of change: the mechanisms date causes with rollouts and config, not job starts.
    ref: change.type,
    ...(change.count !== undefined && change.count > 1 ? { count: change.count } : {}),
  }));
}

/** `1 rollout, 2 rescales, 1 node change`: the changes counted by type, in the table's order. */
function countByType(changes: readonly Change[]): string {
  return (Object.keys(CHANGE_TYPES) as ChangeType[])
    .map((type) => [type, changes.filter((c) => c.type === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => plural(n, CHANGE_TYPES[type][0], CHANGE_TYPES[type][1]))
    .join(', ');
}

/** The newest changes' facts, up to MAX_FACTS: a cluster with thousands of rollouts needs only the latest. */
function firstFacts(ordered: readonly Change[]): Fact[] {
  const facts: Fact[] = [];
  for (const change of ordered) {
    if (facts.length >= MAX_FACTS) break;
    facts.push(...changeFacts(change));
  }
  return facts.slice(0, MAX_FACTS);
}

export interface TimelineOptions {
  /** `in the 24h before 2026-06-15T09:12:04Z`, `between last green 1a2b3c4 and 9f3c2e1`. */
  window: string;
  /** The summary when nothing changed. */
  quiet: string;
  replay: string;
  /** Lines after the timeline (what was looked at). */
  context?: Evidence[];
}

/** The check passes: it reports what changed and leaves judging to the mechanisms. */
export function timelineOutcome(changes: readonly Change[], o: TimelineOptions): CheckOutcome {
  const ordered = newestFirst(changes);
  const evidence: Evidence[] = ordered.map((c) => ({ text: c.phrase, source: c.object, ...(c.time ? { time: c.time } : {}) }));
  evidence.push(...(o.context ?? []));
  if (!ordered.length) return { status: 'pass', summary: o.quiet, evidence: capEvidence(evidence), replay: o.replay };
  return {
    status: 'pass',
    summary: `${plural(ordered.length, 'change')} ${o.window}: ${countByType(ordered)}`,
    evidence: capEvidence(evidence),
    replay: o.replay,
    facts: firstFacts(ordered),
  };
}
