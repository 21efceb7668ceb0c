// `triage signatures new --from-line "LINE"`: a draft signature from one unexplained
// line. The line's variable parts (times, ids, hashes, addresses, numbers) become
// patterns, the rest literal text; the person edits bucket, class and the prose.

import { stringify } from 'yaml';
import type { Bucket, ProblemClass, StepId } from '../model';
import { stripEscapes } from '../redact/terminal-text';
import { escapeLiteral, linearityProblem, parsePattern, toJavaScript } from './regex';
import { MASKS, template } from './unexplained';

interface Guess {
  words: RegExp;
  bucket: Bucket;
  class: ProblemClass;
  step: StepId;
}

// A first guess from the line's words; the draft says to review it.
const GUESSES: Guess[] = [
  { words: /out of memory|oom|memory|no space|disk|too many|exhausted|evict/i, bucket: 'resource-pressure', class: 'environment', step: 'environment' },
  { words: /forbidden|unauthori[sz]ed|denied|permission|token|credential|certificate|x509|secret/i, bucket: 'auth-config-mismatch', class: 'environment', step: 'auth-config' },
  { words: /timed? ?out|deadline|timeout/i, bucket: 'timing-race', class: 'environment', step: 'environment' },
  { words: /already exists|duplicate|conflict|locked/i, bucket: 'replay-dedupe', class: 'environment', step: 'rerun' },
  { words: /refused|unavailable|\b50[234]\b|\b429\b|unreachable|reset/i, bucket: 'external-dependency', class: 'environment', step: 'environment' },
  { words: /version|schema|migration|manifest|image|tag/i, bucket: 'version-drift', class: 'environment', step: 'versions' },
  { words: /expected|assert|snapshot|mismatch/i, bucket: 'stale-contract', class: 'contract', step: 'contract' },
  { words: /not found|missing|empty|no rows|no data/i, bucket: 'missing-result-data', class: 'environment', step: 'data-path' },
];

const LEVEL = /^\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|PANIC)\]?:?$/i;

/**
 * Where the line's lead ends: timestamps, thread or process numbers and a log level say
 * nothing about the failure, so the pattern starts after them.
 */
function leadLength(line: string): number {
  const time = new RegExp(MASKS[0]!.find.source, 'y');
  let at = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at++;
    time.lastIndex = at;
    const t = time.exec(line);
    if (t && t[0].length > 0) {
      at += t[0].length;
      continue;
    }
    const word = /^\S+/.exec(line.slice(at))?.[0];
    if (word && (/^\d+$/.test(word) || LEVEL.test(word))) {
      at += word.length;
      continue;
    }
    return at;
  }
}

/** The regex for a line: literal text with its masked parts as character classes. */
export function patternFromLine(line: string): string {
  const masked = template(line.slice(leadLength(line)));
  const tokens = new Map(MASKS.map((m) => [m.token, m.regex]));
  let out = '';
  for (const part of masked.split(/(<[a-z]+>)/)) {
    if (part === '') continue;
    out += tokens.get(part) ?? escapeLiteral(part);
  }
  // Adjacent masks (`<n>.<n>`) each repeat on their own: still one level, still linear.
  const parsed = parsePattern(out);
  if (linearityProblem(parsed.tree)) throw new Error('internal: a draft pattern is not linear');
  return out;
}

function draftId(masked: string): string {
  const words = masked
    .replace(/<[a-z]+>/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !/^(the|and|for|with|from|error|info|warn|level|msg)$/.test(w));
  return words.slice(0, 5).join('-') || 'new-signature';
}

/** A variant of the line with the numbers after its lead changed: a second example that must still match. */
function variant(line: string): string {
  const keep = leadLength(line);
  return line.slice(0, keep) + line.slice(keep).replace(/\d/g, (d) => String((Number(d) + 3) % 10));
}

export function draftSignature(line: string): string {
  const text = stripEscapes(line).trim();
  const masked = template(text.slice(leadLength(text)));
  const pattern = patternFromLine(text);
  const parsed = parsePattern(pattern);
  const second = variant(text);
  const secondMatches = second !== text && new RegExp(toJavaScript(parsed.tree, parsed.ignoreCase)).test(second);
  const guess = GUESSES.find((g) => g.words.test(masked)) ?? { bucket: 'weak-observability' as Bucket, class: 'environment' as ProblemClass, step: 'observability' as StepId };
  const draft = {
    id: draftId(masked),
    title: `TODO: what this line means, in one sentence`,
    bucket: guess.bucket,
    class: guess.class,
    step: guess.step,
    severity: 'medium',
    match: { any: [{ regex: pattern }] },
    hypothesis: 'check TODO because TODO',
    next: 'TODO: where to look next (a command, a dashboard, a log)',
    examples: {
      match: [text, secondMatches ? second : 'TODO: a second line that must match'],
      nomatch: ['TODO: a healthy line from the same component', 'TODO: a similar line that means something else'],
    },
  };
  return `# Draft from one line: review bucket, class, step and severity (guessed), write the title,
# hypothesis ("check X because Y") and next, replace the TODO examples with real lines,
# then save it under .triage/signatures/ and run \`triage signatures test\`.
${stringify(draft, { lineWidth: 0, defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' })}`;
}
