import type { NoteTimeline } from './timeline';
import { messageOf, shortened } from './timeline';

// A mermaid sequenceDiagram of the trace: one participant per service, an arrow for each
// hop, notes for the first error and the stop, a crossed arrow to whoever was expected
// next and never saw it. GitHub, GitLab and Gitea render it from a ```mermaid fence.

const MESSAGE_MAX = 72;

/** Message text the sequence grammar reads literally: no `;`, `#` or `%` (statement, entity and comment syntax), one line, short. */
export function mermaidText(text: string, max = MESSAGE_MAX): string {
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
  const { entries, stop, firstError } = timeline;
  if (entries.length === 0) return undefined;
  const services = [...timeline.services, ...(stop?.expectedNext ?? [])];
  const id = (service: string) => `s${services.indexOf(service) + 1}`;
  const lines = ['sequenceDiagram'];
  for (const s of services) lines.push(`  participant ${id(s)} as ${mermaidText(s, 40)}`);
  const shown = shortened(timeline);
  let previous: number | undefined;
  for (const i of shown) {
    const e = entries[i]!;
    const text = mermaidText(`${clock(e.time)}${messageOf(e.text)}`);
    if (previous !== undefined && i > previous + 1) {
      lines.push(`  Note over ${id(entries[previous]!.service)},${id(e.service)}: … ${i - previous - 1} more line(s) …`);
    }
    const from = previous === undefined ? undefined : entries[previous]!.service;
    const hop = from !== undefined && from !== e.service;
    if (hop) lines.push(`  ${id(from)}->>${id(e.service)}: ${text}`);
    if (i === firstError) lines.push(`  Note over ${id(e.service)}: first error${hop ? '' : `: ${text}`}`);
    else if (!hop) lines.push(`  Note over ${id(e.service)}: ${text}`);
    if (stop && i === stop.index) {
      lines.push(`  Note over ${id(stop.service)}: trace stops here ${mermaidText(clock(e.time).trim(), 20)}`);
      for (const next of stop.expectedNext) lines.push(`  ${id(stop.service)}-x${id(next)}: never reached`);
    }
    previous = i;
  }
  return lines.join('\n');
}
