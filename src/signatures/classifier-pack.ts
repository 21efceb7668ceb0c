// The fallback model as bytes, for the cache and the bundle (dist/fallback-model.bin): a
// megabyte of JSON and a schema over tens of thousands of rows were a third of a short
// scan's work. Here the tokens are UTF-8 bytes in byte order, looked up in place by binary
// search (no string is made for a token never asked about), and the counts typed arrays
// viewed in place. Writing checks every row (packModel); reading checks a digest of the
// bytes and the header's shape, not the rows one by one (a pass over them cost milliseconds).
// Layout: MAGIC, the SHA-1 of all that follows it (20 bytes), the header's byte length
// (u32), the header (JSON, padded to 4 bytes),
// the tokens' bytes end to end (their length u32 first, padded to 4), where each token
// starts (u32, one past the last too), where each token's row starts (u32, likewise), then
// the rows' [label index, count, …] pairs (u16 or u32), padded to 4, then each token's
// logistic regression weights, one per bucket (f32).

import { createHash } from 'node:crypto';
import { bucketsOf, CLASSIFIER_FORMAT, type ClassifierModel } from './classifier-model';

const MAGIC = 'TRCM';
/** Where the header's length is: after MAGIC and the digest. */
const HEAD = 24;
const digest = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest();

/** A model read from bytes: the labels and temperature as in ClassifierModel, the counts in place. */
export interface PackedModel {
  format: number;
  key: string;
  labels: string[];
  temperature: number;
  /** Per label, the sum of its counts over every token. */
  totals: number[];
  /** Token i is words[starts[i]] to words[starts[i + 1]] (UTF-8, in byte order); its pairs data[offsets[i]] to data[offsets[i + 1]]. */
  words: Buffer;
  starts: Uint32Array;
  offsets: Uint32Array;
  data: Uint16Array | Uint32Array;
  /** The logistic regression's intercept per bucket, and token i's weights at weights[i * buckets] on. */
  bias: number[];
  weights: Float32Array;
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
  data: number;
  width: 2 | 4;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The model as bytes (read back by unpackModel). */
export function packModel(model: ClassifierModel | PackedModel): Uint8Array {
  if ('bytes' in model) return model.bytes;
  const tokens = Object.keys(model.counts)
    .map((token) => ({ token, bytes: Buffer.from(token) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const starts = new Uint32Array(tokens.length + 1);
  const offsets = new Uint32Array(tokens.length + 1);
  let size = 0;
  let most = 0;
  tokens.forEach(({ token, bytes }, i) => {
    starts[i + 1] = starts[i]! + bytes.length;
    for (const n of model.counts[token]!) {
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`a model row of ${JSON.stringify(token)} holds ${n}, not a label index or count`);
      most = Math.max(most, n);
    }
    size += model.counts[token]!.length;
    offsets[i + 1] = size;
  });
  const width = most < 0x10000 ? 2 : 4;
  const data = width === 2 ? new Uint16Array(size) : new Uint32Array(size);
  tokens.forEach(({ token }, i) => data.set(model.counts[token]!, offsets[i]));
  const totals = model.labels.map(() => 0);
  for (let k = 0; k < size; k += 2) {
    if (!(data[k]! < totals.length)) throw new Error(`a model row names label ${data[k]} of ${totals.length}`);
    totals[data[k]!]! += data[k + 1]!;
  }
  const B = bucketsOf(model.labels).length;
  const weights = new Float32Array(tokens.length * B);
  tokens.forEach(({ token }, i) => {
    const row = model.weights[token];
    if (row?.length !== B) throw new Error(`a model row of ${JSON.stringify(token)} has no weight per bucket`);
    weights.set(row, i * B);
  });
  const header: Header = { format: model.format, key: model.key, labels: model.labels, temperature: model.temperature, totals, bias: model.bias, tokens: tokens.length, data: size, width };
  const head = Buffer.from(JSON.stringify(header));
  const words = Buffer.concat(tokens.map((t) => t.bytes));
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const padding = (n: number) => Buffer.alloc(pad4(n) - n);
  const body = Buffer.concat([
    u32(head.length),
    head,
    padding(head.length),
    u32(words.length),
    words,
    padding(words.length),
    Buffer.from(starts.buffer),
    Buffer.from(offsets.buffer),
    Buffer.from(data.buffer, 0, size * width),
    padding(size * width),
    Buffer.from(weights.buffer),
  ]);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), digest(body), body]);
}

/** Float32 weights over bytes[at, at + n * 4), copied only when `at` is not aligned in memory. */
function floats(bytes: Uint8Array, at: number, n: number): Float32Array {
  if (at + n * 4 > bytes.length) throw new Error('truncated');
  if ((bytes.byteOffset + at) % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset + at, n);
  return new Float32Array(bytes.slice(at, at + n * 4).buffer);
}

/** A typed array over bytes[at, at + n * width), copied only when `at` is not aligned in memory. */
function view(bytes: Uint8Array, at: number, n: number, width: 2 | 4): Uint16Array | Uint32Array {
  if (at + n * width > bytes.length) throw new Error('truncated');
  if ((bytes.byteOffset + at) % width === 0) return width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset + at, n) : new Uint32Array(bytes.buffer, bytes.byteOffset + at, n);
  return width === 2 ? new Uint16Array(bytes.slice(at, at + n * 2).buffer) : new Uint32Array(bytes.slice(at, at + n * 4).buffer);
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
    Number.isInteger(o.data) &&
    (o.width === 2 || o.width === 4)
  );
}

/**
 * The model packModel wrote, or undefined when the bytes are not one (of this format) or
 * not as it wrote them (the digest): what classifierModelSchema checks of a model as JSON
 * (labels, a positive temperature, every pair a known label index and a count) packModel
 * checked when writing them.
 */
export function unpackModel(bytes: Uint8Array): PackedModel | undefined {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.toString('latin1', 0, 4) !== MAGIC || !digest(buf.subarray(HEAD)).equals(buf.subarray(4, HEAD))) return undefined;
    const headLength = buf.readUInt32LE(HEAD);
    const header: unknown = JSON.parse(buf.toString('utf8', HEAD + 4, HEAD + 4 + headLength));
    if (!isHeader(header)) return undefined;
    let at = HEAD + 4 + pad4(headLength);
    const wordsLength = buf.readUInt32LE(at);
    at += 4;
    if (at + wordsLength > buf.length) return undefined;
    const words = buf.subarray(at, at + wordsLength);
    at += pad4(wordsLength);
    const starts = view(buf, at, header.tokens + 1, 4) as Uint32Array;
    at += starts.byteLength;
    const offsets = view(buf, at, header.tokens + 1, 4) as Uint32Array;
    at += offsets.byteLength;
    const data = view(buf, at, header.data, header.width);
    at += pad4(data.byteLength);
    const weights = floats(buf, at, header.tokens * header.bias.length);
    if (offsets[0] !== 0 || offsets[header.tokens] !== header.data || starts[0] !== 0 || starts[header.tokens] !== wordsLength) return undefined;
    const { format, key, labels, temperature, totals, bias } = header;
    return { format, key, labels, temperature, totals, bias, words, starts, offsets, data, weights, bytes };
  } catch {
    return undefined;
  }
}

/** A packed model's [label index, count, …] pairs for a token, and its weights, if it has any. */
export function packedRow(model: PackedModel, token: string): { sparse: Uint16Array | Uint32Array; weights: Float32Array } | undefined {
  const B = model.bias.length;
  const wanted = Buffer.from(token);
  let lo = 0;
  let hi = model.starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = model.words.compare(wanted, 0, wanted.length, model.starts[mid], model.starts[mid + 1]);
    if (order === 0) return { sparse: model.data.subarray(model.offsets[mid], model.offsets[mid + 1]), weights: model.weights.subarray(mid * B, (mid + 1) * B) };
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
