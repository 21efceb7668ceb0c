import { describe, expect, it } from 'vitest';
import { escapeLiteral, linearityProblem, parsePattern, PatternError, requiredAtoms, toJavaScript } from '../../src/signatures/regex';

const problem = (src: string) => linearityProblem(parsePattern(src).tree)?.reason;
const parseError = (src: string) => {
  try {
    parsePattern(src);
    return undefined;
  } catch (error) {
    if (error instanceof PatternError) return error.message;
    throw error;
  }
};

describe('the pattern language (RE2 ∩ JavaScript)', () => {
  it.each(['(a+)+$', '(a*)*b', '(?:\\d+\\.){3}', '(x|y+)+z', '(a?)*'])('rejects the nested quantifier in %s', (src) => {
    expect(problem(src)).toMatch(/nested quantifier/);
  });

  it.each([
    ['a\\1', /backreference/],
    ['(?=x)y', /lookaround/],
    ['(?<!x)y', /lookaround/],
    ['\\k<n>', /backreference/],
    ['a++', /possessive|quantifier/],
    ['[[:alpha:]]', /POSIX/],
    ['(?s)a.b', /inline flags/],
    ['[]a]', /must be escaped/],
    ['\\u0041', /not in the syntax common/],
  ])('refuses %s', (src, reason) => {
    expect(parseError(src)).toMatch(reason);
  });

  it('refuses counted repetitions the linear-time engine cannot replicate', () => {
    expect(problem('x{17}')).toMatch(/counted repetition \{17\} is too large/);
    expect(problem('(?:x{4}){8}')).toMatch(/too large/);
    expect(problem('[0-9a-f]{8}-[0-9a-f]{4}')).toBeUndefined();
  });

  it('accepts the shapes the library uses', () => {
    for (const src of [
      'bootstrap data already found and encrypted with (a )?different token',
      'is forbidden: User "(?<user>[^"]+)" cannot (?<verb>[a-z]+) resource',
      'HTTP/[0-9.]+" 50[234] ',
      '(Readiness|Liveness|Startup) probe failed',
      '(x|xx)+y',
    ]) {
      expect(parseError(src)).toBeUndefined();
      expect(problem(src)).toBeUndefined();
    }
  });

  it('names the groups a replay can use', () => {
    expect(parsePattern('pod "(?<pod>[^"]+)" in (?P<namespace>\\w+)').names).toEqual(['pod', 'namespace']);
  });
});

describe('atoms: the literals every match contains', () => {
  const atoms = (src: string) => requiredAtoms(parsePattern(src).tree).sort();

  it('takes the longest required run of literal text', () => {
    expect(atoms('relation "[^"]+" does not exist')).toEqual(['" does not exist']);
  });

  it('expands small classes and optional parts into alternatives', () => {
    expect(atoms('HTTP/[0-9.]+" 50[234] ')).toEqual(['" 502 ', '" 503 ', '" 504 ']);
    expect(atoms('encrypted with (a )?different token')).toEqual(['encrypted with a different token', 'encrypted with different token']);
  });

  it('takes one atom per branch of an alternation', () => {
    expect(atoms('CrashLoopBackOff|ImagePullBackOff')).toEqual(['crashloopbackoff', 'imagepullbackoff']);
  });

  it('has none when a match need not contain a literal of four characters', () => {
    expect(atoms('\\d+ [a-z]+')).toEqual([]);
    expect(atoms('ab|cdef')).toEqual([]);
  });
});

describe('emitting JavaScript', () => {
  it('spells a leading (?i) as letter classes (V8 runs no i flag in linear time)', () => {
    const p = parsePattern('(?i)oom [a-c]');
    const js = toJavaScript(p.tree, p.ignoreCase);
    expect(js).toBe('[oO][oO][mM] [a-cA-C]');
    expect(new RegExp(js).test('OoM B')).toBe(true);
  });

  it('escapes literal text', () => {
    const src = escapeLiteral('a.b*c (x) [y] {2}');
    expect(new RegExp(src).test('a.b*c (x) [y] {2}')).toBe(true);
    expect(new RegExp(src).test('aXb*c (x) [y] {2}')).toBe(false);
  });
});
