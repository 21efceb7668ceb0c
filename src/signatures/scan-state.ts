// What a scan of one source keeps while the matcher runs over it (matcher.ts): where it
// is, the matches (a few per signature, counted on), the unexplained templates.

import type { MatcherSpec } from './compile';
import { clipRedacted } from '../redact/redact';
import type { UnexplainedEntry } from './unexplained';

/** Longest text kept for a match or an example; the rest of a huge line is elided. */
const MAX_TEXT = 2000;
export interface RawMatch {
  sig: number;
  line: number;
  text: string;
  captures?: Record<string, string>;
}

/** The state of one source being scanned: where we are and what was found. */
export interface ScanState {
  kinds: number;
  source: string;
  /** Newlines seen before the current chunk: line numbers are 1 + newlines before. */
  newlines: number;
  matches: RawMatch[];
  /** Matches per signature, counted even past the kept ones. */
  counts: number[];
  unexplained: Map<string, UnexplainedEntry>;
  /** For `all` signatures: the last line each of their patterns matched on. */
  lastSeen: Map<number, Int32Array>;
  lines: number;
}

/** Matches kept per signature; counts go on. */
export const MAX_MATCHES_PER_SIGNATURE = 1000;

/** A huge line is cut for keeping; redacted first, so the cut leaves no part of a secret a rule would have found. */
export function clip(text: string): string {
  return text.length > MAX_TEXT ? clipRedacted(text, MAX_TEXT + 1) : text;
}

/** The `unless` patterns' regexes, made when a line first reaches them. */
const unlessRegexes = new Map<string, RegExp>();

/** True when a line the signature's patterns matched is one its `unless` patterns call healthy. */
export function excludedLine(spec: MatcherSpec, state: ScanState, sig: number, text: string): boolean {
  const { unless, kinds } = spec.signatures[sig]!;
  if (!unless || (kinds & state.kinds) === 0) return false;
  for (const js of unless) {
    let re = unlessRegexes.get(js);
    if (!re) unlessRegexes.set(js, (re = new RegExp(js)));
    if (re.test(text)) return true;
  }
  return false;
}

/** Records that pattern p matched signature sig on `line`; true when the signature matched. */
export function recordMatch(spec: MatcherSpec, state: ScanState, sig: number, p: number, line: number, text: string, captures?: Record<string, string>): boolean {
  const s = spec.signatures[sig]!;
  if ((s.kinds & state.kinds) === 0) return false;
  if (s.all) {
    let last = state.lastSeen.get(sig);
    if (!last) state.lastSeen.set(sig, (last = new Int32Array(s.patterns.length).fill(-1_000_000)));
    last[s.patterns.indexOf(p)] = line;
    for (const l of last) if (l <= line - s.window) return false;
    // Every pattern seen within the window: one match, then start over.
    last.fill(-1_000_000);
  }
  state.counts[sig]!++;
  if (state.counts[sig]! <= MAX_MATCHES_PER_SIGNATURE) state.matches.push({ sig, line, text: clip(text), captures });
  return true;
}
