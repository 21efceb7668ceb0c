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
- id: topic-exists
  title: the create step found the topic there already
  bucket: replay-dedupe
  class: tooling
  step: rerun
  severity: high
  match:
    any:
      - regex: 'TOPIC_ALREADY_EXISTS'
    unless:
      - literal: 'INFO [Controller'
  hypothesis: check the topic because an earlier run created it
  next: the topic's creation
  examples:
    match: ['CreateTopics failed: {orders: TOPIC_ALREADY_EXISTS}', 'error: TOPIC_ALREADY_EXISTS']
    nomatch: ['INFO [Controller 1] CreateTopics result(s): TOPIC_ALREADY_EXISTS', 'Created topic orders.']
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

  it('does not match a line its `unless` patterns call healthy, nor count it as unexplained', () => {
    const lines = ['ERROR INFO [Controller 1] CreateTopics result(s): TOPIC_ALREADY_EXISTS', 'error: TOPIC_ALREADY_EXISTS'];
    expect(matched(lines)).toEqual([['topic-exists', 2]]);
    const state = library.matcher.begin('t', kindBit('logs'));
    scanText(library.matcher, state, [lines[0]!]);
    expect(state.matches).toEqual([]);
    expect([...state.unexplained.keys()]).toEqual([]);
  });

  it('refuses an `unless` pattern that cannot run in linear time (a backreference), naming its field', () => {
    const bad = mkdtempSync(join(tmpdir(), 'triage-unless-'));
    writeFileSync(
      join(bad, 'bad.yaml'),
      `id: bad-unless
title: t
bucket: replay-dedupe
class: tooling
step: rerun
severity: low
match:
  any: [{ literal: 'already exists' }]
  unless: [{ regex: '(a)\\1' }]
hypothesis: check x because y
next: z
examples: { match: ['already exists', 'x already exists'], nomatch: ['a', 'b'] }
`,
    );
    try {
      const { problems } = loadLibrary([bad]);
      expect(problems.map((p) => p.message).join('\n')).toMatch(/match\.unless\[0\]\.regex/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
