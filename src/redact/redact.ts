import { InputError } from '../errors';
import type { Plan } from '../plan/schema';
import { BUILTIN_RULES, namesSecret, type RedactionRule } from './redact-rules';
import { stripControls } from './terminal-text';

// Nothing secret leaves the terminal: every exit (journal, note, headless output,
// export, screen) passes its text through `redact`. Placeholders name the rule and
// contain `[`, `:` and `]`, which no rule accepts inside a secret, so redacting
// twice changes nothing.

export interface RuleSet {
  rules: readonly RedactionRule[];
  /** A candidate secret matching one of these is left alone (the plan's `redact.allow`). */
  allow: readonly RegExp[];
}

export const BUILTIN: RuleSet = { rules: BUILTIN_RULES, allow: [] };

function placeholder(rule: string): string {
  return `[REDACTED:${rule}]`;
}

const PLACEHOLDER_RE = /\[REDACTED:[a-z0-9-]+\]/g;
/**
 * Empty, masked already (`Bearer ********`, as a dry run prints it), or a shell variable
 * that stands for the secret (`Bearer $TOKEN`, `${API_KEY}`): what a script or a hint prints.
 */
const MASKED = /^(?:\**|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/;

function hinted(text: string, hint: RedactionRule['hint']): boolean {
  if (hint === undefined) return true;
  if (typeof hint === 'string') return text.includes(hint);
  hint.lastIndex = 0;
  return hint.test(text);
}

function applyRule(text: string, rule: RedactionRule, allow: readonly RegExp[]): string {
  if (!hinted(text, rule.hint)) return text;
  // A match that touches an earlier placeholder is left alone: that keeps redaction idempotent.
  const placed = text.includes('[REDACTED:') ? [...text.matchAll(PLACEHOLDER_RE)].map((m) => [m.index, m.index + m[0].length] as const) : [];
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const match = m[0];
    const groups = (m.groups ?? {}) as Record<string, string | undefined>;
    const candidate = groups.secret ?? match;
    const at = groups.secret === undefined ? 0 : match.lastIndexOf(candidate);
    const start = m.index + at;
    // A backslash that ends the candidate escapes what follows it (a quote inside a JSON
    // string being written out): it stays, or the text around the placeholder stops parsing.
    const secret = candidate.replace(/\\+$/, '');
    const end = start + secret.length;
    const keep =
      MASKED.test(secret) ||
      placed.some(([s, e]) => start < e && end > s) ||
      allow.some((re) => re.test(secret)) ||
      (rule.accept !== undefined && !rule.accept(secret, groups));
    if (keep) {
      // Not a secret here; a shorter candidate may start inside it (`env: DD_API_KEY=…`).
      pattern.lastIndex = m.index + 1;
      continue;
    }
    // Keep what surrounds the secret (a key name, a header, a URL) readable.
    out += `${text.slice(copied, start)}${placeholder(rule.name)}`;
    copied = end;
    pattern.lastIndex = Math.max(m.index + match.length, m.index + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Remove values known to be secret (a tracker token the tool holds), whether or not a rule
 * would find them: as they are and URL-encoded. Values under 8 characters are left alone (a
 * placeholder such as `<GITHUB_TOKEN>` is not a token).
 */
export function redactKnown(text: string, values: Iterable<string>, name = 'token'): string {
  let out = text;
  for (const value of values) {
    if (value.length < 8) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) out = out.split(form).join(placeholder(name));
  }
  return out;
}

/** Above this size a text is redacted line by line: each line skips the rules whose hint it lacks. */
const LINE_BY_LINE_CHARS = 2048;

/** What in a negative lookaround can match the newline a line ends at (a class like `\s`, `[^…]`, a backreference). */
const NEWLINE_MATCHING = /\\[sWDnpPck1-9]|\\x0a|\\u000a|\\u\{a\}|\[\^/i;
const lineSafety = new WeakMap<RegExp, boolean>();

/**
 * Whether a line of a text can match `re` only where the whole text does too. A line is a
 * part of the text between newlines: a match inside it is one in the text, unless it asks for
 * the line's own ends (`^`, `$` without the multiline flag), is sticky, or has a negative lookaround that could take the
 * newline beside it for "not there" (`(?!\s)`). Other lookarounds see a newline as they see
 * a line's end.
 */
function lineSafe(re: RegExp): boolean {
  let safe = lineSafety.get(re);
  if (safe === undefined) {
    const source = re.source;
    safe =
      !re.sticky &&
      // Multiline, `^` and `$` take the newline for a line's end, as a line's own ends are.
      (re.multiline || (!source.includes('$') && !source.replaceAll('[^', '').includes('^'))) &&
      (!/\(\?<?!/.test(source) || (!NEWLINE_MATCHING.test(source) && !(re.dotAll && source.includes('.'))));
    lineSafety.set(re, safe);
  }
  return safe;
}

/** Whether no line of `text` can set the rule off: its hint, or its pattern, is nowhere in the whole text. */
function absentFromLines(text: string, rule: RedactionRule): boolean {
  const hint = rule.hint;
  if (hint !== undefined && (typeof hint === 'string' || lineSafe(hint)) && !hinted(text, hint)) return true;
  if (!lineSafe(rule.pattern)) return false;
  rule.pattern.lastIndex = 0;
  const found = rule.pattern.test(text);
  rule.pattern.lastIndex = 0;
  return !found;
}

/** Replace every secret the rules find with `[REDACTED:<rule>]`. */
export function redact(text: string, rules: RuleSet = BUILTIN): string {
  let out = text;
  if (out.length < LINE_BY_LINE_CHARS || !out.includes('\n')) {
    for (const rule of rules.rules) out = applyRule(out, rule, rules.allow);
    return out;
  }
  for (const rule of rules.rules) if (rule.spansLines) out = applyRule(out, rule, rules.allow);
  // Asked of each line only when the whole text could set it off (a large output seldom does).
  const inLines = rules.rules.filter((rule) => !rule.spansLines && !absentFromLines(out, rule));
  if (inLines.length === 0) return out;
  return out
    .split('\n')
    .map((line) => {
      for (const rule of inLines) line = applyRule(line, rule, rules.allow);
      return line;
    })
    .join('\n');
}

function compile(source: string, flags: string, field: string, file: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new InputError(file, undefined, field, `not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The built-in rules plus the plan's `redact.patterns` (a `(?<secret>…)` group limits
 * what is replaced) and `redact.allow` (regexes; a matching candidate is kept).
 */
export function rulesFromPlan(section: Plan['redact'] | undefined, file = 'triage.yaml'): RuleSet {
  if (!section) return BUILTIN;
  const planRules = section.patterns.map((p, i): RedactionRule => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(p.name)) {
      throw new InputError(file, undefined, `redact.patterns.${i}.name`, `"${p.name}" must be kebab-case (it names the placeholder)`);
    }
    return { name: p.name, pattern: compile(p.regex, 'g', `redact.patterns.${i}.regex`, file), spansLines: true };
  });
  const allow = section.allow.map((a, i) => compile(a, '', `redact.allow.${i}`, file));
  return { rules: [...planRules, ...BUILTIN_RULES], allow };
}

/**
 * A screen redacts the same texts on every frame (a step's evidence, a tail's lines), and a
 * rule set's result for a text never changes: the last results are kept, per rule set, for
 * texts up to MEMO_CHARS long, MEMO_BUDGET characters in all (texts and results). The budget
 * is what a few screens hold: a headless walk redacts each of thousands of texts once, and a
 * memo sized by entries (2000 of up to 4 KB) held ~18 MB of them on a 5,000-pod bundle.
 */
const MEMO_CHARS = 1024;
const MEMO_BUDGET = 256 * 1024;
interface Memo {
  results: Map<string, string>;
  chars: number;
}
const memos = new WeakMap<RuleSet, Memo>();

/**
 * What untrusted text becomes before any exit (journal, note, screen, stdout, a file, a
 * tracker): terminal controls stripped, then every secret the rules find replaced.
 */
export function redactorFor(rules: RuleSet = BUILTIN): (text: string) => string {
  let memo = memos.get(rules);
  if (!memo) memos.set(rules, (memo = { results: new Map(), chars: 0 }));
  const known = memo;
  return (text) => {
    if (text.length > MEMO_CHARS) return redact(stripControls(text), rules);
    let safe = known.results.get(text);
    if (safe === undefined) {
      safe = redact(stripControls(text), rules);
      known.results.set(text, safe);
      known.chars += text.length + safe.length;
      // Oldest first out: a Map iterates in insertion order.
      for (const [oldest, result] of known.results) {
        if (known.chars <= MEMO_BUDGET) break;
        known.results.delete(oldest);
        known.chars -= oldest.length + result.length;
      }
    }
    return safe;
  };
}

/**
 * A journal line redactor: every string inside the JSON is redacted on its own, so
 * the line stays valid JSON and a secret after an escaped newline is still found.
 */
export function jsonLineRedactor(rules: RuleSet = BUILTIN): (line: string) => string {
  const redactText = redactorFor(rules);
  return (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return redactText(line);
    }
    return JSON.stringify(redactDeep(parsed, redactText));
  };
}

// Characters a token is made of: a cut inside a run of them leaves the token's start behind.
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~%]/;

/**
 * `text` redacted, then cut to `width` characters with `…`. Redacting first means a secret
 * is whole when the rules look at it; a run of token characters the cut goes through is
 * dropped, so not even a secret no rule knows leaves a prefix of 8 characters or more.
 */
export function clipRedacted(text: string, width: number, redactText: (text: string) => string = redactorFor()): string {
  const safe = redactText(text);
  if (safe.length <= width) return safe;
  let cut = safe.slice(0, Math.max(0, width - 1));
  if (TOKEN_CHAR.test(safe[cut.length] ?? '')) {
    let start = cut.length;
    while (start > 0 && TOKEN_CHAR.test(cut[start - 1]!)) start--;
    if (cut.length - start >= 8) cut = cut.slice(0, start);
  }
  return `${cut}…`;
}

/**
 * Redact every string inside plain objects and arrays (a state, an event list); other objects
 * pass through. Copied key by key in loops: every journal line, the note's state and the JSON
 * output go through it, and building entry arrays for Object.fromEntries made it a third slower.
 */
export function redactDeep<T>(value: T, redactText: (text: string) => string): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = redactDeep(value[i] as unknown, redactText);
    return out as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(record)) {
      const v = redactDeep(record[k], redactText);
      // An own `__proto__` key (JSON.parse makes one) stays a key, as Object.fromEntries kept it.
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out as T;
  }
  return value;
}

/**
 * `redactDeep` for structured data whose values sit apart from their names (a pod's env
 * `{name: DB_PASSWORD, value: …}`, a ConfigMap's `data.API_KEY`): a string under a name that
 * says secret is replaced whole, whatever it looks like; every other string is redacted.
 */
export function redactStructure<T>(value: T, redactText: (text: string) => string): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStructure(v, redactText)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const envName = typeof record.name === 'string' && typeof record.value === 'string' && namesSecret(record.name);
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        if (typeof v === 'string' && v !== '' && ((envName && k === 'value') || namesSecret(k))) return [k, placeholder('secret-value')];
        return [k, redactStructure(v, redactText)];
      }),
    ) as T;
  }
  return value;
}
