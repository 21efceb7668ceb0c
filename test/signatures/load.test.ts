import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLibrary } from '../../src/signatures/load';

const valid = (id: string, regex = 'pool exhausted') => `id: ${id}
title: A pool has no free slot
bucket: replay-dedupe
class: environment
step: rerun
severity: high
match:
  any:
    - regex: '${regex}'
hypothesis: check the locks because earlier runs hold them
next: the pool's namespaces
examples:
  match: ['pool exhausted for ts', 'Error: pool exhausted']
  nomatch: ['pool ok', 'allocated ts3']
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-sig-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

describe('loading signature files', () => {
  it('loads one signature per file and a family as a list', () => {
    write('one.yaml', valid('one'));
    write('family.yml', `- ${valid('two').replace(/\n(?=.)/g, '\n  ')}\n- ${valid('three').replace(/\n(?=.)/g, '\n  ')}`);
    const lib = loadLibrary([dir]);
    expect(lib.problems).toEqual([]);
    expect(lib.signatures.map((s) => s.id).sort()).toEqual(['one', 'three', 'two']);
  });

  it('names the file, line and field of a bad value', () => {
    const file = write('bad.yaml', valid('bad').replace('bucket: replay-dedupe', 'bucket: replay'));
    const { problems } = loadLibrary([dir]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(new RegExp(`^${file}:3: bucket: `));
  });

  it('rejects an unknown key at its line', () => {
    const file = write('typo.yaml', valid('typo').replace('next:', 'nxet: x\nnext:'));
    const { problems } = loadLibrary([dir]);
    expect(problems[0]!.message).toMatch(new RegExp(`^${file}:\\d+: nxet: unknown key`));
    expect(problems[0]!.line).toBe(valid('typo').split('\n').findIndex((l) => l.startsWith('next:')) + 1);
  });

  it('rejects a duplicate id and names where it was first defined', () => {
    const first = write('a.yaml', valid('same'));
    const second = write('b.yaml', valid('same'));
    const { signatures, problems } = loadLibrary([dir]);
    expect(signatures.map((s) => s.file)).toEqual([first]);
    expect(problems[0]!.message).toContain(`${second}:1: id: duplicate id "same" (also defined in ${first})`);
  });

  it('reports one bad file and still loads the others', () => {
    write('a.yaml', valid('good-a'));
    write('b.yaml', 'id: [unclosed');
    write('c.yaml', valid('good-c'));
    const { signatures, problems } = loadLibrary([dir]);
    expect(signatures.map((s) => s.id)).toEqual(['good-a', 'good-c']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(join(dir, 'b.yaml'));
  });

  it('refuses a catastrophic pattern with the reason and the field', () => {
    const file = write('evil.yaml', valid('evil', '(a+)+$'));
    const { signatures, problems } = loadLibrary([dir]);
    expect(signatures).toEqual([]);
    expect(problems[0]!.message).toMatch(new RegExp(`^${file}:9: match\\.any\\[0\\]\\.regex: nested quantifier`));
  });

  it('requires two examples of each kind', () => {
    write('few.yaml', valid('few').replace("nomatch: ['pool ok', 'allocated ts3']", "nomatch: ['pool ok']"));
    expect(loadLibrary([dir]).problems[0]!.message).toMatch(/examples\.nomatch: give at least two lines that must not match/);
  });

  it('reports a missing directory', () => {
    expect(loadLibrary([join(dir, 'nope')]).problems[0]!.message).toMatch(/signature directory not found/);
  });
});
