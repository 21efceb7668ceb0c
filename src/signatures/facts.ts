// Signature matches as facts about objects: the walk's lines (a check's evidence, a pod's
// log, an event) go through the library, and every signature that fires becomes one fact
// per subject it fired on, counted, dated, with a few of its lines and its replay filled.

import type { Evidence, Fact } from '../model';
import { fillReplay, type ReplayDefaults } from './hypotheses';
import { scanText } from './read';
import { kindBit } from './compile';
import { guessLine, type FallbackGuess } from './fallback-guess';
import { fallbackAdvice } from './fallback-hypotheses';
import type { Library } from './scan';
import { template } from './unexplained';
import { localeOrder } from '../text-order';
import { aboutSource, lineLevel } from './line-about';

/** Lines kept per fact: enough to show it, not the whole log. */
const LINES_PER_FACT = 3;

/** A line to match, and what it is about when its producer knows better than its source says. */
export interface FactLine extends Evidence {
  object?: string;
  subject?: string;
  namespace?: string;
  /** Fill replay placeholders: {namespace}, {pod}, {container}, {file}, ... */
  context?: Record<string, string>;
  /**
   * false: a signature may name the line, the fallback tier does not guess at it. A check
   * that could not run ("cluster unreachable: no answer within 8s") speaks of the
   * investigation's reach, not of the system: a guess would rank it as the system's mechanism.
   */
  guess?: false;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/** Runs the library over the lines; one fact per (signature, subject), most severe first. */
export function signatureFacts(library: Library, lines: readonly FactLine[], defaults: ReplayDefaults = {}): Fact[] {
  if (lines.length === 0) return [];
  // One line a check shows twice (its summary and its evidence) is one line.
  const texts: string[] = [];
  const origin: number[] = [];
  lines.forEach((l, i) => {
    for (const text of l.text.split('\n')) {
      texts.push(text);
      origin.push(i);
    }
  });
  const { matcher } = library;
  const state = matcher.begin('lines', kindBit('logs') | kindBit('events') | kindBit('tests'));
  scanText(matcher, state, texts);

  const groups = new Map<string, { fact: Fact; first?: string; seen: Set<string>; levels: Set<string> }>();
  for (const m of state.matches) {
    const sig = library.signatures[m.sig]!;
    const line = lines[origin[m.line - 1]!]!;
    const about = line.subject ? { object: line.object ?? line.source, subject: line.subject, namespace: line.namespace } : aboutSource(line.source);
    const key = `${sig.id}\u0000${about.namespace ?? ''}\u0000${about.subject}`;
    let group = groups.get(key);
    if (!group) {
      const context = { ...defaults, ...(about.namespace ? { namespace: about.namespace } : {}), ...(line.context ?? {}), ...(m.captures ?? {}) };
      const replay = sig.replay ? fillReplay(sig.replay, context) : undefined;
      group = {
        seen: new Set(),
        levels: new Set(),
        fact: {
          object: about.object,
          subject: about.subject,
          ...(about.namespace ? { namespace: about.namespace } : {}),
          kind: 'signature',
          status: sig.severity === 'low' || sig.severity === 'medium' ? 'warn' : 'fail',
          bucket: sig.bucket,
          class: sig.class,
          phrase: sig.title,
          evidence: [],
          count: 0,
          ref: sig.id,
          severity: sig.severity,
          advice: { hypothesis: sig.hypothesis.replace(/\s+/g, ' ').trim(), next: sig.next, ...(sig.remediation ? { remediation: sig.remediation } : {}) },
          // A replay still holding a placeholder would not run as printed.
          ...(replay && !/\{[A-Za-z]\w*\}/.test(replay) ? { replay } : {}),
        },
      };
      groups.set(key, group);
    }
    const fact = group.fact;
    group.levels.add(lineLevel(m.text) ?? 'none');
    fact.count = (fact.count ?? 0) + 1;
    fact.time = later(fact.time, line.time);
    group.first = earlier(group.first, line.time);
    if (fact.evidence.length < LINES_PER_FACT && !group.seen.has(m.text)) {
      group.seen.add(m.text);
      fact.evidence.push({ text: m.text, source: line.source, ...(line.time ? { time: line.time } : {}) });
    }
  }
  const weight = { critical: 4, high: 3, medium: 2, low: 1 } as const;
  const named = [...groups.values()].map((g) => g.fact);
  const unnamed = fallbackFacts(library, lines, texts, origin, new Set(state.matches.map((m) => m.line)), state.unexplained, named);
  const signatureFound = [...groups.values()]
    .map(({ fact, first, levels }) => {
      if (fact.count === 1) delete fact.count;
      // What the lines were logged as decides first: an error line fails, lines all logged as
      // warnings or info (a retry) only warn; without a level, the signature's severity says.
      if (levels.has('error')) fact.status = 'fail';
      else if (!levels.has('none')) fact.status = 'warn';
      // The first sighting dates the mechanism's onset; the last says it is still happening.
      if (first && fact.time && first !== fact.time) fact.phrase = `${fact.phrase}`;
      return fact;
    })
    .sort((a, b) => weight[b.severity!] - weight[a.severity!] || (b.count ?? 1) - (a.count ?? 1) || localeOrder(a.subject, b.subject));
  return [...signatureFound, ...unnamed];
}

/**
 * The fallback tier's facts: each error-looking line no signature matched (the matcher's
 * unexplained lines) gets its most likely bucket; one fact per (bucket, subject), weaker
 * than a signature's ('warn', the cue words as its ref), none for a bucket a signature
 * already names about that subject.
 */
function fallbackFacts(
  library: Library,
  lines: readonly FactLine[],
  texts: readonly string[],
  origin: readonly number[],
  matched: ReadonlySet<number>,
  unexplained: ReadonlyMap<string, unknown>,
  named: readonly Fact[],
): Fact[] {
  if (unexplained.size === 0) return [];
  const classifier = library.classifier();
  const guesses = new Map<string, FallbackGuess | undefined>();
  const facts = new Map<string, { fact: Fact; confidence: number }>();
  texts.forEach((text, i) => {
    if (matched.has(i + 1) || lines[origin[i]!]!.guess === false) return;
    const key = template(text);
    if (!unexplained.has(key)) return;
    if (!guesses.has(key)) guesses.set(key, guessLine(classifier, text, 1)[0]);
    const guess = guesses.get(key);
    if (!guess) return;
    const line = lines[origin[i]!]!;
    const about = line.subject ? { object: line.object ?? line.source, subject: line.subject, namespace: line.namespace } : aboutSource(line.source);
    if (named.some((f) => f.bucket === guess.bucket && f.subject === about.subject && f.namespace === about.namespace)) return;
    const id = `${guess.bucket}\u0000${about.namespace ?? ''}\u0000${about.subject}`;
    let entry = facts.get(id);
    if (!entry) {
      entry = {
        confidence: guess.confidence,
        fact: {
          object: about.object,
          subject: about.subject,
          ...(about.namespace ? { namespace: about.namespace } : {}),
          kind: 'fallback',
          status: 'warn',
          bucket: guess.bucket,
          class: guess.class,
          phrase: `looks like ${guess.bucket} (confidence ${guess.confidence.toFixed(2)}): ${guess.cues.join(', ')}`,
          evidence: [],
          count: 0,
          ref: guess.cues.join(', '),
          confidence: guess.confidence,
        },
      };
      facts.set(id, entry);
    }
    const fact = entry.fact;
    fact.count = (fact.count ?? 0) + 1;
    fact.time = later(fact.time, line.time);
    // The most confident line leads: its cues and confidence name the fact.
    if (guess.confidence > entry.confidence) {
      entry.confidence = guess.confidence;
      fact.confidence = guess.confidence;
      fact.class = guess.class;
      fact.phrase = `looks like ${guess.bucket} (confidence ${guess.confidence.toFixed(2)}): ${guess.cues.join(', ')}`;
      fact.ref = guess.cues.join(', ');
    }
    if (fact.evidence.length < LINES_PER_FACT && !fact.evidence.some((e) => e.text === text)) fact.evidence.push({ text, source: line.source, ...(line.time ? { time: line.time } : {}) });
  });
  return [...facts.values()]
    .sort((a, b) => b.confidence - a.confidence || localeOrder(a.fact.subject, b.fact.subject))
    .map(({ fact }) => {
      fact.advice = fallbackAdvice(fact.bucket, fact.count ?? 1);
      if (fact.count === 1) delete fact.count;
      return fact;
    });
}
