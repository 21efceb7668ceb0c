// The fallback classifier's tokens: the words and word pairs of one line, with timestamps,
// ids, addresses, durations, URLs and paths masked so that what is left names the kind of
// failure rather than the product.

import { MASKS } from './unexplained';

/** Words per line kept; a longer line's tail rarely names the failure. */
const MAX_WORDS = 40;

// Function words say nothing about the failure; negations and modal words ("cannot") do.
const STOP = new Set(
  'a an the of to in on at for from by with as is are was were be been being and or this that these those it its into than then there their we you your i me my our has have had do does did will would should may might if while when so such via per'.split(' '),
);

// Variable parts become placeholder words ('#ip' holds no letter a real word would).
const TOKEN_MASKS = MASKS.filter((m) => m.token !== '<n>').map((m) => ({
  find: m.find,
  word: ({ '<time>': ' ', '<uuid>': ' #id ', '<hex>': ' #id ', '<ip>': ' #ip ', '<pod>': '$1 #pod ', '<dur>': ' #dur ' } as Record<string, string>)[m.token] ?? ' ',
}));

// Where a line points names a product or a project, not the kind of failure: a URL or a
// file path becomes a placeholder, a qualified class name (org.apache.kafka.common.errors.
// TimeoutException) keeps only its class, and a source location (`reflector.go:147`) loses
// its line number, which would pass for a status code.
// Terminal colours a CI log keeps (ESC [ … m) are no words.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const PATH = /(^|[\s'"(=:])(?:~|\.{1,2})?(?:\/[\w.@+-]+){2,}\/?/g;
const QUALIFIED_NAME = /\b(?:[a-z_][\w$]*\.){2,}([A-Z][\w$]*)/g;
const SOURCE_LOCATION = /\b([\w$-]+)\.(?:go|py|java|kt|scala|js|mjs|cjs|ts|tsx|rs|c|h|cc|cpp|hpp|cs|rb|php|sh|ex|exs|erl)(?::\d+)+/g;

/** `ImagePullBackOff` → image pull back off; `OOMKilled` → oom killed. */
function camelParts(word: string): string[] {
  if (!/[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/.test(word)) return [word.toLowerCase()];
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');
}

/**
 * The tokens of a line: its words (lower case, compound words also split at their
 * capitals, three-digit codes such as 403 or 137 kept, other numbers dropped) and each
 * pair of neighbouring words, each token once. Tried and dropped leaving one set out over 64 sets
 * (whole ranking 78.4% / 88.9%, healthy flagged 1.9%): the line's first word as a token of its own
 * (the tool or logger that printed it) 78.4% / 88.7% (+1 / -9 failures), healthy flagged 2.0%;
 * a word with digits in it (nodejs12, v1beta1) also as a token with each run of digits one mark
 * (nodejs#) 78.4% / 88.9% (-1 / -2 failures), healthy flagged 1.9%.
 */
export function lineTokens(text: string): string[] {
  let masked = (text.length > 600 ? text.slice(0, 600) : text)
    .replace(ANSI, ' ')
    .replace(URL, ' #url ')
    .replace(PATH, '$1 #path ')
    .replace(QUALIFIED_NAME, '$1')
    .replace(SOURCE_LOCATION, '$1');
  for (const m of TOKEN_MASKS) masked = masked.replace(m.find, m.word);
  const out = new Set<string>();
  const sequence: string[] = [];
  for (const raw of masked.split(/[^A-Za-z0-9#]+/)) {
    if (sequence.length >= MAX_WORDS) break;
    if (raw.length < 2 && raw !== '#') continue;
    if (/^\d+$/.test(raw)) {
      if (raw.length === 3) sequence.push(raw);
      continue;
    }
    const parts = camelParts(raw).filter((p) => p.length > 1 && !STOP.has(p) && !/^\d+$/.test(p));
    if (parts.length > 1) out.add(raw.toLowerCase());
    sequence.push(...parts);
  }
  for (let i = 0; i < sequence.length; i++) {
    out.add(sequence[i]!);
    if (i > 0) out.add(`${sequence[i - 1]} ${sequence[i]}`);
  }
  return [...out];
}
