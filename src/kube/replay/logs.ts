// pods/log from a bundle's log file, streamed: a huge log is never loaded whole.
// Files hold lines as `kubectl logs --timestamps` prints them: `<RFC 3339> <text>`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { shiftLogLine } from './clock';

export interface LogQuery {
  timestamps: boolean;
  tailLines?: number;
  /** Lines stamped before this instant (ms since epoch) are left out. */
  sinceMs?: number;
  limitBytes?: number;
  follow: boolean;
  /** Move each line's stamp by this much (the replay's shifted clock). */
  shiftMs?: number;
}

const CHUNK = 64 * 1024;

/** Byte offset where the last `lines` lines of the file start, read backwards in chunks. */
async function tailOffset(file: string, lines: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (lines <= 0) return size;
    let position = size;
    let newlines = 0;
    const buffer = Buffer.alloc(Math.min(CHUNK, size));
    // A final newline ends the last line; it does not start another.
    const trailing = size - 1;
    while (position > 0) {
      const length = Math.min(buffer.length, position);
      position -= length;
      await handle.read(buffer, 0, length, position);
      // Newline to newline, backwards, by Buffer's native search rather than byte by byte.
      for (let i = buffer.lastIndexOf(0x0a, length - 1); i >= 0; i = i > 0 ? buffer.lastIndexOf(0x0a, i - 1) : -1) {
        if (position + i === trailing) continue;
        if (++newlines === lines) return position + i + 1;
      }
    }
    return 0;
  } finally {
    await handle.close();
  }
}

async function* linesOf(file: string, start: number, signal: AbortSignal): AsyncGenerator<Buffer> {
  const stream = createReadStream(file, { start, highWaterMark: CHUNK, signal });
  let rest: Buffer | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let data = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = data.indexOf(0x0a, from); nl >= 0; nl = data.indexOf(0x0a, from)) {
        yield data.subarray(from, nl + 1);
        from = nl + 1;
      }
      rest = from < data.length ? Buffer.from(data.subarray(from)) : undefined;
      data = Buffer.alloc(0);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  if (rest && !signal.aborted) yield Buffer.concat([rest, Buffer.from('\n')]);
}

/** The instant a log line is stamped with, or undefined for a line without one. */
function stampOf(line: Buffer): number | undefined {
  const space = line.indexOf(0x20);
  if (space <= 0 || space > 40) return undefined;
  const t = Date.parse(line.subarray(0, space).toString('latin1'));
  return Number.isNaN(t) ? undefined : t;
}

async function write(out: Writable, data: Buffer): Promise<void> {
  if (!out.write(data)) await once(out, 'drain');
}

/** Write the log to `out` as the kubelet would; with `follow`, hold open until `signal` aborts. */
export async function streamLog(file: string, query: LogQuery, out: Writable, signal: AbortSignal): Promise<void> {
  const start = query.tailLines !== undefined ? await tailOffset(file, query.tailLines) : 0;
  let budget = query.limitBytes ?? Number.POSITIVE_INFINITY;
  let keeping = query.sinceMs === undefined;
  for await (let line of linesOf(file, start, signal)) {
    if (!keeping) {
      const stamp = stampOf(line);
      // Lines are in time order: once one is recent enough, every later one is.
      if (stamp === undefined || stamp < query.sinceMs!) continue;
      keeping = true;
    }
    if (!query.timestamps) {
      const space = line.indexOf(0x20);
      if (space > 0 && stampOf(line) !== undefined) line = line.subarray(space + 1);
    } else if (query.shiftMs) line = shiftLogLine(line, query.shiftMs);
    if (line.length >= budget) {
      await write(out, line.subarray(0, budget));
      return;
    }
    budget -= line.length;
    await write(out, line);
  }
  if (query.follow && !signal.aborted) await once(signal, 'abort').catch(() => undefined);
}

/** What streamLog writes for `query`, collected whole: a read that answers with the text rather than a stream. */
export async function streamLogBytes(file: string, query: LogQuery): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await streamLog(file, query, sink, new AbortController().signal);
  return Buffer.concat(chunks);
}

/**
 * What streamLog writes, read at once, for a query it passes through unchanged (stamps kept
 * and not shifted, no `sinceMs`, no follow); undefined for any other query. The bytes from the
 * tail's start to the end (a last line without a newline given one), cut at `limitBytes`:
 * one read, where streamLog writes line by line (a walk reads 1,000 lines of 40 logs).
 */
export async function readLog(file: string, query: LogQuery): Promise<Buffer | undefined> {
  if (query.follow || !query.timestamps || query.shiftMs || query.sinceMs !== undefined) return undefined;
  const start = query.tailLines !== undefined ? await tailOffset(file, query.tailLines) : 0;
  const limit = query.limitBytes ?? Number.POSITIVE_INFINITY;
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.max(0, Math.min(size - start, limit));
    const data = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(data, filled, length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const read = data.subarray(0, filled);
    // streamLog ends a last line without a newline with one, within the limit.
    if (filled > 0 && filled < limit && read[filled - 1] !== 0x0a) return Buffer.concat([read, Buffer.from('\n')]);
    return read;
  } finally {
    await handle.close();
  }
}
