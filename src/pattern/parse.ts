// The pattern language of signatures: the syntax common to RE2 and JavaScript. A pattern
// is parsed by regexpp (the parser ESLint's regex rules use) as a JavaScript pattern
// without flags, then held to the common subset: whatever JavaScript reads differently
// from RE2, or RE2 refuses, is refused here with a reason and an offset. The result is
// the small tree of tree.ts.

import { RegExpParser, RegExpSyntaxError, type AST } from '@eslint-community/regexpp';
import { PatternError, type ClassItem, type ParsedPattern, type RegexNode } from './tree';

const MAX_PATTERN_LENGTH = 2000;
const SYNTAX_HINT = 'patterns use the syntax common to RE2 and JavaScript';
const IGNORE_CASE = '(?i)';

// 2024: no inline modifiers `(?i:...)` (ES2025), which RE2 spells differently. Made on the
// first pattern parsed: regexpp is loaded then (scripts/build.mjs), not by every start.
let parser: RegExpParser | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const NOT_COMMON = new Set(['u', 'c', 'p', 'P', 'A', 'z', 'Z', 'Q', 'E', 'C']);
const QUANTIFIER_END = new Set(['*', '+', '?', '}']);

export function parsePattern(source: string): ParsedPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`, 0);
  const ignoreCase = source.startsWith(IGNORE_CASE);
  const { text, original } = pythonNamedGroups(source);
  const start = ignoreCase ? IGNORE_CASE.length : 0;
  let ast: AST.Pattern;
  try {
    ast = (parser ??= new RegExpParser({ ecmaVersion: 2024 })).parsePattern(text, start, text.length, { unicode: false });
  } catch (error) {
    if (!(error instanceof RegExpSyntaxError)) throw error;
    throw syntaxProblem(text, error, original);
  }
  const names: string[] = [];
  const tree = new TreeBuilder(text, names, original).alternatives(ast.alternatives);
  return { tree, ignoreCase, names };
}

/**
 * RE2 also spells a named group `(?P<name>...)`, JavaScript does not: rewritten to
 * `(?<name>...)` before parsing; `original` maps an offset back to the source.
 */
function pythonNamedGroups(source: string): { text: string; original: (offset: number) => number } {
  const removed: number[] = [];
  let text = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      text += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (!inClass && source.startsWith('(?P<', i)) {
      removed.push(text.length + 2);
      text += '(?<';
      i += 3;
      continue;
    }
    text += c;
  }
  return { text, original: (offset) => offset + removed.filter((r) => r < offset).length };
}

/** regexpp's syntax errors, said in the words of this language. */
function syntaxProblem(text: string, error: RegExpSyntaxError, original: (offset: number) => number): PatternError {
  const message = error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  const at = error.index;
  const problem = (reason: string, offset: number) => new PatternError(reason, original(Math.max(0, offset)));
  switch (message) {
    case 'Nothing to repeat': {
      // The error is raised after the quantifier it could not attach: find where it starts.
      const q = text[at - 1] === '}' ? text.lastIndexOf('{', at - 1) : at - 1;
      const before = text[q - 1];
      if (before !== undefined && QUANTIFIER_END.has(before) && text[q - 2] !== '\\') {
        return text[q] === '+' && before !== '?'
          ? problem('possessive quantifiers are not in RE2 or JavaScript', q)
          : problem('a quantifier directly after a quantifier (nested quantifier)', q);
      }
      if ((before === '^' || before === '$') && text[q - 2] !== '\\') return problem('a quantifier after an anchor or \\b has no meaning', q - 1);
      if ((before === 'b' || before === 'B') && text[q - 2] === '\\') return problem('a quantifier after an anchor or \\b has no meaning', q - 2);
      return problem('a quantifier needs something to repeat', q);
    }
    case 'numbers out of order in {} quantifier': {
      const m = /\{(\d+),(\d+)\}$/.exec(text.slice(0, at));
      return problem(m ? `counted repetition {${m[1]},${m[2]}} has max below min` : 'counted repetition has max below min', at - (m?.[0].length ?? 0));
    }
    case 'Invalid group':
      return problem(`inline flags and other (? groups are not supported; only a leading (?i) is (${SYNTAX_HINT})`, text.lastIndexOf('(', at));
    case 'Unterminated group':
      return problem('unclosed group: missing ")"', at);
    case "Unmatched ')'":
      return problem('unmatched ")"', at);
    case 'Unterminated character class':
      return problem('unclosed character class: missing "]"', text.lastIndexOf('[', at));
    case '\\ at end of pattern':
      return problem('the pattern ends with a lone backslash', at);
    case 'Range out of order in character class':
      return problem('range out of order', at);
    case 'Duplicate capture group name': {
      const name = /\(\?<([^>]*)>$/.exec(text.slice(0, at))?.[1] ?? '';
      return problem(`the group name "${name}" is used twice`, at);
    }
    case 'Invalid capture group name':
      return problem('a named group is (?<name>...) with a name of letters, digits and _', at);
    default:
      return problem(`${message} (${SYNTAX_HINT})`, at);
  }
}

/** regexpp's tree to ours, refusing on the way what is not in the common syntax. */
class TreeBuilder {
  constructor(
    private readonly text: string,
    private readonly names: string[],
    /** The offset in the source of an offset in `text`. */
    private readonly original: (offset: number) => number,
  ) {}

  private fail(message: string, at: number): never {
    throw new PatternError(message, this.original(at));
  }

  alternatives(alternatives: readonly AST.Alternative[]): RegexNode {
    const branches = alternatives.map((a) => {
      const items = a.elements.map((e) => this.element(e));
      return items.length === 1 ? items[0]! : ({ type: 'concat', items } satisfies RegexNode);
    });
    return branches.length === 1 ? branches[0]! : { type: 'alt', branches };
  }

  private element(e: AST.Element): RegexNode {
    switch (e.type) {
      case 'Quantifier':
        return { type: 'repeat', min: e.min, max: e.max, lazy: !e.greedy, body: this.element(e.element), offset: this.original(e.element.end) };
      case 'Group':
        return { type: 'group', capture: false, body: this.alternatives(e.alternatives) };
      case 'CapturingGroup': {
        if (e.name !== null) {
          if (!NAME.test(e.name)) this.fail('a named group is (?<name>...) with a name of letters, digits and _', e.start);
          this.names.push(e.name);
        }
        return { type: 'group', capture: true, ...(e.name !== null ? { name: e.name } : {}), body: this.alternatives(e.alternatives) };
      }
      case 'Assertion':
        if (e.kind === 'lookahead' || e.kind === 'lookbehind')
          return this.fail('lookaround (?=, ?!, ?<=, ?<!) cannot run in linear time (RE2 refuses it)', e.start);
        if (e.kind === 'word') return { type: 'assert', kind: e.negate ? 'B' : 'b' };
        return { type: 'assert', kind: e.kind === 'start' ? '^' : '$' };
      case 'Backreference':
        return typeof e.ref === 'string'
          ? this.fail('named backreferences (\\k<name>) cannot run in linear time', e.start)
          : this.fail(`backreference ${e.raw} cannot run in linear time (RE2 refuses it)`, e.start);
      case 'CharacterClass':
        return this.characterClass(e);
      case 'CharacterSet':
        if (e.kind === 'any') return { type: 'any' };
        if (e.kind === 'property') return this.fail(`\\${e.raw[1]} is not in the syntax common to RE2 and JavaScript`, e.start);
        return { type: 'class', negated: false, items: [{ shorthand: shorthand(e) }] };
      case 'Character':
        return { type: 'char', code: this.character(e, false) };
      default:
        return this.fail(`${(e as AST.Node).raw} is not in the syntax common to RE2 and JavaScript`, (e as AST.Node).start);
    }
  }

  /** A character's code, after refusing the escapes the two engines read differently. */
  private character(c: AST.Character, inClass: boolean): number {
    const raw = c.raw;
    if (raw[0] !== '\\') {
      if (inClass && raw === '[') {
        if (this.text[c.end] === ':') this.fail('POSIX classes like [:alpha:] are RE2-only; use a range such as [a-z]', c.start);
        this.fail('a "[" inside a class must be escaped as \\[ (JavaScript v-mode and RE2 differ)', c.start);
      }
      return c.value;
    }
    const e = raw[1]!;
    if ('nrtfv'.includes(e)) return c.value;
    if (e === 'x') return raw.length === 4 ? c.value : this.fail('\\x needs two hex digits (\\x1b)', c.start);
    if (e === 'b' || e === 'B') this.fail('\\b inside [...] means backspace in JavaScript but not in RE2; use \\x08', c.start);
    if (e === 'k') this.fail('named backreferences (\\k<name>) cannot run in linear time', c.start);
    if (NOT_COMMON.has(e)) this.fail(`\\${e} is not in the syntax common to RE2 and JavaScript`, c.start);
    if (e >= '1' && e <= '9') this.fail(`backreference \\${e} cannot run in linear time (RE2 refuses it)`, c.start);
    if (e === '0') this.fail('\\0 is not in the syntax common to RE2 and JavaScript; use \\x00', c.start);
    if (!PUNCTUATION.test(e)) this.fail(`unknown escape \\${e} (only punctuation may be escaped)`, c.start);
    return c.value;
  }

  private characterClass(cls: AST.CharacterClass): RegexNode {
    const elements = cls.elements;
    // `[]` and `[^]` are classes in JavaScript; RE2 reads the "]" as the class's first character.
    if (elements.length === 0) this.fail('a "]" at the start of a class must be escaped as \\] (JavaScript and RE2 read it differently)', cls.end - 1);
    const items: ClassItem[] = elements.map((el, i) => {
      switch (el.type) {
        case 'Character': {
          // A "-" between a shorthand and a character is a literal in JavaScript, an error in RE2.
          if (el.raw === '-' && i > 0 && i < elements.length - 1) {
            if (elements[i - 1]!.type === 'CharacterSet') this.fail('a range cannot start with a class shorthand like \\d', elements[i - 1]!.start);
            if (elements[i + 1]!.type === 'CharacterSet') this.fail('a range cannot end in a class shorthand like \\d', elements[i + 1]!.start);
          }
          const code = this.character(el, true);
          return { from: code, to: code };
        }
        case 'CharacterClassRange':
          return { from: this.character(el.min, true), to: this.character(el.max, true) };
        case 'CharacterSet':
          if (el.kind === 'property') return this.fail(`\\${el.raw[1]} is not in the syntax common to RE2 and JavaScript`, el.start);
          return { shorthand: shorthand(el) };
        default:
          return this.fail(`${(el as AST.Node).raw} is not in the syntax common to RE2 and JavaScript`, (el as AST.Node).start);
      }
    });
    return { type: 'class', negated: cls.negate, items };
  }
}

function shorthand(e: AST.EscapeCharacterSet): 'd' | 'D' | 'w' | 'W' | 's' | 'S' {
  const letter = e.kind === 'digit' ? 'd' : e.kind === 'word' ? 'w' : 's';
  return (e.negate ? letter.toUpperCase() : letter) as 'd' | 'D' | 'w' | 'W' | 's' | 'S';
}
