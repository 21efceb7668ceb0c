import { describe, expect, it } from 'vitest';
import { linearPatternProblem } from '../../src/pattern/check';

describe("a plan's regex, held to the rules of signature patterns", () => {
  it('accepts a counted class such as a trace id, up to RE2’s limit', () => {
    expect(linearPatternProblem('"trace_id":"([0-9a-f]{32})"')).toBeUndefined();
    expect(linearPatternProblem('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')).toBeUndefined();
    expect(linearPatternProblem('x{1001}')).toMatch(/^counted repetition \{1001\} is too large: RE2 counts up to 1000 \(at character 2\)$/);
  });

  it('keeps the limit for a count inside a count, which can split a line many ways', () => {
    expect(linearPatternProblem('(?:[a-z]{1,30}){10}')).toMatch(/too large: the linear-time engine replicates it at most 16 times/);
  });

  it('refuses what can backtrack without bound, naming the character', () => {
    expect(linearPatternProblem('(x|xx)+y')).toMatch(/^overlapping alternation: .* \(at character 7\)$/);
    expect(linearPatternProblem('(a+)+$')).toMatch(/^nested quantifier: .* \(at character 5\)$/);
    expect(linearPatternProblem('a(?!b)')).toMatch(/^lookaround .* \(at character 2\)$/);
  });
});
