// Reading text files the way triage needs them: the tail of a log without loading the
// whole file, line counts by streaming, and the timestamp a log line starts with.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;
/** Beyond this many bytes from the start, line numbers are not worth a full read. */
const LINE_NUMBER_SCAN_LIMIT = 64 * 1024 * 1024;
/** A `since` window never reads more than this from the end of a file. */
const SINCE_BYTE_LIMIT = 64 * 1024 * 1024;
const SINCE_LINE_LIMIT = 100_000;

const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?(?=[\s\]|,;]|$)/;

/**
 * The RFC 3339 / ISO 8601 instant a log line starts with (optionally in brackets), e.g.
 * `2026-11-22T10:32:45.123Z`, `2026-11-22 10:32:45,123`, kubectl's `--timestamps` prefix.
 * A time without a zone is read as UTC, the zone servers and containers log in.
 */
export function leadingTime(line: string): Date | undefined {
  const m = LEADING_TIME.exec(line);
  if (!m) return undefined;
  const [, date, time, fraction, zone] = m;
  const ms = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const offset = !zone || zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = new Date(`${date}T${time}${ms}${offset}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** Newlines in the first `end` bytes of a file, streamed. */
async function countNewlines(path: string, end: number, signal?: AbortSignal): Promise<number> {
  if (end <= 0) return 0;
  let count = 0;
  const stream = createReadStream(path, { start: 0, end: end - 1, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
  }
  return count;
}

/** Lines in a file: newlines, plus a last line without one. */
export async function countLines(path: string, size: number, signal?: AbortSignal): Promise<number> {
  if (size === 0) return 0;
  const newlines = await countNewlines(path, size, signal);
  const fh = await open(path, 'r');
  try {
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    return newlines + (last[0] === 10 ? 0 : 1);
  } finally {
    await fh.close();
  }
}

export interface TailLine {
  text: string;
  /** 1-based line number in the file, when it was cheap to know. */
  line?: number;
  /** The line's own timestamp, or the one of the line it continues (a stack trace under its log line). */
  time?: Date;
}

export interface TailOptions {
  /** The last this many lines (of those within `since`, when given). */
  maxLines?: number;
  /** Only lines at or after this instant; lines with no timestamp before them are kept. */
  since?: Date;
  signal?: AbortSignal;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Whether a chunk read while walking back already reaches before `since`: logs are appended in time order. */
function reachesBefore(chunk: Buffer, since: Date): boolean {
  const text = chunk.toString('utf8');
  for (const line of text.split('\n').slice(1)) {
    const t = leadingTime(line);
    if (t) return t.getTime() < since.getTime();
  }
  return false;
}

/**
 * The end of a file read backwards in chunks: the last `maxLines` lines, or the lines
 * since an instant, without loading a large file whole.
 */
export async function readTail(path: string, options: TailOptions): Promise<TailLine[]> {
  const fh = await open(path, 'r');
  const chunks: Buffer[] = [];
  let pos: number;
  try {
    const size = (await fh.stat()).size;
    pos = size;
    let newlines = 0;
    let bytes = 0;
    while (pos > 0) {
      if (options.signal?.aborted) throw options.signal.reason;
      const length = Math.min(CHUNK, pos);
      pos -= length;
      const chunk = Buffer.alloc(length);
      await fh.read(chunk, 0, length, pos);
      chunks.unshift(chunk);
      bytes += length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
      // One newline more than lines wanted: the file may end with one, and the first line read may be partial.
      if (options.maxLines !== undefined && newlines > options.maxLines + 1) break;
      if (options.since) {
        if (reachesBefore(chunk, options.since)) break;
        if (bytes >= SINCE_BYTE_LIMIT || newlines > SINCE_LINE_LIMIT) break;
      }
    }
  } finally {
    await fh.close();
  }

  let data = Buffer.concat(chunks);
  let startOffset = pos;
  if (pos > 0) {
    const cut = data.indexOf(10) + 1;
    data = data.subarray(cut);
    startOffset = pos + cut;
  }
  const firstLine = startOffset === 0 ? 1 : startOffset <= LINE_NUMBER_SCAN_LIMIT ? (await countNewlines(path, startOffset, options.signal)) + 1 : undefined;

  return pickLines(splitLines(data.toString('utf8')), firstLine, options);
}

/** The same selection over text already in memory (a command's output). */
export function selectLines(text: string, options: Omit<TailOptions, 'signal'>): TailLine[] {
  return pickLines(splitLines(text), 1, options);
}

/** Number and date the lines, then keep those within `since` and the last `maxLines`. */
function pickLines(texts: string[], firstLine: number | undefined, options: Omit<TailOptions, 'signal'>): TailLine[] {
  let current: Date | undefined;
  let lines: TailLine[] = texts.map((text, i) => {
    current = leadingTime(text) ?? current;
    return { text, ...(firstLine === undefined ? {} : { line: firstLine + i }), ...(current ? { time: current } : {}) };
  });
  if (options.since) {
    const cutoff = options.since.getTime();
    lines = lines.filter((l) => l.time === undefined || l.time.getTime() >= cutoff);
  }
  return options.maxLines === undefined ? lines : lines.slice(-options.maxLines);
}
