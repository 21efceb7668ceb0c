import { linearityProblem } from './linear';
import { parsePattern } from './parse';
import { PatternError } from './tree';

/**
 * Why `source` is not a pattern that runs in linear time, as one line that names the
 * position; undefined when it is one. For patterns compiled as written (a plan's
 * regexes): the rules of signature patterns, except that one character or class may be
 * counted past V8's fallback limit (`trace_id=([0-9a-f]{32})`).
 */
export function linearPatternProblem(source: string): string | undefined {
  try {
    const parsed = parsePattern(source);
    const problem = linearityProblem(parsed.tree, parsed.ignoreCase, true);
    return problem ? `${problem.reason} (at character ${problem.offset + 1})` : undefined;
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return `${error.message} (at character ${error.offset + 1})`;
  }
}
