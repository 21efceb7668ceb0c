// What a ranked hypothesis is, apart from how it is ranked (hypotheses.ts): the fallback
// tier (fallback-hypotheses.ts) makes them too, so the shape lives where both can read it.

import type { Bucket, ProblemClass, Severity, StepId } from '../model';

export interface HypothesisEvidence {
  signature: string;
  source: string;
  line: number;
  text: string;
}

export interface Hypothesis {
  /** Named by signatures, or the fallback classifier's guess for lines no signature names (weaker, ranked below). */
  tier: 'signature' | 'fallback';
  bucket: Bucket;
  class: ProblemClass;
  step: StepId;
  score: number;
  signatures: { id: string; title: string; severity: Severity; count: number }[];
  hypothesis: string;
  next: string;
  remediation?: string;
  replay?: string;
  evidence: HypothesisEvidence[];
  /** Fallback tier: how sure the classifier is (0–1) and the words that decided it. */
  confidence?: number;
  cues?: string[];
  /** Fallback tier read from lines a signature already matched: another reading of them, not of unnamed lines. */
  secondOpinion?: boolean;
}
