// A fact's own weight and the words that cite it: the base points of one fact, which fact
// leads a group, and the short forms (a clipped line, a clock time, a duration) the points'
// reasons and the titles are written with.

import type { Fact } from '../model';
import { SYMPTOM } from './buckets';
import type { SourcedFact } from './types';

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
  change: 15,
};

/** Many lines of one signature weigh a little more than one: +2 a decade, at most +6. */
function countBonus(f: Fact): number {
  return f.count && f.count > 1 ? Math.min(6, 2 * Math.floor(Math.log10(f.count))) : 0;
}

export function basePoints(f: Fact): number {
  // A signature seen only on lines logged as warnings (a retry) weighs half.
  if (f.kind === 'signature') return Math.ceil(SEVERITY_POINTS[f.severity ?? 'medium'] / (f.status === 'warn' ? 2 : 1)) + countBonus(f);
  const full = KIND_POINTS[f.kind] ?? 10;
  return f.status === 'fail' ? full : f.status === 'warn' ? Math.ceil(full / 2) : 0;
}

export const clip = (text: string, n: number) => {
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

export function describeFact(s: SourcedFact): string {
  const f = s.fact;
  if (f.kind === 'signature') {
    const line = f.evidence[0];
    const count = f.count && f.count > 1 ? ` ×${f.count}` : '';
    const level = f.status === 'warn' ? ', logged as a warning' : '';
    return `known failure ${f.ref} (${f.severity}${level})${count}${line ? `: "${clip(line.text, 90)}"` : ''} in ${line?.source ?? f.object}`;
  }
  if (f.kind === 'fallback') return `unnamed error lines that look like ${f.bucket} (cues: ${f.ref ?? 'none'}) in ${f.object}`;
  return `${s.check}: ${clip(f.phrase, 100)} (${f.object})`;
}

/** Which fact leads a group: the strongest; causes before symptoms; failures before warnings. */
export function leadOrder(a: SourcedFact, b: SourcedFact): number {
  return (
    basePoints(b.fact) - basePoints(a.fact) ||
    Number(SYMPTOM.has(a.fact.bucket)) - Number(SYMPTOM.has(b.fact.bucket)) ||
    Number(b.fact.status === 'fail') - Number(a.fact.status === 'fail') ||
    (a.fact.time && b.fact.time ? Date.parse(a.fact.time) - Date.parse(b.fact.time) : 0)
  );
}
