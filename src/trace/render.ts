import { formatDuration } from '../model/duration';
import type { TraceResult } from './derive';
import { formatInstant, type Instant } from './instant';
import { entryLabel, sourceLabel } from './labels';
import { lanePicture } from './lanes';
import type { TraceEntry } from './types';

/** The JSON document of `triage trace --format json`. */
export function traceJson(result: TraceResult) {
  const entry = (e: TraceEntry) => ({
    time: formatInstant(e.time),
    source: e.line === undefined ? e.source : { ...e.source, line: e.line },
    text: e.text,
    inferred: e.inferred,
    error: e.error,
    ...(e.service ? { service: e.service } : {}),
    ...(e.via ? { via: e.via } : {}),
  });
  const stop = result.stopsAt;
  return {
    trace: result.trace,
    window: { ...(result.window.since ? { since: formatInstant(result.window.since) } : {}), end: formatInstant(result.window.end) },
    sources: result.sources.map((s) => ({
      source: s.source,
      service: s.service,
      entries: s.entries,
      ...(s.first && s.last ? { first: formatInstant(s.first), last: formatInstant(s.last) } : {}),
      ...(s.problem ? { problem: s.problem } : {}),
    })),
    services: result.services.map((s) => ({ name: s.name, first: formatInstant(s.first), last: formatInstant(s.last), entries: s.entries, errors: s.errors })),
    entries: result.entries.map(entry),
    dropped: result.dropped,
    firstError: result.firstError ? entry(result.firstError) : null,
    stopsAt: stop
      ? {
          source: stop.source,
          time: formatInstant(stop.time),
          service: stop.service,
          beforeEnd: formatDuration(stop.beforeEndMs),
          beforeEndMs: Math.round(stop.beforeEndMs),
          neverSeen: stop.neverSeen,
        }
      : null,
    gaps: result.gaps.map((g) => ({ from: formatInstant(g.from), to: formatInstant(g.to), ms: Math.round(g.ms), after: g.after, before: g.before })),
    related: result.related,
    problems: result.problems,
  };
}

export interface TextStyle {
  color: boolean;
  /** Columns of the lane picture. */
  width: number;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** `09:01:58.179` in UTC; the date is in the header. */
export function clockOf(t: Instant): string {
  return formatInstant(t).slice(11, 23);
}

/** A readable timeline: the path crossed, the lanes, every entry, then the first error and the stop. */
export function traceText(result: TraceResult, style: TextStyle): string {
  const out: string[] = [];
  const red = (t: string) => paint(style.color, '1;31', t);
  const stopPaint = (t: string) => paint(style.color, '1;33', t);
  const dim = (t: string) => paint(style.color, '2', t);
  const seen = result.sources.filter((s) => s.entries > 0).length;
  out.push(
    `trace ${result.trace} · ${result.entries.length} entries from ${seen} of ${result.sources.length} sources · window ends ${formatInstant(result.window.end)}`,
  );
  if (result.services.length === 0) {
    out.push(red('not seen in any source'));
  } else {
    const path = result.services.map((s) => (s.name === result.stopsAt?.service ? stopPaint(`${s.name} ■`) : s.name)).join(' → ');
    const never = result.stopsAt?.neverSeen ?? [];
    out.push(`path  ${path}${never.length ? red(` ⇢ never reached: ${never.join(', ')}`) : ''}`);
    const picture = lanePicture(result, style.width);
    const nameWidth = Math.max(...picture.lanes.map((l) => l.service.length));
    out.push('');
    for (const lane of picture.lanes) {
      const cells = lane.cells.replace(/■/g, stopPaint('■')).replace(/✗/g, red('✗'));
      out.push(`  ${lane.service.padEnd(nameWidth)} ${cells}${lane.missing ? red('  never saw it') : ''}`);
    }
    if (picture.from && picture.to) out.push(dim(`  ${''.padEnd(nameWidth)} ${clockOf(picture.from)}${clockOf(picture.to).padStart(style.width - 12)}`));
  }
  out.push('');
  const serviceWidth = Math.min(24, Math.max(0, ...result.entries.map((e) => (e.service ?? '').length)));
  const stopEntry = result.stopsAt && result.entries.findLast((e) => e.service === result.stopsAt!.service && e.time === result.stopsAt!.time);
  for (const e of result.entries) {
    const mark = e === result.firstError ? red(' ◀ first error') : e === stopEntry ? stopPaint(' ◀ stops here') : '';
    const line = `${clockOf(e.time)}${e.inferred ? '~' : ' '} ${(e.service ?? '').padEnd(serviceWidth)}  ${dim(entryLabel(e))}  ${e.text}${e.via ? dim(` (${e.via})`) : ''}${mark}`;
    out.push(e.error ? red(line) : line);
  }
  if (result.dropped > 0) out.push(dim(`… ${result.dropped} more entries not kept (the earliest and the latest are shown)`));
  out.push('');
  if (result.firstError) {
    out.push(red(`first error  ${formatInstant(result.firstError.time)}  ${entryLabel(result.firstError)}  ${result.firstError.text}`));
  } else out.push('first error  none on the trace');
  const stop = result.stopsAt;
  if (stop) {
    out.push(
      stopPaint(
        `stops at     ${stop.service} — ${sourceLabel(stop.source)} at ${formatInstant(stop.time)}, ${formatDuration(stop.beforeEndMs)} before the end of the window`,
      ),
    );
    if (stop.neverSeen.length) out.push(red(`never seen   ${stop.neverSeen.join(', ')} (expected after ${stop.service})`));
  }
  for (const g of result.gaps)
    out.push(`gap          ${formatDuration(g.ms)} between ${clockOf(g.from)} (${sourceLabel(g.after)}) and ${clockOf(g.to)} (${sourceLabel(g.before)})`);
  for (const r of result.related) out.push(`joined       ${r.id}: ${r.why}`);
  for (const p of result.problems) out.push(red(`not read     ${p}`));
  for (const s of result.sources) if (s.problem) out.push(red(`stopped      ${s.label}: ${s.problem}`));
  return `${out.join('\n')}\n`;
}
