// The fallback model as bytes, for the cache and the bundle (dist/fallback-model.bin): a
// megabyte of JSON and a schema over tens of thousands of rows were a third of a short
// scan's work. Here the tokens are UTF-8 bytes in byte order, looked up in place by binary
// search (no string is made for a token never asked about), and the counts typed arrays
// viewed in place. Writing checks every row (packModel); reading checks a digest of the
// bytes and the header's shape, not the rows one by one (a pass over them cost milliseconds).
// Layout: MAGIC, the SHA-1 of all that follows it (20 bytes), the header's byte length
// (u32), the header (JSON, padded to 4 bytes), where each block of BLOCK tokens starts in the
// stream (u32, one past the last too), then the stream: per token, in byte order, how many of
// its first bytes it shares with the token before it in its block (none for a block's first,
// which binary search reads), the length of the rest and the rest (its UTF-8 bytes), its
// [label index, count] pairs (their number less one times the number of labels, plus the first
// label, then the first count and the other pairs), then its quantized weights (classifier-model.ts
// quantizeRow): the scale code (a byte), then one signed byte per bucket. Numbers are unsigned LEB128.
// Sharing prefixes, small numbers in a byte and a byte a weight make the file under a third of the
// 32-bit arrays' 5.5 MB (tokens 0.8 MB, their start and row offsets 0.5 MB, weights 3.8 MB).

import { createHash } from 'node:crypto';
import { bucketsOf, CLASSIFIER_FORMAT, dequantize, isQuantizedRow, type ClassifierModel } from './classifier-model';

const MAGIC = 'TRCM';
/** Where the header's length is: after MAGIC and the digest. */
const HEAD = 24;
/** Tokens a block: binary search finds the block, then its tokens are read in turn. */
const BLOCK = 16;
const digest = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest();

/** A model read from bytes: the labels and temperature as in ClassifierModel, the rest read in place. */
export interface PackedModel {
  format: number;
  key: string;
  labels: string[];
  temperature: number;
  /** Per label, the sum of its counts over every token. */
  totals: number[];
  /** How many tokens it holds. */
  tokens: number;
  /** Block b of tokens is stream[blocks[b]] to stream[blocks[b + 1]] (see the layout above). */
  blocks: Uint32Array;
  stream: Buffer;
  /** The logistic regression's intercept per bucket. */
  bias: number[];
  /** What it was read from: written as is again (the cache takes the shipped model). */
  bytes: Uint8Array;
}

interface Header {
  format: number;
  key: string;
  labels: string[];
  temperature: number;
  totals: number[];
  bias: number[];
  tokens: number;
  blocks: number;
  stream: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Bytes written in turn, numbers as unsigned LEB128. */
class Writer {
  private buf = Buffer.alloc(1 << 16);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
  uint(n: number) {
    this.room(5);
    do {
      const low = n % 128;
      n = Math.floor(n / 128);
      this.buf[this.length++] = n > 0 ? low | 128 : low;
    } while (n > 0);
  }
  bytes(b: Uint8Array) {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  byte(n: number) {
    this.room(1);
    this.buf[this.length++] = n;
  }
  int8(n: number) {
    this.room(1);
    this.buf.writeInt8(n, this.length++);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** The model as bytes (read back by unpackModel). */
export function packModel(model: ClassifierModel | PackedModel): Uint8Array {
  if ('bytes' in model) return model.bytes;
  const tokens = Object.keys(model.counts)
    .map((token) => ({ token, bytes: Buffer.from(token) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const totals = model.labels.map(() => 0);
  for (const { token } of tokens) {
    const row = model.counts[token]!;
    for (let k = 0; k < row.length; k++) {
      const n = row[k]!;
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`a model row of ${JSON.stringify(token)} holds ${n}, not a label index or count`);
      if (k % 2 === 0 && !(n < totals.length)) throw new Error(`a model row names label ${n} of ${totals.length}`);
      if (k % 2 === 1) totals[row[k - 1]!]! += n;
    }
  }
  const B = bucketsOf(model.labels).length;
  const out = new Writer();
  const blocks = new Uint32Array(Math.ceil(tokens.length / BLOCK) + 1);
  tokens.forEach(({ token, bytes }, i) => {
    const weights = model.weights[token];
    if (!isQuantizedRow(weights, B)) throw new Error(`a model row of ${JSON.stringify(token)} has no quantized weight per bucket`);
    let shared = 0;
    if (i % BLOCK === 0) blocks[i / BLOCK] = out.length;
    else {
      const before = tokens[i - 1]!.bytes;
      while (shared < before.length && shared < bytes.length && before[shared] === bytes[shared]) shared++;
    }
    out.uint(shared);
    out.uint(bytes.length - shared);
    out.bytes(bytes.subarray(shared));
    const row = model.counts[token]!;
    // Its number of pairs and its first label in one number: most tokens have one pair.
    out.uint((row.length / 2 - 1) * totals.length + (row[0] ?? 0));
    for (let k = 1; k < row.length; k++) out.uint(row[k]!);
    out.byte(weights![0]!);
    for (let b = 1; b <= B; b++) out.int8(weights![b]!);
  });
  blocks[blocks.length - 1] = out.length;
  const stream = out.done();
  const header: Header = { format: model.format, key: model.key, labels: model.labels, temperature: model.temperature, totals, bias: model.bias, tokens: tokens.length, blocks: blocks.length - 1, stream: stream.length };
  const head = Buffer.from(JSON.stringify(header));
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const body = Buffer.concat([u32(head.length), head, Buffer.alloc(pad4(head.length) - head.length), Buffer.from(blocks.buffer), stream]);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), digest(body), body]);
}

function isHeader(h: unknown): h is Header {
  const o = h as Partial<Header> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    o.format === CLASSIFIER_FORMAT &&
    typeof o.key === 'string' &&
    Array.isArray(o.labels) &&
    o.labels.length > 0 &&
    o.labels.every((l) => typeof l === 'string') &&
    typeof o.temperature === 'number' &&
    o.temperature > 0 &&
    Array.isArray(o.totals) &&
    o.totals.length === o.labels.length &&
    o.totals.every((t) => Number.isInteger(t) && t >= 0) &&
    Array.isArray(o.bias) &&
    o.bias.length === bucketsOf(o.labels).length &&
    o.bias.every((b) => typeof b === 'number' && Number.isFinite(b)) &&
    Number.isInteger(o.tokens) &&
    Number.isInteger(o.blocks) &&
    o.blocks === Math.ceil(o.tokens! / BLOCK) &&
    Number.isInteger(o.stream)
  );
}

/**
 * The model packModel wrote, or undefined when the bytes are not one (of this format) or
 * not as it wrote them (the digest): what classifierModelSchema checks of a model as JSON
 * (labels, a positive temperature, every pair a known label index and a count, quantized
 * weights) packModel checked when writing them.
 */
export function unpackModel(bytes: Uint8Array): PackedModel | undefined {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.toString('latin1', 0, 4) !== MAGIC || !digest(buf.subarray(HEAD)).equals(buf.subarray(4, HEAD))) return undefined;
    const headLength = buf.readUInt32LE(HEAD);
    const header: unknown = JSON.parse(buf.toString('utf8', HEAD + 4, HEAD + 4 + headLength));
    if (!isHeader(header)) return undefined;
    let at = HEAD + 4 + pad4(headLength);
    const n = header.blocks + 1;
    if (at + n * 4 + header.stream !== buf.length) return undefined;
    // A view when aligned in memory, else a copy.
    const blocks = (buf.byteOffset + at) % 4 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset + at, n) : new Uint32Array(buf.slice(at, at + n * 4).buffer);
    at += n * 4;
    const stream = buf.subarray(at);
    if (blocks[0] !== 0 || blocks[header.blocks] !== header.stream) return undefined;
    const { format, key, labels, temperature, totals, bias, tokens } = header;
    return { format, key, labels, temperature, totals, bias, tokens, blocks, stream, bytes };
  } catch {
    return undefined;
  }
}

/** An unsigned LEB128 number of `bytes` at `cursor.at`, moving it past. */
function uint(bytes: Buffer, cursor: { at: number }): number {
  let n = 0;
  let shift = 1;
  for (;;) {
    const b = bytes[cursor.at++]!;
    n += (b & 127) * shift;
    if (b < 128) return n;
    shift *= 128;
  }
}

/** A token's bytes as a block is read: its shared prefix is the one before's (grown as needed). */
let scratch = Buffer.alloc(256);

/** A packed model's [label index, count, …] pairs for a token, and its weights, if it has any. */
export function packedRow(model: PackedModel, token: string): { sparse: Uint32Array; weights: Float32Array } | undefined {
  const B = model.bias.length;
  const L = model.labels.length;
  const { stream, blocks } = model;
  const wanted = Buffer.from(token);
  const cursor = { at: 0 };
  // The last block whose first token is not after the wanted one.
  let lo = 0;
  let hi = blocks.length - 2;
  let block = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    cursor.at = blocks[mid]! + 1; // past its shared length, none
    const length = uint(stream, cursor);
    const order = stream.compare(wanted, 0, wanted.length, cursor.at, cursor.at + length);
    if (order === 0) {
      block = mid;
      break;
    }
    if (order < 0) [block, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  if (block < 0) return undefined;
  cursor.at = blocks[block]!;
  const end = blocks[block + 1]!;
  while (cursor.at < end) {
    const shared = uint(stream, cursor);
    const rest = uint(stream, cursor);
    const length = shared + rest;
    if (length > scratch.length) {
      const grown = Buffer.alloc(Math.max(length, scratch.length * 2));
      scratch.copy(grown, 0, 0, shared);
      scratch = grown;
    }
    stream.copy(scratch, shared, cursor.at, cursor.at + rest);
    cursor.at += rest;
    const order = scratch.compare(wanted, 0, wanted.length, 0, length);
    const first = uint(stream, cursor);
    const pairs = Math.floor(first / L) + 1;
    if (order === 0) {
      const sparse = new Uint32Array(pairs * 2);
      sparse[0] = first % L;
      for (let k = 1; k < sparse.length; k++) sparse[k] = uint(stream, cursor);
      const quantized = [stream[cursor.at++]!];
      for (let b = 0; b < B; b++) quantized.push(stream.readInt8(cursor.at++));
      return { sparse, weights: dequantize(quantized) };
    }
    // Tokens are in byte order: past the wanted one, it is not there.
    if (order > 0) return undefined;
    for (let k = 1; k < pairs * 2; k++) uint(stream, cursor);
    cursor.at += 1 + B;
  }
  return undefined;
}
