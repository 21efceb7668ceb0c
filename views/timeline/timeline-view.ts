import type { PinInput } from '../../src/investigation/ledger';
import type { TraceResult } from '../../src/trace/derive';
import { compareInstants, formatInstant } from '../../src/trace/instant';
import { entryLabel } from '../../src/trace/labels';
import type { TraceEntry } from '../../src/trace/types';

// What the timeline view shows, as pure functions of the engine's TraceResult: the
// entries under the current source filter and where the first error and the stop are.

/** The filters `f` cycles through: every source, then each service in the order crossed. */
export function filterOptions(result: TraceResult): (string | undefined)[] {
  return [undefined, ...result.services.map((s) => s.name)];
}

export function visibleEntries(result: TraceResult, service: string | undefined): TraceEntry[] {
  return service === undefined ? result.entries : result.entries.filter((e) => e.service === service);
}

export function firstErrorIndex(visible: readonly TraceEntry[], result: TraceResult): number {
  const first = result.firstError;
  return first ? visible.findIndex((e) => e === first || (e.error && compareInstants(e.time, first.time) === 0 && e.text === first.text)) : -1;
}

/** The stop's own line: its service's last sighting. */
export function stopIndex(visible: readonly TraceEntry[], result: TraceResult): number {
  const stop = result.stopsAt;
  return stop ? visible.findLastIndex((e) => e.service === stop.service && compareInstants(e.time, stop.time) === 0 && !e.via?.startsWith('about ')) : -1;
}

/** A timeline line as evidence for the ledger: its text, where it is, and when. */
export function pinOf(entry: TraceEntry): PinInput {
  const source = entryLabel(entry);
  return { from: 'timeline', ref: source, step: 'observability', text: entry.text, source, time: formatInstant(entry.time) };
}
