// Feeding bytes to the matcher: files by ranges with synchronous reads into one
// reused buffer, streams (stdin, gunzip) chunk by chunk. Chunks always end at a
// newline, except a line longer than a chunk, which is cut into chunk-sized
// segments (a 64 MiB line without a newline is scanned in pieces, never buffered).
// Bytes are never decoded up front: binary junk, NULs and invalid UTF-8 cost nothing
// and cannot hide later lines.

import { closeSync, openSync, readSync } from 'node:fs';
import type { LineMatcher } from './matcher';
import type { ScanState } from './scan-state';

const CHUNK = 4 << 20;

/** Removes ANSI escape sequences from buf[0, len) in place; returns the new length. */
function stripAnsi(buf: Buffer, len: number): number {
  const view = buf.subarray(0, len);
  let esc = view.indexOf(0x1b);
  if (esc < 0) return len;
  let w = esc;
  while (esc >= 0) {
    let r = esc + 1;
    const kind = buf[r];
    if (kind === 0x5b) {
      // CSI: ESC [ parameters intermediates final (0x40–0x7e)
      r++;
      while (r < len && buf[r] !== 10 && (buf[r]! < 0x40 || buf[r]! > 0x7e)) r++;
      if (r < len && buf[r] !== 10) r++;
    } else if (kind === 0x5d) {
      // OSC: ESC ] ... BEL or ESC \
      r++;
      while (r < len && buf[r] !== 10 && buf[r] !== 7 && !(buf[r] === 0x1b && buf[r + 1] === 0x5c)) r++;
      if (buf[r] === 7) r++;
      else if (buf[r] === 0x1b) r += 2;
    } else if (kind !== undefined && kind >= 0x40 && kind <= 0x5f) r++;
    // Copy the plain run up to the next escape in one native move.
    esc = r < len ? view.indexOf(0x1b, r) : -1;
    const runEnd = esc < 0 ? len : esc;
    if (runEnd > r) {
      // copyWithin is the typed array's own memmove: Buffer#copy adds a JavaScript wrapper per call.
      buf.copyWithin(w, r, runEnd);
      w += runEnd - r;
    }
  }
  return w;
}

/** Scans one whole-line chunk (or segment) sitting at buf[0, len). */
function feed(matcher: LineMatcher, state: ScanState, buf: Buffer, len: number): void {
  const clean = stripAnsi(buf, len);
  matcher.scan(state, buf.subarray(0, clean));
}

/** Scans bytes [start, end) of a file; `start` must be at a line start. */
export function scanFileRange(matcher: LineMatcher, state: ScanState, path: string, start = 0, end = Infinity): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK * 2);
    let carry = 0;
    let pos = start;
    for (;;) {
      const want = Math.min(CHUNK, end - pos);
      const n = want > 0 ? readSync(fd, buf, carry, want, pos) : 0;
      pos += n;
      const total = carry + n;
      if (n === 0) {
        if (total > 0) feed(matcher, state, buf, total);
        return;
      }
      const lastNewline = buf.lastIndexOf(10, total - 1);
      if (lastNewline < 0) {
        // No newline yet: keep the piece unless it is already a whole chunk.
        if (total >= CHUNK) {
          feed(matcher, state, buf, total);
          carry = 0;
        } else carry = total;
        continue;
      }
      const cut = lastNewline + 1;
      const rest = total - cut;
      if (rest > 0) {
        const tail = Buffer.from(buf.subarray(cut, total));
        feed(matcher, state, buf, cut);
        tail.copy(buf, 0);
      } else feed(matcher, state, buf, cut);
      carry = rest;
    }
  } finally {
    closeSync(fd);
  }
}

/** Scans a byte stream (stdin, a gunzip stream). */
export async function scanStream(matcher: LineMatcher, state: ScanState, stream: AsyncIterable<Buffer | string>): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const piece of stream) {
    const data = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let buf = pending.length ? Buffer.concat([pending, data]) : data;
    while (buf.length >= CHUNK) {
      const lastNewline = buf.lastIndexOf(10, CHUNK - 1);
      const cut = lastNewline < 0 ? CHUNK : lastNewline + 1;
      feed(matcher, state, Buffer.from(buf.subarray(0, cut)), cut);
      buf = buf.subarray(cut);
    }
    const lastNewline = buf.lastIndexOf(10);
    if (lastNewline >= 0) {
      feed(matcher, state, Buffer.from(buf.subarray(0, lastNewline + 1)), lastNewline + 1);
      buf = buf.subarray(lastNewline + 1);
    }
    pending = Buffer.from(buf);
  }
  if (pending.length) feed(matcher, state, pending, pending.length);
}

/** Scans text already in memory (examples, evidence): each element is one or more lines. */
export function scanText(matcher: LineMatcher, state: ScanState, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const buf = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  for (let start = 0; start < buf.length; ) {
    let end = Math.min(buf.length, start + CHUNK);
    if (end < buf.length) {
      const nl = buf.lastIndexOf(10, end - 1);
      if (nl >= start) end = nl + 1;
    }
    const piece = Buffer.from(buf.subarray(start, end));
    feed(matcher, state, piece, piece.length);
    start = end;
  }
}
