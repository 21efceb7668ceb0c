// CommonMark building blocks that keep arbitrary log text inert: code spans and fences
// sized to their content, prose on one line. Text arrives here already redacted.

/** Collapse whitespace to one line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** An inline code span that holds any text, backticks included (CommonMark 6.1). */
export function code(text: string): string {
  const line = oneLine(text);
  if (line === '') return '` `';
  const runs = line.match(/`+/g) ?? [];
  const ticks = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || (line.startsWith(' ') && line.endsWith(' ')) ? ' ' : '';
  return `${ticks}${pad}${line}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run inside it. */
export function fence(body: string, info = 'text'): string {
  const runs = body.match(/`{3,}/g) ?? [];
  const ticks = '`'.repeat(Math.max(2, ...runs.map((r) => r.length)) + 1);
  return `${ticks}${info}\n${body}\n${ticks}`;
}

/**
 * Prose written by a person, kept as written (their emphasis and code spans work) on
 * one line; only what could swallow text (raw HTML) or start a block is escaped.
 */
export function inline(text: string): string {
  return oneLine(text)
    .replace(/</g, '\\<')
    .replace(/^([#+\-=>|]|\d+[.)])(?=\s|$)/, '\\$1');
}

/** A paragraph written by a person (follow-ups): kept as written, line by line, each line made safe. */
export function paragraph(text: string, indent = ''): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((l) => `${indent}${inline(l)}`)
    .join('\n');
}

/** `2026-06-15T08:33:46.123Z` → `2026-06-15 08:33 UTC`. */
export function day(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}
