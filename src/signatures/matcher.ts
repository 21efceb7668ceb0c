// The matcher: runs the whole library over chunks of bytes in one pass. The prefilter
// finds lines holding an atom; only those lines are decoded and tested with the
// regular expressions of the patterns that own the atoms found. Lines with an error
// word and no signature become unexplained templates.

import { block4Hash, FOLD, windowHash, type Prefilter } from './prefilter';
import type { MatcherSpec } from './compile';
import { mergeTiers, unfilteredFinder, unfilteredLines } from './candidate-lines';
import { buildTables, ERROR_PATTERN, tablesFit, type MatcherTables } from './matcher-tables';
import { clip, excludedLine, recordMatch, type ScanState } from './scan-state';
import { looksLikeError, MAX_TEMPLATES, template } from './unexplained';

/** An empty atom list (count 0). */
const NONE = new Int32Array(1);

/**
 * The hot loop, kept small so the optimiser compiles it tight: the next position from i
 * where a window of the prefilter could end, or `end`.
 */
function nextZeroShift(buf: Buffer, i: number, end: number, shift: Uint8Array, windows: Int32Array, m: number): number {
  while (i < end) {
    const s = shift[(buf[i - 1]! << 8) | buf[i]!]!;
    if (s !== 0) {
      i += s;
      continue;
    }
    const h = windowHash(buf, i, m);
    if ((windows[h >>> 5]! & (1 << (h & 31))) !== 0) return i;
    i++;
  }
  return end;
}

/** nextZeroShift for a prefilter whose shift is read from four bytes (block4Hash). */
function nextZeroShift4(buf: Buffer, i: number, end: number, shift: Uint8Array, windows: Int32Array, m: number): number {
  if (i < 3) i = 3;
  while (i < end) {
    const s = shift[block4Hash(buf, i)]!;
    if (s !== 0) {
      i += s;
      continue;
    }
    const h = windowHash(buf, i, m);
    if ((windows[h >>> 5]! & (1 << (h & 31))) !== 0) return i;
    i++;
  }
  return end;
}

/**
 * The one call of either loop: each of its two call sites sees one target, so the optimiser
 * inlines both (a single site fed both made tierLines deoptimise and call them polymorphically).
 */
function nextWindow(block4: boolean, buf: Buffer, i: number, end: number, shift: Uint8Array, windows: Int32Array, m: number): number {
  return block4 ? nextZeroShift4(buf, i, end, shift, windows, m) : nextZeroShift(buf, i, end, shift, windows, m);
}

export class LineMatcher {
  /** The prefilter's tiers (short atoms apart from long ones). */
  readonly pfs: Prefilter[];
  /** The prefilter and the atoms' owners (matcher-tables.ts), as built or as given. */
  readonly tables: MatcherTables;
  private readonly ownerStart: Int32Array;
  private readonly owners: Int32Array;
  /** Each pattern's regex, made when a line first needs it: most of a library never reaches a line of a given scan. */
  private readonly regexes: (RegExp | undefined)[];
  private readonly named: boolean[];
  private readonly patternSigs: number[][];
  /** Patterns without an atom run on every line through one combined regex. */
  private readonly unfiltered: number[];
  private readonly unfilteredFind: RegExp | undefined;
  /** Per line: which patterns were tried and which signatures matched (by generation). */
  private readonly stamp: Int32Array;
  private readonly sigStamp: Int32Array;
  private generation = 0;
  /** Atoms found on the current candidate line; found[0] is their count. */
  private found = new Int32Array(257);

  /** `tables`: built already for this spec (the cache has them, a worker gets them from the main thread). */
  constructor(
    readonly spec: MatcherSpec,
    tables?: MatcherTables,
  ) {
    this.tables = tables && tablesFit(tables, spec.patterns.length) ? tables : buildTables(spec);
    ({ pfs: this.pfs, ownerStart: this.ownerStart, owners: this.owners } = this.tables);
    this.regexes = new Array<RegExp | undefined>(spec.patterns.length).fill(undefined);
    this.named = spec.patterns.map((p) => p.names.length > 0);
    this.patternSigs = spec.patterns.map(() => []);
    spec.signatures.forEach((s, i) => s.patterns.forEach((p) => this.patternSigs[p]!.push(i)));
    // Patterns that own no atom: found from the owner table, so a worker's spec needs no atoms.
    const owned = new Uint8Array(spec.patterns.length);
    for (const p of this.owners) if (p !== ERROR_PATTERN) owned[p] = 1;
    this.unfiltered = spec.patterns.flatMap((_, i) => (owned[i] ? [] : [i]));
    this.unfilteredFind = unfilteredFinder(spec, this.unfiltered);
    this.stamp = new Int32Array(spec.patterns.length);
    this.sigStamp = new Int32Array(spec.signatures.length);
  }

  begin(source: string, kinds: number): ScanState {
    return {
      kinds,
      source,
      newlines: 0,
      matches: [],
      counts: new Array(this.spec.signatures.length).fill(0),
      unexplained: new Map(),
      lastSeen: new Map(),
      lines: 0,
    };
  }

  /** Scans a chunk of whole lines, or one segment of a line too long for a chunk. */
  scan(state: ScanState, buf: Buffer): void {
    const end = buf.length;
    const found = this.found;
    // Lines the unfiltered patterns hit, as line-start offsets in increasing order.
    const extra = unfilteredLines(this.unfilteredFind, buf, end);
    let extraAt = 0;
    // Counting newlines lazily: `counted` is the offset up to which they were counted.
    let counted = 0;
    let newlines = state.newlines;
    const lineAt = (pos: number) => {
      let p = buf.indexOf(10, counted);
      while (p >= 0 && p < pos) {
        newlines++;
        p = buf.indexOf(10, p + 1);
      }
      counted = pos;
      return newlines + 1;
    };
    const { starts, atomLists } = this.candidateLines(buf, end);
    for (let k = 0; k < starts.length; k++) {
      const lineStart = starts[k]!;
      while (extraAt < extra.length && extra[extraAt]! < lineStart) this.testLine(state, buf, extra[extraAt++]!, end, NONE, true, lineAt);
      const withExtra = extraAt < extra.length && extra[extraAt] === lineStart;
      if (withExtra) extraAt++;
      const list = atomLists[k]!;
      const n = Math.min(list.length, found.length - 1);
      for (let a = 0; a < n; a++) found[a + 1] = list[a]!;
      found[0] = n;
      this.testLine(state, buf, lineStart, end, found, withExtra, lineAt);
    }
    while (extraAt < extra.length) this.testLine(state, buf, extra[extraAt++]!, end, NONE, true, lineAt);
    lineAt(end);
    state.newlines = newlines;
  }

  /** Lines holding an atom of any tier, in line order, each with the atoms (matcher ids) found on it. */
  private candidateLines(buf: Buffer, end: number): { starts: number[]; atomLists: number[][] } {
    const tiers = this.pfs.map((pf) => {
      const starts: number[] = [];
      const atomLists: number[][] = [];
      this.tierLines(pf, buf, end, starts, atomLists);
      return { starts, atomLists };
    });
    if (tiers.length === 0) return { starts: [], atomLists: [] };
    if (tiers.length === 1) return tiers[0]!;
    return mergeTiers(tiers[0]!, tiers[1]!);
  }

  /** One tier's pass over the chunk: the start of each line holding one of its atoms, and those atoms. */
  private tierLines(pf: Prefilter, buf: Buffer, end: number, starts: number[], atomLists: number[][]): void {
    const { ids, m, shift, windows, bucketStart, bucketAtoms, atoms, windowAt } = pf;
    const block4 = pf.block === 4;
    const fold = FOLD;
    const found = this.found;
    let i = m - 1;
    for (;;) {
      i = nextWindow(block4, buf, i, end, shift, windows, m);
      if (i >= end) break;
      const h = (buf[i - 1]! << 8) | buf[i]!;
      found[0] = 0;
      if (this.atomsAt(found, buf, end, i, h, bucketStart, bucketAtoms, atoms, windowAt, m, fold) === 0) {
        i++;
        continue;
      }
      // A candidate line: collect every atom of this tier on it.
      const first = found[1]!;
      const lineStart = buf.lastIndexOf(10, i - m + 1 - windowAt[first]!) + 1;
      let lineEnd = buf.indexOf(10, i);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      for (let j = i + 1; ; j++) {
        j = nextWindow(block4, buf, j, lineEnd, shift, windows, m);
        if (j >= lineEnd) break;
        this.atomsAt(found, buf, lineEnd, j, (buf[j - 1]! << 8) | buf[j]!, bucketStart, bucketAtoms, atoms, windowAt, m, fold);
      }
      const list: number[] = new Array(found[0]!);
      for (let a = 0; a < found[0]!; a++) list[a] = ids[found[a + 1]!]!;
      starts.push(lineStart);
      atomLists.push(list);
      i = lineEnd + m;
    }
  }

  /** Adds to `found` every atom whose window ends at i (pair h); returns how many. */
  private atomsAt(
    found: Int32Array,
    buf: Buffer,
    end: number,
    i: number,
    h: number,
    bucketStart: Uint32Array,
    bucketAtoms: Int32Array,
    atoms: Uint8Array[],
    windowAt: Int32Array,
    m: number,
    fold: Uint8Array,
  ): number {
    let n = 0;
    for (let k = bucketStart[h]!, last = bucketStart[h + 1]!; k < last; k++) {
      const id = bucketAtoms[k]!;
      const atom = atoms[id]!;
      const start = i - m + 1 - windowAt[id]!;
      if (start < 0 || start + atom.length > end) continue;
      let q = 0;
      while (q < atom.length && fold[buf[start + q]!] === atom[q]) q++;
      if (q === atom.length) {
        const count = found[0]!;
        if (count < found.length - 1) {
          found[count + 1] = id;
          found[0] = count + 1;
        }
        n++;
      }
    }
    return n;
  }

  private testLine(
    state: ScanState,
    buf: Buffer,
    lineStart: number,
    limit: number,
    atomIds: Int32Array,
    withUnfiltered: boolean,
    lineAt: (pos: number) => number,
  ): void {
    let lineEnd = buf.indexOf(10, lineStart);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    let text = buf.toString('utf8', lineStart, lineEnd);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const gen = ++this.generation;
    const stamp = this.stamp;
    let errorish = false;
    let matchedAny = false;
    // A line a signature's `unless` calls healthy is explained: it does not become an unexplained template.
    let healthy = false;
    let line = 0;
    const tryPattern = (p: number) => {
      if (stamp[p] === gen) return;
      stamp[p] = gen;
      const re = (this.regexes[p] ??= new RegExp(this.spec.patterns[p]!.js));
      let captures: Record<string, string> | undefined;
      if (this.named[p]) {
        const m = re.exec(text);
        if (!m) return;
        if (m.groups) captures = Object.fromEntries(Object.entries(m.groups).filter((e): e is [string, string] => e[1] !== undefined));
      } else if (!re.test(text)) return;
      line ||= lineAt(lineStart);
      for (const sig of this.patternSigs[p]!) {
        if (this.sigStamp[sig] === gen) continue;
        if (excludedLine(this.spec, state, sig, text)) {
          healthy = true;
          continue;
        }
        if (recordMatch(this.spec, state, sig, p, line, text, captures)) {
          this.sigStamp[sig] = gen;
          matchedAny = true;
        }
      }
    };
    const { ownerStart, owners } = this;
    for (let a = 1; a <= atomIds[0]!; a++) {
      for (let k = ownerStart[atomIds[a]!]!, last = ownerStart[atomIds[a]! + 1]!; k < last; k++) {
        const p = owners[k]!;
        if (p === ERROR_PATTERN) errorish = true;
        else tryPattern(p);
      }
    }
    if (withUnfiltered) for (const p of this.unfiltered) tryPattern(p);
    if (errorish && !matchedAny && !healthy && looksLikeError(text)) {
      const key = template(text);
      const entry = state.unexplained.get(key);
      if (entry) entry.count++;
      else if (state.unexplained.size < MAX_TEMPLATES) {
        state.unexplained.set(key, { template: key, count: 1, example: clip(text), source: state.source, line: line || lineAt(lineStart) });
      }
    }
  }
}
