// One row of a table-driven check test: what an analyzer must find in a fixture bundle.
import { expect } from 'vitest';
import type { Bucket, CheckOutcome, CheckStatus } from '../../../src/model';
import { lines } from './resources';

export interface Expectation {
  /** The behaviour, as the test name states it. */
  behaviour: string;
  status: CheckStatus;
  bucket?: Bucket;
  /** Substrings of the summary. */
  summary?: string[];
  /** Substrings of `[source] text` evidence lines. */
  evidence?: string[];
  /** Substrings the evidence must not contain (quiet on what is fine). */
  absent?: string[];
  /** The replay command, exactly. */
  replay?: string;
}

export function expectOutcome(outcome: CheckOutcome, e: Expectation): void {
  expect(outcome.status, outcome.summary).toBe(e.status);
  if (e.bucket) expect(outcome.bucket).toBe(e.bucket);
  for (const s of e.summary ?? []) expect(outcome.summary).toContain(s);
  const text = lines(outcome);
  for (const s of e.evidence ?? []) expect(text).toContain(s);
  for (const s of e.absent ?? []) expect(text).not.toContain(s);
  if (e.replay) expect(outcome.replay).toBe(e.replay);
}
