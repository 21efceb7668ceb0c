// The fallback model as bytes, for the cache and the bundle (dist/fallback-model.bin): a
// megabyte of JSON and a schema over tens of thousands of rows were a third of a short
// scan's work. Here the tokens are one sorted string (looked up by binary search) and the
// counts two typed arrays, viewed in place; reading checks the shape in a few loops.
// Layout: MAGIC, the header's byte length (u32), the header (JSON, padded to 4 bytes),
// the tokens joined by SEPARATOR (its byte length u32 first, padded to 4), the row offsets
// (u32, one past the last row too), then the [label index, count, …] pairs (u16 or u32).

import { CLASSIFIER_FORMAT, type ClassifierModel } from './classifier-model';

const MAGIC = 'TRCM';
const SEPARATOR = '\n';

/** A model read from bytes: the labels and temperature as in ClassifierModel, the counts in place. */
export interface PackedModel {
  format: number;
  key: string;
  labels: string[];
  temperature: number;
  /** Tokens in code unit order; token i's pairs are data[offsets[i]] to data[offsets[i + 1]]. */
  tokens: string[];
  offsets: Uint32Array;
  data: Uint16Array | Uint32Array;
  /** What it was read from: written as is again (the cache takes the shipped model). */
  bytes: Uint8Array;
}

interface Header {
  format: number;
  key: string;
  labels: string[];
  temperature: number;
  tokens: number;
  data: number;
  width: 2 | 4;
}

const pad4 = (n: number) => (n + 3) & ~3;
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The model as bytes (read back by unpackModel). */
export function packModel(model: ClassifierModel | PackedModel): Uint8Array {
  if ('bytes' in model) return model.bytes;
  const tokens = Object.keys(model.counts).sort(codeUnitOrder);
  const offsets = new Uint32Array(tokens.length + 1);
  let size = 0;
  let most = 0;
  tokens.forEach((token, i) => {
    if (token.includes(SEPARATOR)) throw new Error(`a model token holds ${JSON.stringify(SEPARATOR)}: ${JSON.stringify(token)}`);
    for (const n of model.counts[token]!) most = Math.max(most, n);
    size += model.counts[token]!.length;
    offsets[i + 1] = size;
  });
  const width = most < 0x10000 ? 2 : 4;
  const data = width === 2 ? new Uint16Array(size) : new Uint32Array(size);
  tokens.forEach((token, i) => data.set(model.counts[token]!, offsets[i]));
  const header: Header = { format: model.format, key: model.key, labels: model.labels, temperature: model.temperature, tokens: tokens.length, data: size, width };
  const head = Buffer.from(JSON.stringify(header));
  const words = Buffer.from(tokens.join(SEPARATOR));
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const padding = (n: number) => Buffer.alloc(pad4(n) - n);
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    u32(head.length),
    head,
    padding(head.length),
    u32(words.length),
    words,
    padding(words.length),
    Buffer.from(offsets.buffer),
    Buffer.from(data.buffer, 0, size * width),
    padding(size * width),
  ]);
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
    Number.isInteger(o.tokens) &&
    Number.isInteger(o.data) &&
    (o.width === 2 || o.width === 4)
  );
}

/**
 * The model packModel wrote, or undefined when the bytes are not one (of this format): the
 * same checks as classifierModelSchema (labels, a positive temperature, every pair a known
 * label index and a count), and the tokens in order, as lookups need.
 */
export function unpackModel(bytes: Uint8Array): PackedModel | undefined {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const headLength = buf.readUInt32LE(4);
    const header: unknown = JSON.parse(buf.toString('utf8', 8, 8 + headLength));
    if (!isHeader(header)) return undefined;
    let at = 8 + pad4(headLength);
    const wordsLength = buf.readUInt32LE(at);
    at += 4;
    const tokens = header.tokens ? buf.toString('utf8', at, at + wordsLength).split(SEPARATOR) : [];
    at += pad4(wordsLength);
    if (tokens.length !== header.tokens) return undefined;
    for (let i = 1; i < tokens.length; i++) if (!(tokens[i - 1]! < tokens[i]!)) return undefined;
    const offsets = view(buf, at, header.tokens + 1, 4) as Uint32Array;
    at += offsets.byteLength;
    const data = view(buf, at, header.data, header.width);
    if (offsets[0] !== 0 || offsets[header.tokens] !== header.data) return undefined;
    for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]! || (offsets[i]! - offsets[i - 1]!) % 2 !== 0) return undefined;
    const labels = header.labels.length;
    for (let k = 0; k < data.length; k += 2) if (data[k]! >= labels) return undefined;
    return { format: header.format, key: header.key, labels: header.labels, temperature: header.temperature, tokens, offsets, data, bytes };
  } catch {
    return undefined;
  }
}

/** A packed model's [label index, count, …] pairs for a token, if it has any. */
export function packedRow(model: PackedModel, token: string): Uint16Array | Uint32Array | undefined {
  let lo = 0;
  let hi = model.tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = model.tokens[mid]!;
    if (t === token) return model.data.subarray(model.offsets[mid], model.offsets[mid + 1]);
    if (t < token) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
