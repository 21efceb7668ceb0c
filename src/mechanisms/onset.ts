// When the failure began: the trace's first error when there is one (the moment the
// followed request went wrong), else the earliest failing fact near the window's end.

import type { Onset, SourcedFact } from './types';

/** Failing facts older than this before the window's end are history, not the onset. */
const RECENT_MS = 60 * 60_000;

export function onsetOf(facts: readonly SourcedFact[], windowEnd?: string): Onset | undefined {
  const firstError = facts.find((s) => s.fact.kind === 'trace-error' && s.fact.time);
  if (firstError) {
    const ms = Date.parse(firstError.fact.time!);
    if (Number.isFinite(ms)) return { time: new Date(ms).toISOString(), ms, from: "the trace's first error" };
  }
  const timed = facts
    .filter((s) => s.fact.status === 'fail' && s.fact.kind !== 'change' && s.fact.time)
    .map((s) => Date.parse(s.fact.time!))
    .filter(Number.isFinite);
  if (timed.length === 0) return undefined;
  const end = windowEnd && Number.isFinite(Date.parse(windowEnd)) ? Date.parse(windowEnd) : Math.max(...timed);
  const recent = timed.filter((t) => t <= end && end - t <= RECENT_MS);
  const ms = Math.min(...(recent.length ? recent : timed));
  return {
    time: new Date(ms).toISOString(),
    ms,
    from: recent.length ? 'the earliest failure in the hour before the window ends' : 'the earliest failure seen',
  };
}
