// Atoms: literal strings, lower-cased, such that every match contains one of them. The
// one-pass prefilter (prefilter.ts) is built from them: only lines holding an atom reach
// the pattern's regular expression.

import type { RegexNode } from './tree';

/** Shortest atom worth prefiltering on; a pattern without one runs on every line. */
export const MIN_ATOM = 4;
const MAX_SET = 16;

interface Info {
  /** Every string the node can match, when that set is small and finite. */
  exact: Set<string> | null;
  /** A set such that every match contains one of its strings; null when none is known. */
  required: Set<string> | null;
}

const lower = (code: number) => String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);

/** Past this length an atom is as good as any longer one to the prefilter (its window is shorter). */
const ENOUGH = 12;

function setScore(set: Set<string> | null): number {
  if (!set || set.size === 0) return -1;
  let min = Infinity;
  for (const s of set) min = Math.min(min, s.length);
  // Longer atoms first, up to ENOUGH; among equals, fewer alternatives.
  return Math.min(min, ENOUGH) * 100 - set.size;
}

function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  return setScore(b) > setScore(a) ? b : a;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function classLiterals(node: Extract<RegexNode, { type: 'class' }>): Set<string> | null {
  if (node.negated) return null;
  const out = new Set<string>();
  for (const item of node.items) {
    if ('shorthand' in item) return null;
    if (item.to - item.from > 8) return null;
    for (let c = item.from; c <= item.to; c++) out.add(lower(c));
    if (out.size > 4) return null;
  }
  return out;
}

function info(node: RegexNode): Info {
  switch (node.type) {
    case 'char': {
      const s = new Set([lower(node.code)]);
      return { exact: s, required: s };
    }
    case 'class': {
      const s = classLiterals(node);
      return { exact: s, required: s };
    }
    case 'any':
      return { exact: null, required: null };
    case 'assert':
      return { exact: new Set(['']), required: null };
    case 'group':
      return info(node.body);
    case 'alt': {
      const infos = node.branches.map(info);
      let exact: Set<string> | null = new Set();
      let required: Set<string> | null = new Set();
      for (const i of infos) {
        if (exact && i.exact && exact.size + i.exact.size <= MAX_SET) i.exact.forEach((s) => exact!.add(s));
        else exact = null;
        const r = better(i.required, i.exact);
        if (required && r && setScore(r) >= 0) r.forEach((s) => required!.add(s));
        else required = null;
      }
      return { exact, required };
    }
    case 'repeat': {
      const body = info(node.body);
      if (node.min === 0) {
        if (node.max === 1 && body.exact && body.exact.size < MAX_SET) return { exact: new Set([...body.exact, '']), required: null };
        return { exact: null, required: null };
      }
      if (node.min === 1 && node.max === 1) return body;
      return { exact: null, required: better(body.required, body.exact) };
    }
    case 'concat': {
      let exact: Set<string> | null = new Set(['']);
      let run: Set<string> | null = new Set(['']);
      let best: Set<string> | null = null;
      for (const item of node.items) {
        const i = info(item);
        best = better(best, i.required);
        if (run && i.exact) {
          const next = cross(run, i.exact);
          if (next) {
            run = next;
          } else {
            best = better(best, run);
            run = i.exact;
          }
        } else {
          best = better(best, run);
          run = i.exact ?? new Set(['']);
        }
        exact = exact && i.exact ? cross(exact, i.exact) : null;
      }
      best = better(best, run);
      return { exact, required: best };
    }
  }
}

/**
 * Literal strings (lower case) of which every match contains at least one, or an empty
 * list when no such set with strings of at least MIN_ATOM characters exists.
 */
export function requiredAtoms(tree: RegexNode): string[] {
  const i = info(tree);
  const set = better(i.required, i.exact);
  if (!set || setScore(set) < 0) return [];
  const atoms = [...set];
  if (atoms.some((a) => a.length < MIN_ATOM)) return [];
  return atoms;
}
