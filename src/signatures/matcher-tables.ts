// What the matcher (matcher.ts) builds from a library before it reads a byte: the
// prefilter's tiers over every atom, and which patterns own each atom. Owners sit in one
// flat table of typed arrays (an atom's owners are a range of it), not in an array per
// atom: with a library four times today's size that is tens of thousands of small
// arrays fewer to make, to clone into each worker thread and to collect.
//
// The tables are plain data, so the signature cache keeps them as bytes (cache.ts) and a
// worker thread gets them from the main thread rather than building them again.

import type { MatcherSpec } from './compile';
import { buildPrefilters, decodePrefilters, encodePrefilters, PREFILTER_MODULE, type Prefilter } from './prefilter';
import { ERROR_ATOMS, ERROR_ATOMS_MODULE } from './error-atoms';

/** The modules whose code the tables' bytes depend on: the signature cache keys them by these files (cache.ts). */
export const TABLE_MODULES = [PREFILTER_MODULE, ERROR_ATOMS_MODULE, import.meta.url];

/** The owner of an atom that marks a line as error-looking (the unexplained templates), not a pattern. */
export const ERROR_PATTERN = -1;

export interface MatcherTables {
  /** The prefilter's tiers (short atoms apart from long ones); their ids index the owner table. */
  pfs: Prefilter[];
  /** Atom a is owned by owners[ownerStart[a] .. ownerStart[a + 1]]: pattern indexes in library order, then ERROR_PATTERN. */
  ownerStart: Int32Array;
  owners: Int32Array;
}

/** The tables for a compiled library: every distinct atom once, its owners in the order the patterns come. */
export function buildTables(spec: MatcherSpec): MatcherTables {
  const atomIndex = new Map<string, number>();
  const texts: string[] = [];
  const lastOwner: number[] = [];
  const pairAtoms: number[] = [];
  const pairOwners: number[] = [];
  const add = (atom: string, owner: number) => {
    let id = atomIndex.get(atom);
    if (id === undefined) {
      id = texts.length;
      atomIndex.set(atom, id);
      texts.push(atom);
      lastOwner.push(-2);
    }
    // A pattern's atoms are added together, so a repeated owner of an atom is always its last one.
    if (lastOwner[id] === owner) return;
    lastOwner[id] = owner;
    pairAtoms.push(id);
    pairOwners.push(owner);
  };
  spec.patterns.forEach((p, i) => p.atoms.forEach((a) => add(a, i)));
  ERROR_ATOMS.forEach((a) => add(a, ERROR_PATTERN));
  // Counting sort of the (atom, owner) pairs by atom; stable, so owners keep their order.
  const ownerStart = new Int32Array(texts.length + 1);
  for (const a of pairAtoms) ownerStart[a + 1]!++;
  for (let a = 0; a < texts.length; a++) ownerStart[a + 1]! += ownerStart[a]!;
  const next = ownerStart.slice(0, texts.length);
  const owners = new Int32Array(pairAtoms.length);
  pairAtoms.forEach((a, k) => (owners[next[a]!++] = pairOwners[k]!));
  return { pfs: buildPrefilters(texts), ownerStart, owners };
}

/** Whether tables from elsewhere (the cache, the main thread) fit a library of `patterns` patterns. */
export function tablesFit(tables: MatcherTables, patterns: number): boolean {
  const atoms = tables.pfs.reduce((n, pf) => n + pf.ids.length, 0);
  if (tables.ownerStart.length !== atoms + 1 || tables.ownerStart[atoms] !== tables.owners.length) return false;
  for (const p of tables.owners) if (p >= patterns || p < ERROR_PATTERN) return false;
  return true;
}

const tableBytes = (t: Int32Array) => new Uint8Array(t.buffer, t.byteOffset, t.byteLength);

/** The tables as bytes: the prefilter's (a multiple of 4 long), then the owner table's two arrays, each after its length. */
export function encodeTables(tables: MatcherTables): Buffer {
  const pfs = encodePrefilters(tables.pfs);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(pfs.length, 0);
  head.writeUInt32LE(tables.ownerStart.length, 4);
  head.writeUInt32LE(tables.owners.length, 8);
  return Buffer.concat([head, pfs, tableBytes(tables.ownerStart), tableBytes(tables.owners)]);
}

/** The tables back from encodeTables' bytes (views into them, or into a copy when not 4-aligned), or undefined. */
export function decodeTables(bytes: Uint8Array): MatcherTables | undefined {
  // Views need 4-byte alignment within the buffer.
  const data = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  if (data.byteLength < 12) return undefined;
  const [pfBytes, starts, owned] = new Uint32Array(data.buffer, data.byteOffset, 3) as unknown as [number, number, number];
  if (pfBytes % 4 !== 0 || 12 + pfBytes + 4 * (starts + owned) !== data.byteLength) return undefined;
  const pfs = decodePrefilters(data.subarray(12, 12 + pfBytes));
  if (!pfs) return undefined;
  const at = data.byteOffset + 12 + pfBytes;
  return { pfs, ownerStart: new Int32Array(data.buffer, at, starts), owners: new Int32Array(data.buffer, at + 4 * starts, owned) };
}
