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
      '(x|xx)y',
      '(?:\\d|[a-f])+ done',
      '(?:\\w|-)+ failed',
    ]) {
      expect(parseError(src)).toBeUndefined();
      expect(problem(src)).toBeUndefined();
    }
  });

  it.each(['(x|xx)+y', '(a|ab)*c', '(a|a)*', '(?:ab|ac){2}', '(?:a|)+b', '(?i)(?:a|A)+'])('refuses the overlapping alternation in %s', (src) => {
    expect(parseError(src)).toBeUndefined();
    const parsed = parsePattern(src);
    expect(linearityProblem(parsed.tree, parsed.ignoreCase)?.reason).toMatch(/^overlapping alternation/);
  });

  it('tells the case-sensitive (a|A)+ from the case-insensitive one', () => {
    expect(problem('(?:a|A)+')).toBeUndefined();
  });

  it('names the position of a refused repetition', () => {
    expect(linearityProblem(parsePattern('ab(x|xx)+y').tree)?.offset).toBe(8);
    expect(linearityProblem(parsePattern('(?i)(a+)+').tree)?.offset).toBe(8);
  });

  it.each([
    ['a**', /quantifier directly after a quantifier/],
    ['^*a', /after an anchor/],
    ['\\b+a', /after an anchor/],
    ['*a', /needs something to repeat/],
    ['x{3,2}', /\{3,2\} has max below min/],
    ['(?i:a)', /inline flags/],
    ['a(?i)b', /inline flags/],
    ['(ab', /unclosed group/],
    ['ab)', /unmatched/],
    ['[ab', /unclosed character class/],
    ['ab\\', /lone backslash/],
    ['[z-a]', /range out of order/],
    ['(?<n>a)(?<n>b)', /"n" is used twice/],
    ['(?<$n>a)', /named group/],
    ['[\\d-z]', /cannot start with a class shorthand/],
    ['[a-\\d]', /cannot end in a class shorthand/],
    ['[a\\b]', /backspace/],
    ['\\x1', /two hex digits/],
    ['\\0', /\\x00/],
    ['\\e', /unknown escape/],
    ['\\cA', /not in the syntax common/],
    ['(a)\\1', /backreference/],
    ['(?<n>a)\\k<n>', /backreference/],
    ['[a[b]', /must be escaped/],
  ])('refuses %s with a reason of its own', (src, reason) => {
    expect(parseError(src)).toMatch(reason);
  });

  it('reads what both engines read as literals', () => {
    expect(toJavaScript(parsePattern('a{,5}}]').tree, false)).toBe('a\\{,5\\}\\}\\]');
    expect(toJavaScript(parsePattern('x{2,}y{3}').tree, false)).toBe('x{2,}y{3}');
  });

  it('names the groups a replay can use', () => {
    expect(parsePattern('pod "(?<pod>[^"]+)" in (?P<namespace>\\w+)').names).toEqual(['pod', 'namespace']);
    // The RE2 spelling (?P<...>) is read as JavaScript's; offsets still count in the source.
    expect(toJavaScript(parsePattern('\\(?P<a>x\\)').tree, false)).toBe('\\(?P<a>x\\)');
    expect(linearityProblem(parsePattern('(?P<a>x)(?P<b>y+)+').tree)?.offset).toBe(17);
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

  it('leaves a slash of literal text unescaped, as RE2 and ripgrep read it (they refuse \\/)', () => {
    const src = escapeLiteral('Diff < left / right > :');
    expect(src).toBe('Diff < left / right > :');
    expect(new RegExp(src).test('Diff < left / right > :')).toBe(true);
  });
});
