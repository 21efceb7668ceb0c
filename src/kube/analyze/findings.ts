// What an analyzer saw, one finding per object, folded into the one outcome a check returns.
import type { Bucket, CheckOutcome, Evidence, Fact, FactKind, ProblemClass } from '../../model';
import { formatDuration } from '../../model/duration';
import { MAX_EVIDENCE, MAX_FACTS, capEvidence, plural } from '../../checks/outcome-bounds';

// The bounds every check's outcome keeps, re-exported for the analyzers beside them.
export { MAX_EVIDENCE, MAX_FACTS, capEvidence, plural };

export interface Finding {
  status: 'fail' | 'warn';
  /** Short, for the summary: `shop/payments-worker-5c8d7b9f4-qp9zr CrashLoopBackOff`. */
  headline: string;
  /** `ns/kind/name` (`shop/pod/api-7d9`, `node/stg-a`). */
  source: string;
  /** A line may name its own source (a log line's `ns/pod/name/container`). */
  lines: { text: string; time?: string; source?: string }[];
  bucket: Bucket;
  /** The command that shows this object best; the worst finding's becomes the check's replay. */
  replay?: string;
  /** Ranks findings of one status: higher is worse. */
  weight?: number;
  /** What the finding is about, for the mechanisms (`other` when unsaid). */
  kind?: FactKind;
  /** The workload or service it belongs to (`payments-worker`); read from `source` when unsaid. */
  subject?: string;
  /** About the subject, for a mechanism's title: `OOM-killed (exit 137)`; the headline after its object when unsaid. */
  phrase?: string;
  /** When it happened; the latest line's time when unsaid. */
  time?: string;
  count?: number;
  class?: ProblemClass;
}

/**
 * The workload a Kubernetes object name belongs to, read from the name alone: a
 * Deployment's pod `checkout-7b4d9f6c8-r4t6n` and ReplicaSet `checkout-7b4d9f6c8`, a
 * StatefulSet's `orders-db-0`, a DaemonSet's or Job's `node-exporter-bq8ls`.
 */
export function workloadName(kind: string, name: string): string {
  if (kind === 'pod') {
    const deployment = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/.exec(name);
    if (deployment) return deployment[1]!;
    const ordinal = /^(.+)-\d+$/.exec(name);
    if (ordinal) return ordinal[1]!;
    const suffix = /^(.+)-[a-z0-9]{5}$/.exec(name);
    if (suffix) return suffix[1]!;
  }
  if (kind === 'replicaset') return /^(.+)-[a-z0-9]{6,10}$/.exec(name)?.[1] ?? name;
  if (kind === 'controllerrevision') return /^(.+)-[a-z0-9]{6,10}$/.exec(name)?.[1] ?? name;
  return name;
}

/** `shop/pod/checkout-7b4d9f6c8-r4t6n` → namespace `shop`, subject `checkout`; `node/stg-a` → `stg-a`. */
export function subjectOfSource(source: string): { subject: string; namespace?: string } {
  const parts = source.split('/');
  // `ns/pod/name/container`: a pod's container is still the pod's workload.
  if (parts.length >= 3) return { namespace: parts[0], subject: workloadName(parts[1]!, parts[1] === 'pod' ? parts[2]! : parts.slice(2).join('/')) };
  if (parts.length === 2) return { subject: workloadName(parts[0]!, parts[1]!) };
  return { subject: source };
}

/** The finding as a fact: its object, subject, phrase and time filled from what it says. */
export function factOf(f: Finding): Fact {
  const derived = subjectOfSource(f.source);
  const name = f.source.split('/').pop() ?? f.source;
  const phrase = f.phrase ?? f.headline.replace(new RegExp(`^(?:\\S*/)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+`), '');
  const time = f.time ?? f.lines.reduce<string | undefined>((t, l) => (l.time && (!t || Date.parse(l.time) > Date.parse(t)) ? l.time : t), undefined);
  return {
    object: f.source,
    subject: f.subject ?? derived.subject,
    ...(derived.namespace ? { namespace: derived.namespace } : {}),
    kind: f.kind ?? 'other',
    status: f.status,
    bucket: f.bucket,
    ...(f.class ? { class: f.class } : {}),
    phrase,
    ...(time ? { time } : {}),
    evidence: f.lines.slice(0, 5).map((l) => ({ text: l.text, source: l.source ?? f.source, ...(l.time ? { time: l.time } : {}) })),
    ...(f.replay ? { replay: f.replay } : {}),
    ...(f.count !== undefined && f.count > 1 ? { count: f.count } : {}),
  };
}

/** A restart, termination or warning this recent is part of the incident, not history. */
export const RECENT_MS = 60 * 60_000;

export interface Conclusion {
  /** What went wrong, counted: `2 pods not ready`. */
  problem: (count: number) => string;
  /** The summary when nothing did: `28 pods, all Running and Ready`. */
  quiet: string;
  replay: string;
  /** Context shown after the findings (a version matrix, what was checked). */
  context?: Evidence[];
  /** What this check's findings are about, when a finding does not say. */
  kind?: FactKind;
}

function rank(f: Finding): number {
  return (f.status === 'fail' ? 1000 : 0) + (f.weight ?? 0);
}

const SUMMARY_NAMES = 4;

export function conclude(findings: readonly Finding[], c: Conclusion): CheckOutcome {
  const ordered = [...findings].sort((a, b) => rank(b) - rank(a));
  const worst = ordered[0];
  const evidence: Evidence[] = [];
  for (const f of ordered) {
    for (const line of f.lines) evidence.push({ text: line.text, source: line.source ?? f.source, ...(line.time ? { time: line.time } : {}) });
  }
  evidence.push(...(c.context ?? []));
  if (!worst) return { status: 'pass', summary: c.quiet, evidence: capEvidence(evidence), replay: c.replay };
  const facts = ordered.slice(0, MAX_FACTS).map((f) => factOf(f.kind || !c.kind ? f : { ...f, kind: c.kind }));
  // Name up to four; past four, three and a count ("and 1 more" would take the room of the name).
  const shown = ordered.slice(0, ordered.length <= SUMMARY_NAMES ? SUMMARY_NAMES : SUMMARY_NAMES - 1).map((f) => f.headline);
  const more = ordered.length > shown.length ? `; and ${ordered.length - shown.length} more` : '';
  return {
    status: ordered.some((f) => f.status === 'fail') ? 'fail' : 'warn',
    summary: `${c.problem(ordered.length)}: ${shown.join('; ')}${more}`,
    evidence: capEvidence(evidence),
    replay: worst.replay ?? c.replay,
    bucket: worst.bucket,
    facts,
  };
}

/** `12m`, `2d3h`: how long before `now` an RFC 3339 instant was. */
export function age(time: string | null | undefined, now: Date): string | undefined {
  if (!time) return undefined;
  const ms = now.getTime() - Date.parse(time);
  if (!Number.isFinite(ms)) return undefined;
  if (ms < 0) return 'in the future';
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `${days}d${Math.floor((ms % 86_400_000) / 3_600_000)}h` : formatDuration(ms);
}

/** Milliseconds since an instant, or undefined when it is missing or unreadable. */
export function since(time: string | null | undefined, now: Date): number | undefined {
  if (!time) return undefined;
  const t = Date.parse(time);
  return Number.isFinite(t) ? now.getTime() - t : undefined;
}
