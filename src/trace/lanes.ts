import type { TraceResult } from './derive';
import { millisBetween, type Instant } from './instant';

/** One row of the picture above the timeline: a service, time left to right. */
interface Lane {
  service: string;
  /** One character per column: `·` nothing, `●` seen, `✗` an error, `■` the stop. */
  cells: string;
  /** The trace stops in this lane. */
  stop: boolean;
  /** A service the plan expected that never saw the trace. */
  missing: boolean;
}

export interface LanePicture {
  lanes: Lane[];
  from?: Instant;
  to?: Instant;
}

/**
 * Where the trace was seen, per service, over time. The axis runs from the first entry
 * toward the end of the window, but never more than twice the trace's own span, so a
 * stop early in a long window still shows as a stop with empty road after it.
 */
export function lanePicture(result: TraceResult, width: number): LanePicture {
  const columns = Math.max(4, width);
  const entries = result.entries;
  const missing = result.stopsAt?.neverSeen ?? result.expected.filter((s) => !result.services.some((x) => x.name === s));
  const names = [...result.services.map((s) => s.name), ...missing.filter((m) => !result.services.some((s) => s.name === m))];
  const empty = '·'.repeat(columns);
  if (entries.length === 0) return { lanes: names.map((service) => ({ service, cells: empty, stop: false, missing: true })) };
  const from = entries[0]!.time;
  const last = entries[entries.length - 1]!.time;
  const span = Math.max(1000, millisBetween(from, last));
  const toMs = Math.min(millisBetween(from, result.window.end), span * 2);
  const axis = Math.max(span, toMs);
  const column = (t: Instant) => Math.min(columns - 1, Math.max(0, Math.floor((millisBetween(from, t) / axis) * (columns - 1))));
  const rows = new Map(names.map((n) => [n, empty.split('')]));
  for (const entry of entries) {
    const row = rows.get(entry.service ?? '');
    if (!row) continue;
    const c = column(entry.time);
    if (row[c] !== '✗') row[c] = entry.error ? '✗' : '●';
  }
  const stop = result.stopsAt;
  if (stop) rows.get(stop.service)![column(stop.time)] = '■';
  return {
    lanes: names.map((service) => ({
      service,
      cells: rows.get(service)!.join(''),
      stop: stop?.service === service,
      missing: missing.includes(service),
    })),
    from,
    to: { ms: from.ms + Math.round(axis), ns: from.ns },
  };
}
