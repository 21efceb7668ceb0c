import type { PinInput } from '../../src/investigation/ledger';
import { compareTimes } from '../../src/kube/analyze/log-lines';
import type { TailLine, TailLines, TailStream } from '../../src/kube/tail';
import type { TailState } from '../../src/logs/tail-handle';
import { parseLogLine } from '../../src/logs';
import { clamp } from '../window';

// What the tail window shows, as pure functions of the engine's TailState: which lines
// pass the filter, where the window is (following the newest, or kept in place), how a
// stream is labelled and coloured, and what a pinned line records.

const PALETTE = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'cyanBright', 'greenBright', 'magentaBright', 'blueBright', 'yellowBright'];

export interface StreamLook {
  /** `x7k2m/payments-worker`: the pod without what every followed pod shares, and the container. */
  label: string;
  color: string;
  previous: boolean;
}

/** A label and a colour per stream key; a previous instance shares its container's colour. */
export function streamLooks(streams: readonly TailStream[]): Map<string, StreamLook> {
  const pods = [...new Set(streams.filter((s) => !s.file).map((s) => s.pod))];
  const shared = pods.length > 1 ? sharedPrefix(pods) : '';
  const containers: string[] = [];
  const looks = new Map<string, StreamLook>();
  for (const s of streams) {
    const id = `${s.pod}/${s.container}`;
    if (!containers.includes(id)) containers.push(id);
    const label = s.file ?? `${s.pod.slice(shared.length)}/${s.container}${s.previous ? ' ↶' : ''}`;
    looks.set(s.key, { label, color: PALETTE[containers.indexOf(id) % PALETTE.length]!, previous: s.previous });
  }
  return looks;
}

/** What the pods' names share, up to a `-` (`payments-worker-5c8d7b9f4-`). */
function sharedPrefix(names: readonly string[]): string {
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('-') + 1);
}

/** The stream key of a container's previous instance. */
export function previousKey(line: Pick<TailLine, 'namespace' | 'pod' | 'container'>): string {
  return `${line.namespace}/${line.pod}/${line.container} (previous)`;
}

/**
 * Lines of streams not hidden that the filter's pattern finds in `pod/container text` (`file text`); what happened to a file always shows.
 * With no filter and nothing hidden, the lines themselves: no copy of the buffer per render.
 */
export function visibleLines(lines: TailLines, hidden: ReadonlySet<string>, filter?: RegExp): TailLines {
  if (!hidden.size && !filter) return lines;
  const out: TailLine[] = [];
  for (const l of lines) if (!hidden.has(l.stream) && (!filter || l.event || filter.test(`${l.file ?? `${l.pod}/${l.container}`} ${l.text}`))) out.push(l);
  return out;
}

/** What a terminal cannot draw as one column per character: a tab becomes spaces, other control characters go. */
export function drawable(text: string): string {
  return text.replace(/\t/g, '  ').replace(/[\u0000-\u001f\u007f]/g, '');
}

/** A structured line as `LEVEL message` and its other fields (`key=value`), or undefined for plain text. */
export function compactParts(text: string): { level?: string; message: string; rest: string; time?: string } | undefined {
  const record = parseLogLine(text);
  if (!record) return undefined;
  const rest = record.fields.map(([k, v]) => (k ? `${k}=${/\s/.test(v) ? JSON.stringify(v) : v}` : v)).join(' ');
  return { ...(record.level ? { level: record.level } : {}), message: record.message, rest, ...(record.time ? { time: record.time } : {}) };
}

/** A structured line read as `LEVEL message  key=value…`; any other line as it is. */
export function compactText(text: string): string {
  const parts = compactParts(text);
  if (!parts) return text;
  return [[parts.level, parts.message].filter(Boolean).join(' '), parts.rest].filter(Boolean).join('  ');
}

/** Where the window is: at the newest line, or kept on lines the person moved to. */
export type Scroll =
  | { follow: true }
  | {
      follow: false;
      top: TailLine;
      selected: TailLine;
      /** Lines received when the person stopped following: the rest are "new". */
      seen: number;
      /** Where `top` and `selected` were last: found at once while nothing moved. */
      at: { top: number; selected: number };
    };

export interface TailFrame {
  start: number;
  /** Exclusive. */
  end: number;
  selected: number;
}

/** A line's index now: where it was, else where it moved, else (dropped or filtered out) the first line at or after its time. */
function locate(visible: TailLines, line: TailLine, hint: number): number {
  if (visible.at(hint) === line) return hint;
  let found = -1;
  for (let i = 0; i < visible.length && found < 0; i++) if (visible.at(i) === line) found = i;
  if (found >= 0 || !line.time) return found >= 0 ? found : clamp(hint, 0, Math.max(0, visible.length - 1));
  let lo = 0;
  let hi = visible.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = visible.at(mid)!.time;
    if (t && compareTimes(t, line.time) < 0) lo = mid + 1;
    else hi = mid;
  }
  return clamp(lo, 0, Math.max(0, visible.length - 1));
}

/** The rows drawn: the newest while following; otherwise the top line stays where it was. */
export function frameOf(visible: TailLines, scroll: Scroll, rows: number): TailFrame {
  const size = Math.max(0, rows);
  const last = Math.max(0, visible.length - size);
  if (scroll.follow || visible.length === 0) return { start: last, end: visible.length, selected: visible.length - 1 };
  const selected = locate(visible, scroll.selected, scroll.at.selected);
  let start = clamp(locate(visible, scroll.top, scroll.at.top), 0, last);
  if (selected < start) start = selected;
  if (selected >= start + size) start = selected - size + 1;
  return { start, end: Math.min(visible.length, start + size), selected };
}

/** Scrolled to `selected` with the window at `start`, counting new lines from `seen`. */
export function scrolledTo(visible: TailLines, start: number, selected: number, seen: number): Scroll {
  if (visible.length === 0) return { follow: true };
  const s = clamp(selected, 0, visible.length - 1);
  const t = clamp(start, 0, s);
  return { follow: false, top: visible.at(t)!, selected: visible.at(s)!, seen, at: { top: t, selected: s } };
}

/** Move the selection by `by` lines; the window moves only as far as it must. */
export function moveBy(visible: TailLines, scroll: Scroll, by: number, height: number, received: number): Scroll {
  const rows = Math.max(1, height);
  const frame = frameOf(visible, scroll, rows);
  const selected = clamp(frame.selected + by, 0, Math.max(0, visible.length - 1));
  const start = selected < frame.start ? selected : selected >= frame.start + rows ? selected - rows + 1 : frame.start;
  return scrolledTo(visible, start, selected, scroll.follow ? received : scroll.seen);
}

/** Select a line and show it in the lower part of the window, with what led up to it above. */
export function jumpTo(visible: TailLines, index: number, rows: number, seen: number): Scroll {
  const below = Math.floor(rows / 4);
  return scrolledTo(visible, index - (rows - 1 - below), index, seen);
}

export function newLines(scroll: Scroll, received: number): number {
  return scroll.follow ? 0 : Math.max(0, received - scroll.seen);
}

const count = (n: number) => n.toLocaleString('en-US');

/** `12 streams · 3 queued · 1,204 dropped (oldest)`, and what ended or failed. */
export function statusText(state: Pick<TailState, 'streams' | 'streaming' | 'queued' | 'dropped'>): string {
  const ended = state.streams.filter((s) => s.state === 'ended' && !s.previous).length;
  const failed = state.streams.filter((s) => s.state === 'failed').length;
  const parts = [
    `${count(state.streaming)} ${state.streaming === 1 ? 'stream' : 'streams'}`,
    `${count(state.queued)} queued`,
    `${count(state.dropped)} dropped (oldest)`,
  ];
  if (ended) parts.push(`${count(ended)} ended`);
  if (failed) parts.push(`${count(failed)} failed`);
  return parts.join(' · ');
}

/** A tail line as evidence for the ledger: its text, its stream, its time. */
export function pinOf(line: TailLine): PinInput {
  return { from: 'log', ref: `${line.stream}@${line.time ?? ''}`, text: line.text, source: line.stream, ...(line.time ? { time: line.time } : {}) };
}
