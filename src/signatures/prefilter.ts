// One pass over the bytes for the whole library: a Wu–Manber multi-literal search over
// the atoms (literal strings every match of a pattern must contain, see regex.ts).
// Only lines holding an atom reach the regular expressions. Atoms are compared with
// ASCII case folded, so a case-insensitive pattern and a case-sensitive one share it.
//
// The search reads two bytes at the end of an m-byte window; the shift table says how
// far the window may jump when those two bytes end no atom's window. With atoms of
// ten or more bytes most windows jump several bytes, which is what makes one pass
// over gigabytes affordable in JavaScript.
//
// A few short atoms (an error word of five bytes, a go test `FAIL`) would shrink the
// window of the whole library to theirs and its jumps with it. So the atoms are searched
// in two tiers: the short ones in a pass of their own (few atoms: it still jumps far),
// the long ones (ten bytes or more) with a window of ten or more.
//
// With thousands of long atoms nearly every pair of lower-case letters ends some atom's
// window near its end, so two bytes hardly ever let the window jump. The long tier's
// shift is therefore read from four bytes (case folded, hashed into SHIFT4_BITS): a
// four-byte run of ordinary log text rarely occurs in an atom, and the window jumps
// m - 3 bytes. The bucket of candidate atoms is still found by the last two bytes.

import { MIN_ATOM } from './regex';

const MAX_WINDOW = 16;
const WINDOW_BITS = 1 << 20;
/** Size of the four-byte shift table: large enough that a library's blocks rarely collide. */
const SHIFT4_BITS = 20;
/** Windows at least this long read their shift from four bytes rather than two. */
const BLOCK4_MIN_WINDOW = 8;

/**
 * Hash of the four bytes ending at `end` for the four-byte shift table. Setting bit 5 of
 * each byte folds A-Z onto a-z without a table look-up; it also merges a few other bytes
 * (@ with \`, [ with {, controls with punctuation), which only makes some shifts shorter.
 */
export function block4Hash(bytes: Uint8Array, end: number): number {
  const x = (bytes[end - 3]! | (bytes[end - 2]! << 8) | (bytes[end - 1]! << 16) | (bytes[end]! << 24)) | 0x20202020;
  return Math.imul(x, 0x9e3779b1) >>> (32 - SHIFT4_BITS);
}

/** Hash of the m bytes ending at `end`, ASCII case folded; the matcher computes the same on the text. */
export function windowHash(bytes: Uint8Array, end: number, m: number): number {
  let h = 0;
  for (let k = end - m + 1; k <= end; k++) h = (Math.imul(h, 31) + FOLD[bytes[k]!]!) | 0;
  return (h ^ (h >>> 15)) & (WINDOW_BITS - 1);
}

export interface Prefilter {
  /** The matcher's atom id of each of this tier's atoms. */
  ids: Int32Array;
  /** Window length: the shortest atom, at most MAX_WINDOW. */
  m: number;
  /** 2: shift indexed by the last two bytes (65,536 entries); 4: by block4Hash of the last four. */
  block: 2 | 4;
  shift: Uint8Array;
  /** A bit per hash of an atom's whole window (case folded): a second cheap test before the buckets. */
  windows: Int32Array;
  /** Bucket of pair h: atoms[bucketAtoms[bucketStart[h] .. bucketStart[h+1]]]. */
  bucketStart: Uint32Array;
  bucketAtoms: Int32Array;
  /** Lower-case bytes of each atom. */
  atoms: Uint8Array[];
  /** Where in each atom its window starts. */
  windowAt: Int32Array;
}

/** Lower-case ASCII of a byte. */
export const FOLD = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b + 32 : b));

const variants = (b: number): number[] => (b >= 97 && b <= 122 ? [b, b - 32] : [b]);

// How unusual a byte is in log text: the window of each atom is placed where its last
// two bytes are rare, so fewer windows land on a candidate.
const COMMON = new Set(' etaoinsrhldcu:=",._-/0123456789'.split('').map((c) => c.charCodeAt(0)));
const rarity = (b: number) => (COMMON.has(b) ? 0 : 1);

function bestWindow(atom: Uint8Array, m: number, block: number): number {
  let best = 0;
  let bestScore = -1;
  for (let o = 0; o + m <= atom.length; o++) {
    let score = 0;
    // The bytes the shift is read from weigh most: the pair first (it picks the bucket), then the block.
    for (let k = o + m - block; k < o + m; k++) score += rarity(atom[k]!) * (k >= o + m - 2 ? 1000 : 100);
    for (let k = o; k < o + m; k++) score += rarity(atom[k]!);
    if (score > bestScore) [best, bestScore] = [o, score];
  }
  return best;
}

/** Atoms shorter than this go to the short tier. */
const LONG_ATOM = 10;

/** The tiers for the atoms (ids are their indexes): short atoms apart, so they do not shrink the long ones' window. */
export function buildPrefilters(atomTexts: readonly string[]): Prefilter[] {
  const ids = atomTexts.map((_, id) => id);
  const long = ids.filter((id) => Buffer.byteLength(atomTexts[id]!) >= LONG_ATOM);
  const short = ids.filter((id) => Buffer.byteLength(atomTexts[id]!) < LONG_ATOM);
  return [short, long].filter((tier) => tier.length > 0).map((tier) => buildPrefilter(tier.map((id) => atomTexts[id]!), tier));
}

function buildPrefilter(atomTexts: readonly string[], ids: readonly number[] = atomTexts.map((_, id) => id)): Prefilter {
  const atoms = atomTexts.map((a) => Buffer.from(a, 'utf8'));
  if (atoms.some((a) => a.length < MIN_ATOM)) throw new Error(`prefilter atoms must be at least ${MIN_ATOM} bytes`);
  const m = atoms.length ? Math.min(MAX_WINDOW, ...atoms.map((a) => a.length)) : MAX_WINDOW;
  const block = m >= BLOCK4_MIN_WINDOW ? 4 : 2;
  const shift = block === 4 ? new Uint8Array(1 << SHIFT4_BITS).fill(m - 3) : new Uint8Array(65536).fill(m - 1);
  const windows = new Int32Array(WINDOW_BITS >>> 5);
  const lists: number[][] = [];
  const windowAt = new Int32Array(atoms.length);
  atoms.forEach((atom, id) => {
    const o = bestWindow(atom, m, block);
    windowAt[id] = o;
    const h = windowHash(atom, o + m - 1, m);
    windows[h >>> 5]! |= 1 << (h & 31);
    if (block === 4) {
      // Atoms are lower case already: their blocks hash as the folded text does.
      for (let j = 3; j < m; j++) {
        const b = block4Hash(atom, o + j);
        if (m - 1 - j < shift[b]!) shift[b] = m - 1 - j;
      }
    }
    for (let j = 1; j < m; j++) {
      const s = m - 1 - j;
      for (const x of variants(atom[o + j - 1]!)) {
        for (const y of variants(atom[o + j]!)) {
          const h = (x << 8) | y;
          if (block === 2 && s < shift[h]!) shift[h] = s;
          if (s === 0) (lists[h] ??= []).push(id);
        }
      }
    }
  });
  const bucketStart = new Uint32Array(65537);
  let n = 0;
  for (let h = 0; h < 65536; h++) {
    bucketStart[h] = n;
    n += lists[h]?.length ?? 0;
  }
  bucketStart[65536] = n;
  const bucketAtoms = new Int32Array(n);
  for (let h = 0; h < 65536; h++) lists[h]?.forEach((id, k) => (bucketAtoms[bucketStart[h]! + k] = id));
  return { ids: Int32Array.from(ids), m, block, shift, windows, bucketStart, bucketAtoms, atoms, windowAt };
}

// The tables as bytes, for the signature cache (cache.ts): building them walks every atom's
// windows and fills a megabyte of shifts, which costs a short scan more than it scans.
// Layout: per tier, m and block, then each array as its byte length and its bytes, at offsets
// that are multiples of 4 so the arrays are read back as views, without copying.

const TABLE_MAGIC = 0x46505254; // 'TRPF'

/** This module's file: the signature cache keys the tables by it (cache.ts, through matcher-tables.ts). */
export const PREFILTER_MODULE = import.meta.url;

type Table = Int32Array | Uint32Array | Uint8Array;

/** The tiers' tables in one buffer. */
export function encodePrefilters(pfs: readonly Prefilter[]): Buffer {
  const parts: Table[] = [];
  const head: number[] = [TABLE_MAGIC, pfs.length];
  for (const pf of pfs) {
    const ends = new Int32Array(pf.atoms.length);
    let total = 0;
    pf.atoms.forEach((a, i) => (ends[i] = total += a.length));
    const bytes = new Uint8Array(total);
    pf.atoms.forEach((a, i) => bytes.set(a, ends[i]! - a.length));
    parts.push(Uint32Array.of(pf.m, pf.block), pf.ids, pf.shift, pf.windows, pf.bucketStart, pf.bucketAtoms, pf.windowAt, ends, bytes);
  }
  const size = (t: Table) => 4 + ((t.byteLength + 3) & ~3);
  const out = Buffer.alloc(head.length * 4 + parts.reduce((n, t) => n + size(t), 0));
  head.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  let at = head.length * 4;
  for (const t of parts) {
    out.writeUInt32LE(t.byteLength, at);
    out.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), at + 4);
    at += size(t);
  }
  return out;
}

/** The tiers back from encodePrefilters' bytes (views into them), or undefined when they are not such bytes. */
export function decodePrefilters(data: Uint8Array): Prefilter[] | undefined {
  // Views need 4-byte alignment within the buffer.
  const bytes = data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== TABLE_MAGIC) return undefined;
  const tiers = view.getUint32(4, true);
  let at = 8;
  const next = (): [number, number] => {
    if (at + 4 > bytes.byteLength) throw new RangeError('prefilter tables cut short');
    const length = view.getUint32(at, true);
    const start = bytes.byteOffset + at + 4;
    at += 4 + ((length + 3) & ~3);
    if (at > bytes.byteLength + 3) throw new RangeError('prefilter tables cut short');
    return [start, length];
  };
  const i32 = () => {
    const [s, n] = next();
    return new Int32Array(bytes.buffer, s, n >>> 2);
  };
  const u8 = () => {
    const [s, n] = next();
    return new Uint8Array(bytes.buffer, s, n);
  };
  try {
    const pfs: Prefilter[] = [];
    for (let t = 0; t < tiers; t++) {
      const [s] = next();
      const [m, block] = new Uint32Array(bytes.buffer, s, 2);
      const ids = i32();
      const shift = u8();
      const windows = i32();
      const [bs, bn] = next();
      const bucketStart = new Uint32Array(bytes.buffer, bs, bn >>> 2);
      const bucketAtoms = i32();
      const windowAt = i32();
      const ends = i32();
      const atomBytes = u8();
      const atoms = Array.from(ends, (end, i) => atomBytes.subarray(i ? ends[i - 1]! : 0, end));
      if (block !== 2 && block !== 4) return undefined;
      pfs.push({ ids, m: m!, block, shift, windows, bucketStart, bucketAtoms, atoms, windowAt });
    }
    return at === bytes.byteLength ? pfs : undefined;
  } catch {
    return undefined;
  }
}
