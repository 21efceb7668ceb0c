import { linearityProblem, parsePattern, PatternError, toJavaScript } from '../signatures/regex';

export type UserPattern = { ok: true; regex: RegExp } | { ok: false; problem: string };

/**
 * A pattern a person typed (a log filter), held to the signatures' rules: the syntax
 * common to RE2 and JavaScript, nothing that can backtrack without bound. Case is ignored
 * unless the pattern has an upper-case letter (as `less` and `rg --smart-case` do).
 */
export function userPattern(source: string): UserPattern {
  const ignoreCase = source.startsWith('(?i)') || !/[A-Z]/.test(source);
  const body = source.startsWith('(?i)') ? source.slice(4) : source;
  try {
    const parsed = parsePattern(body);
    const problem = linearityProblem(parsed.tree, ignoreCase);
    if (problem) return { ok: false, problem: `${problem.reason} (at character ${problem.offset + 1})` };
    return { ok: true, regex: new RegExp(toJavaScript(parsed.tree, ignoreCase)) };
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return { ok: false, problem: `${error.message} (at character ${error.offset + 1})` };
  }
}
