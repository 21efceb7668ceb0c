// What ranking reads and returns: facts with the check behind them, mechanisms with the
// points of their score, and the onset that dates them. Only types: the ranking (rank.ts),
// the onset (onset.ts) and the helpers they use all read these and none of each other's.

import type { Bucket, Evidence, Fact, ProblemClass } from '../model';

/** A fact and the check that established it. */
export interface SourcedFact {
  fact: Fact;
  /** The check's title (`Pods Running and Ready`), for the point that cites it. */
  check: string;
  checkId: string;
}

export interface Point {
  delta: number;
  reason: string;
  evidence?: Evidence;
}

export interface Mechanism {
  /** Stable across runs of the same incident: `runtime/shop/payments-worker`. */
  id: string;
  title: string;
  subject: string;
  namespace?: string;
  bucket: Bucket;
  class: ProblemClass;
  score: number;
  points: Point[];
  /** Every object a fact of it is about. */
  objects: string[];
  /** The lead fact's time. */
  time?: string;
  /** "check X because Y". */
  hypothesis: string;
  next: string;
  remediation?: string;
  replay?: string;
  /** What names it: a known signature, a check's finding, the fallback classifier, or the trace alone. */
  namedBy: 'signature' | 'check' | 'fallback' | 'trace';
  /** The facts behind it, the lead first. */
  facts: SourcedFact[];
  /** Mechanisms with the same score: the evidence does not tell them apart yet. */
  tiesWith?: string[];
}

export interface RankInput {
  facts: readonly SourcedFact[];
  /** The plan's services along the trace, in order. */
  traceServices?: readonly string[];
  /** The window's end: a bundle's capture time, else the latest fact. */
  windowEnd?: string;
}

export interface Ranking {
  mechanisms: Mechanism[];
  onset?: Onset;
  /** Changes before onset, nearest first, for the versions step and the note. */
  changes: SourcedFact[];
}

/** When the failure began (onset.ts). */
export interface Onset {
  time: string;
  ms: number;
  /** What dated it, for the note: `the trace's first error`, `the earliest failure in the last hour`. */
  from: string;
}
