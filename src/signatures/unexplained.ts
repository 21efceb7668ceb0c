// Lines that look like errors but that no signature explains, grouped into templates
// (the variable parts masked), so the person sees what the library does not know.

/** Words that make a line worth a second look; they are also prefilter atoms. */
export const ERROR_ATOMS = [
  'error',
  'fatal',
  'panic',
  'exception',
  'refused',
  'denied',
  'timeout',
  'timed out',
  'unable to',
  'cannot',
  'killed',
  'traceback',
  'failed',
  'failure',
  'fail:',
  'fail ',
  'crash',
  'abort',
  'unhealthy',
  'forbidden',
  'unauthorized',
];

const ERROR_WORD =
  /(?:^|[^A-Za-z])(?:errors?|fatal|panic(?:ked)?|exception|refused|denied|time ?outs?|timed out|unable to|cannot|killed|traceback|fail(?:ed|ure|s)?|crash(?:ed|loop\w*)?|abort(?:ed)?|unhealthy|forbidden|unauthorized)(?![a-z])/i;

// Fields that name an error count or an empty error are not errors.
// A configured timeout (`timeout 120s`, `"timeout": "30s"`) is not a timeout that happened.
const BENIGN =
  /\b(?:errors?|failures?|failed|error_?count)["']?\s*[=:]\s*["']?(?:0|null|nil|<nil>|none|false|\[\]|\{\}|"")(?![\w.])|\b(?:timeout|TIMEOUT)["']?[ =:]+["']?\d+(?:\.\d+)?\s*(?:ms|s|m|h)?\b/gi;
// A level field saying info/debug/trace, or a klog I/D line.
const QUIET_LEVEL = /(?:\b(?:level|lvl|severity)["']?\s*[=:]\s*["']?(?:info|debug|trace)\b)|^(?:\S+\s)?[ID]\d{4} \d\d:\d\d:\d\d/i;

export function looksLikeError(text: string): boolean {
  if (!ERROR_WORD.test(text)) return false;
  if (QUIET_LEVEL.test(text)) return false;
  return ERROR_WORD.test(text.replace(BENIGN, ''));
}

/** Variable parts, in the order they are masked; each has the regex that replaces it in a draft. */
export const MASKS: { token: string; find: RegExp; regex: string }[] = [
  {
    token: '<time>',
    find: /\b[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|\b\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?|\b[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\b|\b\d\d:\d\d:\d\d(?:\.\d+)?\b/g,
    regex: '[0-9A-Za-z:.,+/ -]+',
  },
  { token: '<uuid>', find: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, regex: '[0-9a-f-]+' },
  { token: '<ip>', find: /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d+)?\b|\[[0-9a-f:]*:[0-9a-f:]+\](?::\d+)?/gi, regex: '[0-9a-f.:\\[\\]]+' },
  { token: '<pod>', find: /\b([a-z][a-z0-9-]*?)-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, regex: '[a-z0-9-]+' },
  { token: '<hex>', find: /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, regex: '[0-9a-fx]+' },
  { token: '<dur>', find: /\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)\b/g, regex: '[0-9.]+[a-zµ]+' },
  { token: '<n>', find: /\b\d+(?:\.\d+)?\b/g, regex: '[0-9.]+' },
];

/** The line with timestamps, ids, hashes, addresses, durations and numbers masked. */
export function template(text: string): string {
  let out = text;
  for (const mask of MASKS) out = out.replace(mask.find, mask.token === '<pod>' ? `$1-${mask.token}` : mask.token);
  return out.replace(/\s+/g, ' ').trim();
}

export interface UnexplainedEntry {
  template: string;
  count: number;
  example: string;
  source: string;
  line: number;
}

/** Distinct templates kept; past this only known templates are counted. */
export const MAX_TEMPLATES = 5000;

/**
 * The entries as they may be shown: each example redacted, and its template made again from
 * the redacted example (templating masks digits inside a token, so a raw template can hide a
 * secret from the rules). Entries whose templates now agree are one.
 */
export function redactUnexplained(entries: readonly UnexplainedEntry[], redactText: (text: string) => string): UnexplainedEntry[] {
  const merged = new Map<string, UnexplainedEntry>();
  for (const u of entries) {
    const example = redactText(u.example);
    const shown = template(example);
    const mine = merged.get(shown);
    if (mine) mine.count += u.count;
    else merged.set(shown, { ...u, template: shown, example, source: redactText(u.source) });
  }
  return [...merged.values()].sort((a, b) => b.count - a.count || a.template.localeCompare(b.template));
}
