import { formatDuration } from '../src/plan/duration';

/** Milliseconds since an RFC 3339 instant, as a short duration. */
export function elapsedSince(startedAt: string | undefined, now: number): string {
  if (!startedAt) return '';
  const started = Date.parse(startedAt);
  return Number.isNaN(started) ? '' : formatDuration(Math.max(0, now - started));
}

export function durationText(ms: number | undefined): string {
  return ms === undefined ? '' : formatDuration(ms);
}

const TIME_OF_DAY = /T(\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)/;

/** The time of day of an evidence line (its date is the incident's), or the text as given. */
export function evidenceTime(time: string | undefined): string {
  if (!time) return '';
  return TIME_OF_DAY.exec(time)?.[1] ?? time;
}

/** The earliest start among running checks: how long the step has been running. */
export function earliest(instants: readonly (string | undefined)[]): string | undefined {
  return instants.filter((t): t is string => t !== undefined).sort()[0];
}
