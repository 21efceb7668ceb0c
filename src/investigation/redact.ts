import { InputError } from '../errors';
import type { Plan } from '../plan/schema';
import { BUILTIN_RULES, type RedactionRule } from './redact-rules';

// Nothing secret leaves the terminal: every exit (journal, note, headless output,
// export, screen) passes its text through `redact`. Placeholders name the rule and
// contain `[`, `:` and `]`, which no rule accepts inside a secret, so redacting
// twice changes nothing.

export type { RedactionRule } from './redact-rules';

export interface RuleSet {
  rules: readonly RedactionRule[];
  /** A candidate secret matching one of these is left alone (the plan's `redact.allow`). */
  allow: readonly RegExp[];
}

export const BUILTIN: RuleSet = { rules: BUILTIN_RULES, allow: [] };

export function placeholder(rule: string): string {
  return `[REDACTED:${rule}]`;
}

const PLACEHOLDER_RE = /\[REDACTED:[a-z0-9-]+\]/g;

function applyRule(text: string, rule: RedactionRule, allow: readonly RegExp[]): string {
  // A match that touches an earlier placeholder is left alone: that keeps redaction idempotent.
  const placed = [...text.matchAll(PLACEHOLDER_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  return text.replace(rule.pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    const offset = args.find((a, i) => i > 0 && typeof a === 'number') as number;
    const last = args[args.length - 1];
    const groups = (typeof last === 'object' && last !== null ? last : {}) as Record<string, string | undefined>;
    const secret = groups.secret ?? match;
    const at = groups.secret === undefined ? 0 : match.lastIndexOf(secret);
    const start = offset + at;
    const end = start + secret.length;
    if (placed.some(([s, e]) => start < e && end > s)) return match;
    if (secret === '' || allow.some((re) => re.test(secret))) return match;
    if (rule.accept && !rule.accept(secret, groups)) return match;
    // Keep what surrounds the secret (a key name, a header, a URL) readable.
    return `${match.slice(0, at)}${placeholder(rule.name)}${match.slice(at + secret.length)}`;
  });
}

/** Replace every secret the rules find with `[REDACTED:<rule>]`. */
export function redact(text: string, rules: RuleSet = BUILTIN): string {
  let out = text;
  for (const rule of rules.rules) out = applyRule(out, rule, rules.allow);
  return out;
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
    return { name: p.name, pattern: compile(p.regex, 'g', `redact.patterns.${i}.regex`, file) };
  });
  const allow = section.allow.map((a, i) => compile(a, '', `redact.allow.${i}`, file));
  return { rules: [...planRules, ...BUILTIN_RULES], allow };
}

/** A text redactor bound to a rule set. */
export function redactorFor(rules: RuleSet = BUILTIN): (text: string) => string {
  return (text) => redact(text, rules);
}

/**
 * A journal line redactor: every string inside the JSON is redacted on its own, so
 * the line stays valid JSON and a secret after an escaped newline is still found.
 */
export function jsonLineRedactor(rules: RuleSet = BUILTIN): (line: string) => string {
  return (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return redact(line, rules);
    }
    return JSON.stringify(redactDeep(parsed, (text) => redact(text, rules)));
  };
}

/** Redact every string inside plain objects and arrays (a state, an event list); other objects pass through. */
export function redactDeep<T>(value: T, redactText: (text: string) => string): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redactText)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redactText)])) as T;
  }
  return value;
}
