import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintLibrary } from '../../src/signatures/lint';
import { builtinDir, loadLibrary } from '../../src/signatures/load';
import { re2Refusal } from '../../src/pattern/re2';
import { patternSource } from '../../src/signatures/schema';

const dir = mkdtempSync(join(tmpdir(), 'triage-re2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a real RE2 (re2js) on patterns', () => {
  it('accepts every pattern of the built-in library', () => {
    const { signatures, problems } = loadLibrary([builtinDir()]);
    expect(problems).toEqual([]);
    const patterns = signatures.flatMap((s) => (s.match.any ?? s.match.all!).map(patternSource));
    expect(patterns.length).toBeGreaterThan(2000);
    expect(patterns.flatMap((p) => (re2Refusal(p) === undefined ? [] : [`${p}: ${re2Refusal(p)}`]))).toEqual([]);
  });

  it('refuses what RE2 refuses, saying why', () => {
    expect(re2Refusal('a(b)\\1')).toMatch(/^RE2 refuses it: invalid escape sequence: `\\1`/);
    expect(re2Refusal('(?=x)y')).toMatch(/^RE2 refuses it: .*Perl syntax/);
    expect(re2Refusal('x{1001}')).toMatch(/^RE2 refuses it: invalid repeat count/);
    expect(re2Refusal('(?i)pod "(?P<pod>[^"]+)" (?<ns>\\w+)')).toBeUndefined();
  });

  it('holds a user signature file to it at load, and lint holds every pattern to it', () => {
    const user = join(dir, 'user');
    mkdirSync(user, { recursive: true });
    writeFileSync(
      join(user, 'own.yaml'),
      `id: own-lock-held
title: t
bucket: timing-race
class: product
step: rerun
severity: low
match:
  any:
    - regex: '(?i)lock (?P<lock>[a-z]+) held by run \\d+'
hypothesis: check a because b
next: n
examples:
  match: ['lock db held by run 7', 'LOCK db HELD BY RUN 8']
  nomatch: ['lock db free', 'held']
`,
    );
    const loaded = loadLibrary([builtinDir(), user], true);
    expect(loaded.problems).toEqual([]);
    expect(loaded.signatures.map((s) => s.id)).toContain('own-lock-held');
    expect(lintLibrary(loaded).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
