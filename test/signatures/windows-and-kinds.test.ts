import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindBit } from '../../src/signatures/compile';
import { loadLibrary } from '../../src/signatures/load';
import { scanText } from '../../src/signatures/read';
import { prepareLibrary, type Library } from '../../src/signatures/scan';

let dir: string;
let library: Library;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-window-'));
  writeFileSync(
    join(dir, 'family.yaml'),
    `- id: lock-then-timeout
  title: a lock was held and the run timed out
  bucket: replay-dedupe
  class: environment
  step: rerun
  severity: medium
  match:
    all:
      - literal: 'lock held by run'
      - regex: 'timed out after \\d+s'
    window: 3
  hypothesis: check the lock because an earlier run holds it
  next: the lock file
  examples:
    match: ["lock held by run 1841\\nwaiting\\ntimed out after 30s", "timed out after 9s; lock held by run 7"]
    nomatch: ["lock held by run 1841", "timed out after 30s"]
- id: junit-only
  title: only in test reports
  bucket: stale-contract
  class: contract
  step: contract
  severity: low
  match:
    any:
      - literal: 'golden file differs'
    in: [tests]
  hypothesis: check the golden file because the output changed
  next: the diff
  examples:
    match: ['golden file differs: out.txt', 'x golden file differs']
    nomatch: ['golden file ok', 'differs']
`,
  );
  const loaded = loadLibrary([dir]);
  expect(loaded.problems).toEqual([]);
  library = prepareLibrary(loaded.signatures);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function matched(lines: string[], kind: 'logs' | 'events' | 'tests' = 'logs') {
  const state = library.matcher.begin('t', kindBit(kind));
  scanText(library.matcher, state, lines);
  return state.matches.map((m) => [library.signatures[m.sig]!.id, m.line]);
}

describe('all-of signatures and source kinds', () => {
  it('matches `all` when every pattern is seen within the window, at the line that completes it', () => {
    expect(matched(['lock held by run 1841', 'waiting', 'timed out after 30s'])).toEqual([['lock-then-timeout', 3]]);
  });

  it('does not match `all` when the patterns are further apart than the window', () => {
    expect(matched(['lock held by run 1841', 'a', 'b', 'timed out after 30s'])).toEqual([]);
  });

  it('applies a signature only to the kinds of source it names', () => {
    expect(matched(['golden file differs: out.txt'], 'tests')).toEqual([['junit-only', 1]]);
    expect(matched(['golden file differs: out.txt'], 'logs')).toEqual([]);
  });
});
