// The linearity rules: what a pattern may not contain so that it cannot backtrack without
// bound. V8 falls back to its linear-time engine on excessive backtracking (the flag is
// set at the entry, see linear-engine.ts), but only for patterns inside that engine's
// subset; these rules keep every accepted pattern there, and refuse the shapes that would
// backtrack catastrophically before the fallback starts.

import type { RegexNode, RepeatNode } from './tree';

/** Above this the linear-time fallback engine refuses a counted repetition. */
const MAX_REPEAT_COUNT = 16;

export interface LinearityProblem {
  reason: string;
  offset: number;
}

/** RE2's largest counted repetition. */
const RE2_MAX_COUNT = 1000;

/**
 * Why a parsed pattern cannot be guaranteed to run in linear time, or undefined.
 * `singleCounts`: a counted repetition of one character or class (`[0-9a-f]{32}`), not
 * inside another counted repetition, may go up to RE2's limit. It cannot backtrack by
 * itself, but V8's linear-time fallback cannot run it either: signatures keep the
 * fallback's limit, a plan's regexes (compiled as written, one at a time) do not need it.
 */
export function linearityProblem(tree: RegexNode, ignoreCase = false, singleCounts = false): LinearityProblem | undefined {
  let problem: LinearityProblem | undefined;
  const nested = (offset: number) => ({
    reason: 'nested quantifier: a repeated group that itself contains a repetition, like (a+)+, can backtrack catastrophically; repeat only one level',
    offset,
  });
  // `factor` is the product of the counted repetitions around a node: the fallback
  // engine replicates counted bodies and gives up above MAX_REPEAT_COUNT. `repeated` is
  // the innermost repetition (more than once) around the node, if any.
  const walk = (node: RegexNode, factor: number, repeated: RepeatNode | undefined): void => {
    if (problem) return;
    switch (node.type) {
      case 'group':
        return walk(node.body, factor, repeated);
      case 'concat':
        return node.items.forEach((n) => walk(n, factor, repeated));
      case 'alt':
        if (repeated && overlappingBranches(node.branches, ignoreCase)) {
          problem = {
            reason:
              'overlapping alternation: in a repeated group, two branches can start with the same character (or one matches nothing), like (x|xx)+ or (a|ab)*, so one line can be split between them in exponentially many ways; make every branch start differently, e.g. x+ for (x|xx)+',
            offset: repeated.offset,
          };
          return;
        }
        return node.branches.forEach((n) => walk(n, factor, repeated));
      case 'repeat': {
        const unbounded = node.max === Infinity;
        if ((unbounded && containsRepeat(node.body, () => true)) || (node.max > 1 && containsRepeat(node.body, (r) => r.max === Infinity))) {
          problem = nested(node.offset);
          return;
        }
        const count = unbounded ? node.min : node.max;
        const single = singleCounts && factor === 1 && (node.body.type === 'char' || node.body.type === 'class' || node.body.type === 'any');
        if (single ? count > RE2_MAX_COUNT : (unbounded && node.min > MAX_REPEAT_COUNT / 2) || count * factor > MAX_REPEAT_COUNT) {
          const shown = node.min === node.max ? `{${node.min}}` : `{${node.min},${unbounded ? '' : node.max}}`;
          problem = {
            reason: single
              ? `counted repetition ${shown} is too large: RE2 counts up to ${RE2_MAX_COUNT}`
              : `counted repetition ${shown} is too large: the linear-time engine replicates it at most ${MAX_REPEAT_COUNT} times; use + or * or split the count`,
            offset: node.offset,
          };
          return;
        }
        return walk(node.body, factor * Math.max(count, 1), node.max > 1 ? node : repeated);
      }
      default:
        return;
    }
  };
  walk(tree, 1, undefined);
  return problem;
}

function containsRepeat(node: RegexNode, which: (r: RepeatNode) => boolean): boolean {
  switch (node.type) {
    case 'repeat':
      return which(node) || containsRepeat(node.body, which);
    case 'group':
      return containsRepeat(node.body, which);
    case 'concat':
      return node.items.some((n) => containsRepeat(n, which));
    case 'alt':
      return node.branches.some((n) => containsRepeat(n, which));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// First characters: what a node's non-empty matches can start with, as 256 bits for
// the Latin-1 range plus one bit for anything above it; and whether it can match nothing.

interface First {
  bits: Uint32Array;
  high: boolean;
  nullable: boolean;
}

const empty = (nullable: boolean): First => ({ bits: new Uint32Array(8), high: false, nullable });

function addRange(f: First, from: number, to: number): void {
  for (let c = from; c <= Math.min(to, 255); c++) f.bits[c >>> 5]! |= 1 << (c & 31);
  if (to > 255) f.high = true;
}

function addShorthand(f: First, s: 'd' | 'D' | 'w' | 'W' | 's' | 'S'): void {
  const set = empty(false);
  if (s === 'd' || s === 'D') addRange(set, 48, 57);
  if (s === 'w' || s === 'W') {
    addRange(set, 48, 57);
    addRange(set, 65, 90);
    addRange(set, 95, 95);
    addRange(set, 97, 122);
  }
  if (s === 's' || s === 'S') {
    addRange(set, 9, 13);
    addRange(set, 32, 32);
    addRange(set, 160, 160);
    // JavaScript's \s also holds Unicode spaces above Latin-1.
    set.high = true;
  }
  const negated = s === 'D' || s === 'W' || s === 'S';
  for (let i = 0; i < 8; i++) f.bits[i]! |= negated ? ~set.bits[i]! : set.bits[i]!;
  // Every negated shorthand holds characters above Latin-1, and so does \s.
  if (negated || set.high) f.high = true;
}

function foldCase(f: First): void {
  for (let c = 65; c <= 90; c++) {
    const upper = (f.bits[c >>> 5]! >>> (c & 31)) & 1;
    const lower = (f.bits[(c + 32) >>> 5]! >>> ((c + 32) & 31)) & 1;
    if (upper || lower) {
      addRange(f, c, c);
      addRange(f, c + 32, c + 32);
    }
  }
}

function first(node: RegexNode): First {
  switch (node.type) {
    case 'char': {
      const f = empty(false);
      addRange(f, node.code, node.code);
      return f;
    }
    case 'class': {
      const f = empty(false);
      for (const item of node.items) {
        if ('shorthand' in item) addShorthand(f, item.shorthand);
        else addRange(f, item.from, item.to);
      }
      if (node.negated) {
        for (let i = 0; i < 8; i++) f.bits[i] = ~f.bits[i]!;
        f.high = true;
      }
      return f;
    }
    case 'any': {
      const f = empty(false);
      addRange(f, 0, 9);
      addRange(f, 11, 12);
      addRange(f, 14, 256);
      return f;
    }
    case 'assert':
      return empty(true);
    case 'group':
      return first(node.body);
    case 'concat': {
      const f = empty(true);
      for (const item of node.items) {
        const g = first(item);
        union(f, g);
        if (!g.nullable) {
          f.nullable = false;
          break;
        }
      }
      return f;
    }
    case 'alt': {
      const f = empty(false);
      for (const b of node.branches) {
        const g = first(b);
        union(f, g);
        f.nullable ||= g.nullable;
      }
      return f;
    }
    case 'repeat': {
      const f = first(node.body);
      return { ...f, nullable: f.nullable || node.min === 0 };
    }
  }
}

function union(into: First, from: First): void {
  for (let i = 0; i < 8; i++) into.bits[i]! |= from.bits[i]!;
  into.high ||= from.high;
}

function overlap(a: First, b: First): boolean {
  if (a.high && b.high) return true;
  for (let i = 0; i < 8; i++) if ((a.bits[i]! & b.bits[i]!) !== 0) return true;
  return false;
}

/**
 * True when two branches of an alternation can start with the same character, or one
 * can match nothing: inside a repetition either lets the engine split a line between the
 * branches in more than one way. Stricter than ambiguity (`(ab|ac)+` is refused though
 * only one split exists), which keeps the rule simple to state and to follow.
 */
function overlappingBranches(branches: readonly RegexNode[], ignoreCase: boolean): boolean {
  const firsts = branches.map((b) => {
    const f = first(b);
    if (ignoreCase) foldCase(f);
    return f;
  });
  for (let i = 0; i < firsts.length; i++) {
    if (firsts[i]!.nullable) return true;
    for (let j = i + 1; j < firsts.length; j++) if (overlap(firsts[i]!, firsts[j]!)) return true;
  }
  return false;
}
