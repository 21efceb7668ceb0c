import { began, lineGist, traceHops } from './hops';
import type { NoteTimeline } from './timeline';

// A mermaid sequenceDiagram of the trace: one participant per service in the order it first
// handled the trace, an arrow only where the trace id moved from one service to the next
// (labelled with the request), notes where the trace started, stops and first errs — the
// walk's own stop and first error —, and a crossed arrow to whoever was expected next and
// never saw it. GitHub, GitLab and Gitea render it from a ```mermaid fence.

const MESSAGE_MAX = 72;

/** Message text the sequence grammar reads literally: no `;`, `#` or `%` (statement, entity and comment syntax), one line, short. */
function mermaidText(text: string, max = MESSAGE_MAX): string {
  let line = text.replace(/\s+/g, ' ').trim();
  if (line.length > max) line = `${line.slice(0, max - 1).trimEnd()}…`;
  // Entity codes are mermaid's own escape for characters its grammar reserves.
  return line.replace(/[#;%]/g, (c) => `#${c.charCodeAt(0)};`) || ' ';
}

function clock(time: string | undefined): string {
  if (!time) return '';
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(11, 19)} `;
}

/** The diagram's source, or undefined when the trace has no entries. */
export function sequenceDiagram(timeline: NoteTimeline): string | undefined {
  const { entries, stop, firstError, traceId } = timeline;
  if (entries.length === 0) return undefined;
  const walk = traceHops(timeline, timeline.planned);
  const services = [...walk.order, ...(stop?.expectedNext ?? []).filter((s) => !walk.order.includes(s))];
  const id = (service: string) => `s${services.indexOf(service) + 1}`;
  const lines = ['sequenceDiagram'];
  for (const s of services) lines.push(`  participant ${id(s)} as ${mermaidText(s, 40)}`);
  const sighting = (i: number) => !traceId || !entries.some((e) => e.text.includes(traceId)) || entries[i]!.text.includes(traceId);
  const start = entries.findIndex((_, i) => sighting(i));
  const end = entries.findLastIndex((_, i) => sighting(i));
  const said = (i: number) => `${clock(entries[i]!.time)}${lineGist(entries[i]!.text)}`;
  // Everything drawn, in the order it happened: a hop when the receiver began on it (an access
  // log is written when the request ends), the rest at their line's time.
  const marks: { at: number; line: string }[] = [];
  const time = (i: number) => {
    const t = entries[i]!.time ? Date.parse(entries[i]!.time!) : Number.NaN;
    return Number.isNaN(t) ? i : t;
  };
  const mark = (i: number, line: string, at = time(i)) => marks.push({ at, line });
  const note = (i: number, text: string, service = entries[i]!.service) => mark(i, `  Note over ${id(service)}: ${mermaidText(text)}`);
  if (start >= 0) note(start, `${said(start)}`);
  for (const h of walk.hops) {
    const e = entries[h.index]!;
    mark(h.index, `  ${id(h.from)}->>${id(h.to)}: ${mermaidText(`${clock(e.time)}${h.label}`)}`, Math.min(time(h.index), began(e.time, e.text)));
  }
  for (const i of walk.unexplained) note(i, `first seen here: ${said(i)}`);
  if (stop) {
    note(stop.index, `trace stops here ${said(stop.index)}`, services.includes(stop.service) ? stop.service : entries[stop.index]!.service);
    const from = services.includes(stop.service) ? stop.service : entries[stop.index]!.service;
    for (const next of stop.expectedNext) mark(stop.index, `  ${id(from)}-x${id(next)}: never reached`);
  }
  if (firstError !== undefined) note(firstError, `first error ${said(firstError)}`);
  if (end >= 0 && end !== start && end !== stop?.index && end !== firstError && !walk.hops.some((h) => h.index === end)) note(end, `last line: ${said(end)}`);
  // Stable: marks of one instant keep the order they were made in (start, hop, stop, error).
  for (const m of [...marks].sort((a, b) => a.at - b.at)) lines.push(m.line);
  return lines.join('\n');
}
