// The pattern language of signatures: the syntax common to RE2 and JavaScript, parsed
// into a small tree so that we can (1) refuse what cannot run in linear time, (2) pull
// out the literal "atoms" every match must contain (the one-pass prefilter runs on
// those), and (3) emit the JavaScript source that verifies a candidate line.
//
// Why a parser of our own: JavaScript's engine backtracks. V8 falls back to its
// linear-time engine on excessive backtracking (see compile.ts), but only for patterns
// inside that engine's subset; the lint rules below keep every accepted pattern there.

export class PatternError extends Error {
  constructor(
    message: string,
    /** Offset in the pattern source where the problem starts. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

type ClassItem = { from: number; to: number } | { shorthand: 'd' | 'D' | 'w' | 'W' | 's' | 'S' };

export type RegexNode =
  | { type: 'char'; code: number }
  | { type: 'class'; negated: boolean; items: ClassItem[] }
  | { type: 'any' }
  | { type: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { type: 'group'; capture: boolean; name?: string; body: RegexNode }
  | { type: 'concat'; items: RegexNode[] }
  | { type: 'alt'; branches: RegexNode[] }
  | { type: 'repeat'; min: number; max: number; lazy: boolean; body: RegexNode; offset: number };

export interface ParsedPattern {
  tree: RegexNode;
  /** `(?i)` at the start: the whole pattern ignores case. */
  ignoreCase: boolean;
  /** Named capture groups, in order: they fill replay placeholders. */
  names: string[];
}

/** Above this the linear-time fallback engine refuses a counted repetition. */
const MAX_REPEAT_COUNT = 16;
const MAX_PATTERN_LENGTH = 2000;

const SYNTAX_HINT = 'patterns use the syntax common to RE2 and JavaScript';

export function parsePattern(source: string): ParsedPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`, 0);
  let pos = 0;
  let ignoreCase = false;
  const names: string[] = [];
  if (source.startsWith('(?i)')) {
    ignoreCase = true;
    pos = 4;
  }

  const peek = () => source.charCodeAt(pos);
  const fail = (message: string, at = pos): never => {
    throw new PatternError(message, at);
  };

  function parseAlt(): RegexNode {
    const branches = [parseConcat()];
    while (pos < source.length && source[pos] === '|') {
      pos++;
      branches.push(parseConcat());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alt', branches };
  }

  function parseConcat(): RegexNode {
    const items: RegexNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') {
      const start = pos;
      let atom = parseAtom();
      for (;;) {
        const q = parseQuantifier(start);
        if (!q) break;
        if (atom.type === 'assert') fail('a quantifier after an anchor or \\b has no meaning', start);
        if (atom.type === 'repeat') fail('a quantifier directly after a quantifier (nested quantifier)', q.offset);
        atom = { type: 'repeat', ...q, body: atom };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { type: 'concat', items };
  }

  function parseQuantifier(atomStart: number): { min: number; max: number; lazy: boolean; offset: number } | undefined {
    const offset = pos;
    const c = source[pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max, pos] = [0, Infinity, pos + 1];
    else if (c === '+') [min, max, pos] = [1, Infinity, pos + 1];
    else if (c === '?') [min, max, pos] = [0, 1, pos + 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
      // Both engines read a "{" that does not form a repetition as a literal.
      if (!m) return undefined;
      min = Number(m![1]);
      max = m![2] === undefined ? min : m![3] === '' ? Infinity : Number(m![3]);
      if (max < min) fail(`counted repetition {${min},${max}} has max below min`);
      pos += m![0].length;
    } else return undefined;
    if (atomStart === offset) fail('a quantifier needs something to repeat');
    let lazy = false;
    if (source[pos] === '?') {
      lazy = true;
      pos++;
    } else if (source[pos] === '+') fail('possessive quantifiers are not in RE2 or JavaScript');
    return { min, max, lazy, offset };
  }

  function parseAtom(): RegexNode {
    const c = source[pos]!;
    const start = pos;
    if (c === '(') {
      pos++;
      let capture = true;
      let name: string | undefined;
      if (source[pos] === '?') {
        const rest = source.slice(pos, pos + 4);
        if (rest.startsWith('?:')) {
          capture = false;
          pos += 2;
        } else if (rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!')) {
          fail('lookaround (?=, ?!, ?<=, ?<!) cannot run in linear time (RE2 refuses it)', start);
        } else if (rest.startsWith('?<') || rest.startsWith('?P<')) {
          pos += rest.startsWith('?P<') ? 3 : 2;
          const m = /^([A-Za-z_][A-Za-z0-9_]*)>/.exec(source.slice(pos));
          if (!m) fail('a named group is (?<name>...) with a name of letters, digits and _');
          name = m![1]!;
          if (names.includes(name)) fail(`the group name "${name}" is used twice`);
          names.push(name);
          pos += m![0].length;
        } else {
          fail(`inline flags and other (? groups are not supported; only a leading (?i) is (${SYNTAX_HINT})`, start);
        }
      }
      const body = parseAlt();
      if (source[pos] !== ')') fail('unclosed group: missing ")"', start);
      pos++;
      return { type: 'group', capture, name, body };
    }
    if (c === ')') fail('unmatched ")"');
    if (c === '[') return parseClass();
    if (c === '.') {
      pos++;
      return { type: 'any' };
    }
    if (c === '^' || c === '$') {
      pos++;
      return { type: 'assert', kind: c };
    }
    if (c === '*' || c === '+' || c === '?') fail('a quantifier needs something to repeat');
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(pos))) fail('a quantifier needs something to repeat');
    if (c === '\\') return parseEscape(false) as RegexNode;
    pos++;
    return { type: 'char', code: c.charCodeAt(0) };
  }

  /** An escape; inside a class it returns a class item, outside a node. */
  function parseEscape(inClass: boolean): RegexNode | ClassItem {
    const start = pos;
    pos++;
    const e = source[pos];
    if (e === undefined) fail('the pattern ends with a lone backslash', start);
    pos++;
    switch (e) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        return inClass ? { shorthand: e } : { type: 'class', negated: false, items: [{ shorthand: e }] };
      case 'b':
      case 'B':
        if (inClass) fail('\\b inside [...] means backspace in JavaScript but not in RE2; use \\x08', start);
        return { type: 'assert', kind: e };
      case 'n':
        return lit(10, inClass);
      case 'r':
        return lit(13, inClass);
      case 't':
        return lit(9, inClass);
      case 'f':
        return lit(12, inClass);
      case 'v':
        return lit(11, inClass);
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(source.slice(pos));
        if (!m) fail('\\x needs two hex digits (\\x1b)', start);
        pos += 2;
        return lit(parseInt(m![0], 16), inClass);
      }
      case 'k':
        fail('named backreferences (\\k<name>) cannot run in linear time', start);
        break;
      case 'u':
      case 'c':
      case 'p':
      case 'P':
      case 'A':
      case 'z':
      case 'Z':
      case 'Q':
      case 'E':
      case 'C':
        fail(`\\${e} is not in the syntax common to RE2 and JavaScript`, start);
        break;
      default:
        break;
    }
    if (e! >= '1' && e! <= '9') fail(`backreference \\${e} cannot run in linear time (RE2 refuses it)`, start);
    if (e === '0') fail('\\0 is not in the syntax common to RE2 and JavaScript; use \\x00', start);
    if (!/[!-/:-@[-`{-~]/.test(e!)) fail(`unknown escape \\${e} (only punctuation may be escaped)`, start);
    return lit(e!.charCodeAt(0), inClass);
  }

  function lit(code: number, inClass: boolean): RegexNode | ClassItem {
    return inClass ? { from: code, to: code } : { type: 'char', code };
  }

  function parseClass(): RegexNode {
    const start = pos;
    pos++;
    let negated = false;
    if (source[pos] === '^') {
      negated = true;
      pos++;
    }
    const items: ClassItem[] = [];
    if (source[pos] === ']') fail('a "]" at the start of a class must be escaped as \\] (JavaScript and RE2 read it differently)');
    while (pos < source.length && source[pos] !== ']') {
      if (source.startsWith('[:', pos)) fail('POSIX classes like [:alpha:] are RE2-only; use a range such as [a-z]');
      if (source[pos] === '[') fail('a "[" inside a class must be escaped as \\[ (JavaScript v-mode and RE2 differ)');
      const item = readClassChar();
      if ('from' in item && source[pos] === '-' && source[pos + 1] !== ']' && pos + 1 < source.length) {
        pos++;
        const hi = readClassChar();
        if (!('from' in hi)) fail('a range cannot end in a class shorthand like \\d');
        if ((hi as { from: number }).from < item.from) fail('range out of order');
        items.push({ from: item.from, to: (hi as { from: number }).from });
      } else {
        if ('shorthand' in item && source[pos] === '-' && source[pos + 1] !== ']') fail('a range cannot start with a class shorthand like \\d');
        items.push(item);
      }
    }
    if (source[pos] !== ']') fail('unclosed character class: missing "]"', start);
    pos++;
    if (items.length === 0) fail('empty character class', start);
    return { type: 'class', negated, items };
  }

  function readClassChar(): ClassItem {
    if (source[pos] === '\\') return parseEscape(true) as ClassItem;
    const code = peek();
    pos++;
    return { from: code, to: code };
  }

  const tree = parseAlt();
  if (pos < source.length) fail(source[pos] === ')' ? 'unmatched ")"' : `unexpected "${source[pos]}"`);
  return { tree, ignoreCase, names };
}

/** Why a parsed pattern cannot be guaranteed to run in linear time, or undefined. */
export function linearityProblem(tree: RegexNode): { reason: string; offset: number } | undefined {
  let problem: { reason: string; offset: number } | undefined;
  const nested = (offset: number) => ({
    reason: 'nested quantifier: a repeated group that itself contains a repetition, like (a+)+, can backtrack catastrophically; repeat only one level',
    offset,
  });
  // `factor` is the product of the counted repetitions around a node: the fallback
  // engine replicates counted bodies and gives up above MAX_REPEAT_COUNT.
  const walk = (node: RegexNode, factor: number): void => {
    if (problem) return;
    switch (node.type) {
      case 'group':
        return walk(node.body, factor);
      case 'concat':
        return node.items.forEach((n) => walk(n, factor));
      case 'alt':
        return node.branches.forEach((n) => walk(n, factor));
      case 'repeat': {
        const unbounded = node.max === Infinity;
        if ((unbounded && containsRepeat(node.body, () => true)) || (node.max > 1 && containsRepeat(node.body, (r) => r.max === Infinity))) {
          problem = nested(node.offset);
          return;
        }
        const count = unbounded ? node.min : node.max;
        if ((unbounded && node.min > MAX_REPEAT_COUNT / 2) || count * factor > MAX_REPEAT_COUNT) {
          const shown = node.min === node.max ? `{${node.min}}` : `{${node.min},${unbounded ? '' : node.max}}`;
          problem = {
            reason: `counted repetition ${shown} is too large: the linear-time engine replicates it at most ${MAX_REPEAT_COUNT} times; use + or * or split the count`,
            offset: node.offset,
          };
          return;
        }
        return walk(node.body, factor * Math.max(count, 1));
      }
      default:
        return;
    }
  };
  walk(tree, 1);
  return problem;
}

function containsRepeat(node: RegexNode, which: (r: Extract<RegexNode, { type: 'repeat' }>) => boolean): boolean {
  switch (node.type) {
    case 'repeat':
      return which(node) || containsRepeat(node.body, which);
    case 'group':
      return containsRepeat(node.body, which);
    case 'concat':
      return node.items.some((n) => containsRepeat(n, which));
    case 'alt':
      return node.branches.some((n) => containsRepeat(n, which));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Atoms: literal strings, lower-cased, such that every match contains one of them.

/** Shortest atom worth prefiltering on; a pattern without one runs on every line. */
export const MIN_ATOM = 4;
const MAX_SET = 16;

interface Info {
  /** Every string the node can match, when that set is small and finite. */
  exact: Set<string> | null;
  /** A set such that every match contains one of its strings; null when none is known. */
  required: Set<string> | null;
}

const lower = (code: number) => String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);

/** Past this length an atom is as good as any longer one to the prefilter (its window is shorter). */
const ENOUGH = 12;

function setScore(set: Set<string> | null): number {
  if (!set || set.size === 0) return -1;
  let min = Infinity;
  for (const s of set) min = Math.min(min, s.length);
  // Longer atoms first, up to ENOUGH; among equals, fewer alternatives.
  return Math.min(min, ENOUGH) * 100 - set.size;
}

function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  return setScore(b) > setScore(a) ? b : a;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function classLiterals(node: Extract<RegexNode, { type: 'class' }>): Set<string> | null {
  if (node.negated) return null;
  const out = new Set<string>();
  for (const item of node.items) {
    if ('shorthand' in item) return null;
    if (item.to - item.from > 8) return null;
    for (let c = item.from; c <= item.to; c++) out.add(lower(c));
    if (out.size > 4) return null;
  }
  return out;
}

function info(node: RegexNode): Info {
  switch (node.type) {
    case 'char': {
      const s = new Set([lower(node.code)]);
      return { exact: s, required: s };
    }
    case 'class': {
      const s = classLiterals(node);
      return { exact: s, required: s };
    }
    case 'any':
      return { exact: null, required: null };
    case 'assert':
      return { exact: new Set(['']), required: null };
    case 'group':
      return info(node.body);
    case 'alt': {
      const infos = node.branches.map(info);
      let exact: Set<string> | null = new Set();
      let required: Set<string> | null = new Set();
      for (const i of infos) {
        if (exact && i.exact && exact.size + i.exact.size <= MAX_SET) i.exact.forEach((s) => exact!.add(s));
        else exact = null;
        const r = better(i.required, i.exact);
        if (required && r && setScore(r) >= 0) r.forEach((s) => required!.add(s));
        else required = null;
      }
      return { exact, required };
    }
    case 'repeat': {
      const body = info(node.body);
      if (node.min === 0) {
        if (node.max === 1 && body.exact && body.exact.size < MAX_SET) return { exact: new Set([...body.exact, '']), required: null };
        return { exact: null, required: null };
      }
      if (node.min === 1 && node.max === 1) return body;
      return { exact: null, required: better(body.required, body.exact) };
    }
    case 'concat': {
      let exact: Set<string> | null = new Set(['']);
      let run: Set<string> | null = new Set(['']);
      let best: Set<string> | null = null;
      for (const item of node.items) {
        const i = info(item);
        best = better(best, i.required);
        if (run && i.exact) {
          const next = cross(run, i.exact);
          if (next) {
            run = next;
          } else {
            best = better(best, run);
            run = i.exact;
          }
        } else {
          best = better(best, run);
          run = i.exact ?? new Set(['']);
        }
        exact = exact && i.exact ? cross(exact, i.exact) : null;
      }
      best = better(best, run);
      return { exact, required: best };
    }
  }
}

/**
 * Literal strings (lower case) of which every match contains at least one, or an empty
 * list when no such set with strings of at least MIN_ATOM characters exists.
 */
export function requiredAtoms(tree: RegexNode): string[] {
  const i = info(tree);
  const set = better(i.required, i.exact);
  if (!set || setScore(set) < 0) return [];
  const atoms = [...set];
  if (atoms.some((a) => a.length < MIN_ATOM)) return [];
  return atoms;
}

// ---------------------------------------------------------------------------
// Emission

const SPECIAL = new Set('\\^$.|?*+()[]{}/-'.split(''));

function charSource(code: number, inClass: boolean): string {
  const ch = String.fromCharCode(code);
  if (code < 32 || code === 127) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (inClass) return ch === ']' || ch === '\\' || ch === '^' || ch === '-' || ch === '[' ? `\\${ch}` : ch;
  return SPECIAL.has(ch) ? `\\${ch}` : ch;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function swapCase(code: number): number {
  return code >= 97 ? code - 32 : code + 32;
}

function classItemSource(item: ClassItem, fold: boolean): string {
  if ('shorthand' in item) return `\\${item.shorthand}`;
  let out = item.from === item.to ? charSource(item.from, true) : `${charSource(item.from, true)}-${charSource(item.to, true)}`;
  if (fold) {
    // Add the other case of every letter in the range, as ranges.
    for (const [lo, hi] of [
      [65, 90],
      [97, 122],
    ] as const) {
      const a = Math.max(item.from, lo);
      const b = Math.min(item.to, hi);
      if (a <= b) out += a === b ? charSource(swapCase(a), true) : `${charSource(swapCase(a), true)}-${charSource(swapCase(b), true)}`;
    }
  }
  return out;
}

/**
 * JavaScript source for the tree. Case-insensitivity is spelled out as classes
 * (`[oO]`) because V8's linear-time fallback does not run the `i` flag.
 */
export function toJavaScript(tree: RegexNode, ignoreCase: boolean): string {
  const emit = (node: RegexNode): string => {
    switch (node.type) {
      case 'char':
        return ignoreCase && isLetter(node.code) ? `[${String.fromCharCode(node.code)}${String.fromCharCode(swapCase(node.code))}]` : charSource(node.code, false);
      case 'class': {
        const only = node.items[0]!;
        if (!node.negated && node.items.length === 1 && 'shorthand' in only) return `\\${only.shorthand}`;
        return `[${node.negated ? '^' : ''}${node.items.map((i) => classItemSource(i, ignoreCase)).join('')}]`;
      }
      case 'any':
        return '.';
      case 'assert':
        return node.kind === 'b' || node.kind === 'B' ? `\\${node.kind}` : node.kind;
      case 'group':
        return `(${node.capture ? (node.name ? `?<${node.name}>` : '') : '?:'}${emit(node.body)})`;
      case 'concat':
        return node.items.map(emit).join('');
      case 'alt':
        return node.branches.map(emit).join('|');
      case 'repeat': {
        const q =
          node.min === 0 && node.max === Infinity
            ? '*'
            : node.min === 1 && node.max === Infinity
              ? '+'
              : node.min === 0 && node.max === 1
                ? '?'
                : node.max === Infinity
                  ? `{${node.min},}`
                  : node.min === node.max
                    ? `{${node.min}}`
                    : `{${node.min},${node.max}}`;
        const body = node.body.type === 'concat' || node.body.type === 'alt' ? `(?:${emit(node.body)})` : emit(node.body);
        return `${body}${q}${node.lazy ? '?' : ''}`;
      }
    }
  };
  return emit(tree);
}

/** The regex source that matches `text` literally. */
export function escapeLiteral(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += charSource(text.charCodeAt(i), false);
  return out;
}
