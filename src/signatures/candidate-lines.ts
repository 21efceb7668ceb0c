// Candidate lines of a chunk, as line-start offsets in order, for the matcher (matcher.ts):
// the two prefilter tiers' lists merged, and the lines that patterns without an atom hit.

import type { MatcherSpec } from './compile';

/** Line starts in increasing order, each with the atoms (matcher ids) found on the line. */
export interface LineLists {
  starts: number[];
  atomLists: number[][];
}

/** Two tiers' lists as one: a line both found holds both tiers' atoms. */
export function mergeTiers(a: LineLists, b: LineLists): LineLists {
  const starts: number[] = [];
  const atomLists: number[][] = [];
  let i = 0;
  let j = 0;
  while (i < a.starts.length || j < b.starts.length) {
    const x = i < a.starts.length ? a.starts[i]! : Infinity;
    const y = j < b.starts.length ? b.starts[j]! : Infinity;
    if (x === y) {
      starts.push(x);
      atomLists.push(a.atomLists[i++]!.concat(b.atomLists[j++]!));
    } else if (x < y) {
      starts.push(x);
      atomLists.push(a.atomLists[i++]!);
    } else {
      starts.push(y);
      atomLists.push(b.atomLists[j++]!);
    }
  }
  return { starts, atomLists };
}

/** Patterns without an atom (`unfiltered`) run on every line through one combined regex, named groups dropped. */
export function unfilteredFinder(spec: MatcherSpec, unfiltered: readonly number[]): RegExp | undefined {
  return unfiltered.length
    ? new RegExp(unfiltered.map((i) => `(?:${spec.patterns[i]!.js.replace(/\(\?<[A-Za-z_][A-Za-z0-9_]*>/g, '(')})`).join('|'), 'gm')
    : undefined;
}

/** Lines the unfiltered patterns hit (`find`: unfilteredFinder's), as line-start offsets in increasing order. */
export function unfilteredLines(find: RegExp | undefined, buf: Buffer, end: number): number[] {
  if (!find) return [];
  // latin1 keeps one character per byte, so offsets in the string are byte offsets.
  const text = buf.toString('latin1', 0, end);
  const starts: number[] = [];
  find.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = find.exec(text))) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    if (starts[starts.length - 1] !== start) starts.push(start);
    const next = text.indexOf('\n', m.index);
    if (next < 0) break;
    find.lastIndex = next + 1;
  }
  return starts;
}
