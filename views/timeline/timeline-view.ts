import type { PinInput } from '../../src/investigation/ledger';
import type { TraceResult } from '../../src/trace/derive';
import { compareInstants, formatInstant } from '../../src/trace/instant';
import { entryLabel } from '../../src/trace/labels';
import type { MetricAtOnset } from '../../src/trace/metrics';
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

/** The marks of the "metrics at onset" block: moved stands out, steady recedes, an unread metric says so. */
function metricMark(m: MetricAtOnset): { mark: string; tone: 'moved' | 'steady' | 'problem' } {
  if (m.verdict === 'moved') return { mark: '▲', tone: 'moved' };
  if (m.verdict === 'steady') return { mark: '·', tone: 'steady' };
  return { mark: '?', tone: 'problem' };
}

/** The block's lines within `rows` (its title included): the moved first, then the rest, then how many did not fit. */
export function metricLines(metrics: readonly MetricAtOnset[], rows: number): { text: string; tone: 'title' | 'moved' | 'steady' | 'problem' | 'more' }[] {
  if (rows <= 0 || metrics.length === 0) return [];
  const order = { moved: 0, problem: 1, steady: 2 };
  const sorted = [...metrics].sort((a, b) => order[metricMark(a).tone] - order[metricMark(b).tone]);
  const width = Math.min(20, Math.max(...metrics.map((m) => m.name.length)));
  const room = rows - 1;
  const fits = sorted.length <= room ? sorted.length : Math.max(0, room - 1);
  const lines: ReturnType<typeof metricLines> = [{ text: `metrics at onset ${metrics[0]!.onset.slice(11, 23)}`, tone: 'title' }];
  for (const m of sorted.slice(0, fits)) {
    const { mark, tone } = metricMark(m);
    lines.push({ text: `${mark} ${m.name.slice(0, width).padEnd(width)}  ${m.summary}`, tone });
  }
  if (fits < sorted.length && room > 0) lines.push({ text: `  … ${sorted.length - fits} more`, tone: 'more' });
  return lines;
}
