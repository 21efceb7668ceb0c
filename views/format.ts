import { formatDuration } from '../src/model/duration';

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

/**
 * Word-wrap to `width` columns (one column per code point; words longer than a line are
 * split). The views count rows from this, so a pane knows exactly what fits.
 */
export function wrapLines(text: string, width: number): string[] {
  const columns = Math.max(1, width);
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let chars = Array.from(word);
    const room = columns - line.length - (line.length > 0 ? 1 : 0);
    if (chars.length > room && line.length > 0) {
      lines.push(line.join(''));
      line = [];
    }
    while (chars.length > columns) {
      lines.push(chars.slice(0, columns).join(''));
      chars = chars.slice(columns);
    }
    if (line.length > 0) line.push(' ');
    line.push(...chars);
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join(''));
  return lines;
}
