// Two test runs side by side (`triage diff BASE CURRENT`): each test is a new failure,
// still failing, fixed or flaky (the same commit both passed and failed), and the run
// gets the verdict of reference 001: regression, stable or known_failures_only. Where a
// test or the command gives a hard ceiling, the headroom is reported (reference 003:
// "4.5 min of a 15 min ceiling").

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { caseTitle, isFailing, readJunitFile, type JunitCase, type JunitProperty } from '../checks/junit-parse';
import { formatDuration } from '../model/duration';

export interface TestAttempt {
  key: string;
  title: string;
  failed: boolean;
  skipped: boolean;
  seconds?: number;
  /** The hard ceiling in seconds, from the test itself (a timeout property or message). */
  ceiling?: number;
  message?: string;
  commit?: string;
  report: string;
}

export type TestChange = 'new-failure' | 'still-failing' | 'fixed' | 'flaky' | 'passing' | 'skipped';
type RunVerdict = 'regression' | 'stable' | 'known_failures_only';

interface TestDiff {
  key: string;
  title: string;
  change: TestChange;
  message?: string;
  seconds?: number;
  ceiling?: number;
  /** For flaky tests: the commit and the reports where it passed and failed. */
  flakyOn?: { commit: string; passed: string; failed: string };
}

export interface RunDiff {
  verdict: RunVerdict;
  counts: Record<TestChange, number>;
  tests: TestDiff[];
  base: { reports: number; tests: number };
  current: { reports: number; tests: number };
}

const COMMIT_PROPERTY = /^(?:commit|sha|git[._-]?sha|git[._-]?commit|revision|github[._-]sha|ci[._-]commit[._-]sha)$/i;
const COMMIT_VALUE = /^[0-9a-fA-F]{7,40}$/;
const TIMEOUT_PROPERTY = /^(?:timeout|ceiling|timeout[._-]?seconds)$/i;
const TIMEOUT_VALUE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/i;
// How runners and tests state the ceiling they hit or waited under.
const CEILING_TEXT = /(?:timeout of|timeout|timed out after|ceiling|within|≤)\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds|m|min|minutes)\b/i;
/** A message is one line; a report that puts megabytes in one is cut here (diff holds every test). */
const MESSAGE_KEPT = 2000;

function seconds(value: number, unit: string | undefined): number {
  const u = (unit ?? 's').toLowerCase();
  if (u === 'ms') return value / 1000;
  if (u.startsWith('m')) return value * 60;
  return value;
}

/** The commit a report is about: a commit-like property, else a SHA in its file name. */
function reportCommit(properties: readonly JunitProperty[], file: string): string | undefined {
  const prop = properties.find((p) => COMMIT_PROPERTY.test(p.name) && COMMIT_VALUE.test(p.value.trim()));
  if (prop) return prop.value.trim().toLowerCase();
  const name = /(?:^|[^0-9a-f])([0-9a-f]{7,40})(?:[^0-9a-f]|$)/.exec(file.split('/').pop() ?? '');
  return name?.[1];
}

function ceilingOf(test: JunitCase): number | undefined {
  for (const p of test.properties ?? []) {
    const value = TIMEOUT_PROPERTY.test(p.name) ? TIMEOUT_VALUE.exec(p.value.trim()) : null;
    if (value) return seconds(Number(value[1]), value[2]);
  }
  for (const text of [test.message, test.details, test.systemOut]) {
    const m = text ? CEILING_TEXT.exec(text) : null;
    if (m) return seconds(Number(m[1]), m[2]);
  }
  return undefined;
}

function reportFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? reportFiles(join(path, e.name)) : /\.xml$/i.test(e.name) ? [join(path, e.name)] : []));
}

/** Every test attempt in a JUnit report or a directory of them. */
export function loadAttempts(path: string, cwd: string): { attempts: TestAttempt[]; reports: number } {
  const files = reportFiles(path);
  const attempts: TestAttempt[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    const fromFile: TestAttempt[] = [];
    // Streamed: only what each attempt needs is kept, never the report's text.
    const { properties } = readJunitFile(file, shown, {
      keepCases: false,
      onCase(test) {
        const title = caseTitle(test);
        const ceiling = ceilingOf(test);
        fromFile.push({
          key: title,
          title,
          failed: isFailing(test),
          skipped: test.status === 'skipped',
          ...(test.time !== undefined ? { seconds: test.time } : {}),
          ...(ceiling !== undefined ? { ceiling } : {}),
          ...(test.message ? { message: test.message.slice(0, MESSAGE_KEPT) } : {}),
          report: shown,
        });
      },
    });
    const commit = reportCommit(properties, file);
    for (const attempt of fromFile) attempts.push(commit ? { ...attempt, commit } : attempt);
  }
  return { attempts, reports: files.length };
}

/** A commit on which this test both passed and failed, across all reports given. */
function flakyEvidence(attempts: TestAttempt[]): TestDiff['flakyOn'] {
  const byCommit = new Map<string, TestAttempt[]>();
  for (const a of attempts) if (a.commit && !a.skipped) byCommit.set(a.commit, [...(byCommit.get(a.commit) ?? []), a]);
  for (const [commit, list] of byCommit) {
    const passed = list.find((a) => !a.failed);
    const failed = list.find((a) => a.failed);
    if (passed && failed) return { commit, passed: passed.report, failed: failed.report };
  }
  return undefined;
}

export function diffRuns(
  base: { attempts: TestAttempt[]; reports: number },
  current: { attempts: TestAttempt[]; reports: number },
  ceilingSeconds?: number,
): RunDiff {
  const group = (list: TestAttempt[]) => {
    const m = new Map<string, TestAttempt[]>();
    for (const a of list) m.set(a.key, [...(m.get(a.key) ?? []), a]);
    return m;
  };
  const before = group(base.attempts);
  const now = group(current.attempts);
  const tests: TestDiff[] = [];
  for (const [key, attempts] of now) {
    const last = attempts[attempts.length - 1]!;
    const failing = attempts.some((a) => a.failed);
    const wasFailing = (before.get(key) ?? []).some((a) => a.failed);
    const flakyOn = flakyEvidence([...(before.get(key) ?? []), ...attempts]);
    const change: TestChange = flakyOn
      ? 'flaky'
      : attempts.every((a) => a.skipped)
        ? 'skipped'
        : failing
          ? wasFailing
            ? 'still-failing'
            : 'new-failure'
          : wasFailing
            ? 'fixed'
            : 'passing';
    const shown = attempts.find((a) => a.failed) ?? last;
    const ceiling = shown.ceiling ?? ceilingSeconds;
    tests.push({
      key,
      title: last.title,
      change,
      ...(shown.message ? { message: shown.message } : {}),
      ...(shown.seconds !== undefined ? { seconds: shown.seconds } : {}),
      ...(ceiling !== undefined ? { ceiling } : {}),
      ...(flakyOn ? { flakyOn } : {}),
    });
  }
  const counts: Record<TestChange, number> = { 'new-failure': 0, 'still-failing': 0, fixed: 0, flaky: 0, passing: 0, skipped: 0 };
  for (const t of tests) counts[t.change]++;
  const verdict: RunVerdict = counts['new-failure'] > 0 ? 'regression' : counts['still-failing'] + counts.flaky > 0 ? 'known_failures_only' : 'stable';
  return {
    verdict,
    counts,
    tests,
    base: { reports: base.reports, tests: before.size },
    current: { reports: current.reports, tests: now.size },
  };
}

/** "4.5 min of a 15 min ceiling (30%)". */
export function headroomText(secondsTaken: number, ceiling: number): string {
  const pct = Math.round((secondsTaken / ceiling) * 100);
  const fmt = (s: number) => (s >= 120 ? `${Number((s / 60).toFixed(1))} min` : s >= 1 ? `${Number(s.toFixed(1))} s` : formatDuration(s * 1000));
  return `${fmt(secondsTaken)} of a ${fmt(ceiling)} ceiling (${pct}%)`;
}
