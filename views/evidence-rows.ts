import type { Evidence } from '../src/model';
import { wrapLines } from './format';

// Evidence lines are read whole: a 200-character assertion message wraps under its time
// instead of being cut at the pane's edge. The detail pane scrolls by these rows.

/** Past this a line is cut with `…`: a 64 KiB log line must not fill the pane. */
export const MAX_ROWS_PER_LINE = 8;
/** Continuation rows sit a little in, so where one line ends and the next begins stays visible. */
const CONTINUATION_INDENT = 2;

export interface EvidenceColumns {
  timeWidth: number;
  sourceWidth: number;
  /** Columns for the text on a line's first row. */
  textWidth: number;
  /** Columns for its continuation rows, which start two columns in from the source. */
  restWidth: number;
  /** Where continuation rows start. */
  restIndent: number;
}

export interface EvidenceRow {
  /** Index of the evidence line this row belongs to. */
  item: number;
  /** The first row carries the time and source; the others only text. */
  first: boolean;
  text: string;
}

export function evidenceColumns(evidence: readonly Evidence[], width: number): EvidenceColumns {
  const timeWidth = evidence.some((e) => e.time) ? 13 : 0;
  const sourceWidth = Math.min(28, Math.max(8, Math.floor(width * 0.3)));
  const restIndent = timeWidth + CONTINUATION_INDENT;
  return { timeWidth, sourceWidth, textWidth: Math.max(1, width - timeWidth - sourceWidth - 1), restWidth: Math.max(1, width - restIndent), restIndent };
}

/** Cut `text` for a first row of `width` columns at a space when there is one; the rest follows. */
function firstRow(text: string, width: number): [string, string] {
  const chars = Array.from(text);
  if (chars.length <= width) return [text, ''];
  const space = chars.lastIndexOf(' ', width);
  const cut = space > 0 ? space : width;
  return [chars.slice(0, cut).join(''), chars.slice(cut).join('').trimStart()];
}

/** One evidence line as rows: the first beside its time and source, the rest wrapped under. */
function linesOf(text: string, columns: EvidenceColumns): string[] {
  // Only what can be shown is wrapped: the rows of an endless line cost as much as a short one's.
  const shown = Array.from(text.slice(0, 4 * (columns.textWidth + MAX_ROWS_PER_LINE * columns.restWidth)))
    .slice(0, columns.textWidth + MAX_ROWS_PER_LINE * columns.restWidth + 1)
    .join('');
  const [head, rest] = firstRow(shown.replace(/\s+/g, ' ').trim(), columns.textWidth);
  const rows = [head, ...(rest ? wrapLines(rest, columns.restWidth) : [])];
  if (rows.length <= MAX_ROWS_PER_LINE) return rows;
  const kept = rows.slice(0, MAX_ROWS_PER_LINE);
  const last = Array.from(kept[MAX_ROWS_PER_LINE - 1]!);
  kept[MAX_ROWS_PER_LINE - 1] = `${last.slice(0, Math.max(0, columns.restWidth - 1)).join('')}…`;
  return kept;
}

export function evidenceDisplayRows(evidence: readonly Evidence[], width: number): EvidenceRow[] {
  const columns = evidenceColumns(evidence, width);
  return evidence.flatMap((e, item) => linesOf(e.text, columns).map((text, i) => ({ item, first: i === 0, text })));
}
