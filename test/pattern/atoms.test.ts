import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requiredAtoms } from '../../src/pattern/atoms';
import { parsePattern } from '../../src/pattern/parse';

/**
 * Every pattern of the built-in library when regexpp replaced the hand-written parser,
 * with the atoms the hand-written parser gave it: the prefilter is built from atoms, so
 * the same atoms mean the same tables and the same scan speed.
 */
const before = JSON.parse(readFileSync(new URL('../../fixtures/patterns/library-atoms.json', import.meta.url), 'utf8')) as [string, string[]][];

describe('atoms of the library, parsed by regexpp', () => {
  it('are those the hand-written parser found, for each of the 2,763 patterns', () => {
    expect(before).toHaveLength(2763);
    const changed = before.filter(([source, atoms]) => JSON.stringify(requiredAtoms(parsePattern(source).tree)) !== JSON.stringify(atoms));
    expect(changed).toEqual([]);
  });

  it('count the same distinct atoms (what the prefilter tables hold)', () => {
    const distinct = (lists: string[][]) => new Set(lists.flat()).size;
    expect(distinct(before.map(([source]) => requiredAtoms(parsePattern(source).tree)))).toBe(distinct(before.map(([, atoms]) => atoms)));
    expect(distinct(before.map(([, atoms]) => atoms))).toBe(3807);
  });
});
