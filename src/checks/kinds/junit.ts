import { z } from 'zod';
import type { CheckOutcome, Evidence, Fact } from '../../model';
import { InputError } from '../../errors';
import type { JunitCase, JunitSuite } from '../junit-parse';
import { checkIdentity, checkSpecBase } from '../spec';
import { matchPaths, shownPath } from '../paths';
import { inDirectory, shellGlob } from '../shell';
import { leadingTime } from '../text-files';
import type { CheckContext, CheckKind } from '../types';

export const junitSpec = checkSpecBase
  .extend({
    kind: z.literal('junit'),
    /** Globs of JUnit XML reports, relative to the plan's directory. */
    paths: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type JunitSpec = z.infer<typeof junitSpec>;

const EVIDENCE_TESTS = 30;
/** "expected X but got Y" and its cousins: the shape of a stale contract on a status, event or payload. */
const EXPECTED_GOT = /expected\b.*\b(got|received|but was|actual|instead)\b/i;

interface Report {
  shown: string;
}

async function runJunit(spec: JunitSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const replay = inDirectory(ctx.baseDir, `grep -n -A4 -E '<(failure|error)' -- ${spec.paths.map(shellGlob).join(' ')}`);
  const files = [...new Set((await Promise.all(spec.paths.map((p) => matchPaths(p, ctx.baseDir, true)))).flat())];
  if (files.length === 0) {
    return { status: 'error', summary: `no JUnit report matches ${spec.paths.join(', ')}`, evidence: [], replay };
  }
  // The XML reader loads when a report is read, not when the walk starts.
  const { caseTitle, isFailing, readJunitFileAsync } = await import('../junit-parse');
  const reports: Report[] = [];
  const malformed: Evidence[] = [];
  // Reports are streamed: failing cases are kept without their output, passing ones only counted.
  const failing: { test: JunitCase; report: Report; suite: JunitSuite }[] = [];
  let total = 0;
  let skipped = 0;
  for (const file of files) {
    const shown = shownPath(ctx.baseDir, file);
    const report: Report = { shown };
    const found: typeof failing = [];
    try {
      const { suites } = await readJunitFileAsync(file, shown, {
        keepCases: false,
        onCase(test, suite) {
          if (!isFailing(test)) return;
          const { details: _details, systemOut: _out, systemErr: _err, ...slim } = test;
          found.push({ test: slim, report, suite });
        },
      });
      for (const suite of suites) {
        total += suite.tests;
        skipped += suite.skipped;
      }
      reports.push(report);
      failing.push(...found);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      malformed.push({ text: error.message, source: error.line === undefined ? shown : `${shown}:${error.line}` });
    }
  }
  const evidence: Evidence[] = failing.slice(0, EVIDENCE_TESTS).map(({ test, report, suite }) => {
    const time = suite.timestamp === undefined ? undefined : leadingTime(suite.timestamp);
    return {
      // The failure's type (AssertionError, TimeoutError) is what many signatures key on.
      text: `${caseTitle(test)}: ${test.type && !(test.message ?? '').startsWith(test.type) ? `${test.type}: ` : ''}${test.message ?? test.status}`,
      source: test.line === undefined ? report.shown : `${report.shown}:${test.line}`,
      ...(time ? { time: time.toISOString() } : {}),
    };
  });
  if (failing.length > EVIDENCE_TESTS) evidence.push({ text: `… and ${failing.length - EVIDENCE_TESTS} more failing tests`, source: spec.paths.join(', ') });
  evidence.push(...malformed);

  if (failing.length > 0) {
    const first = failing[0]!.test;
    // One fact per failing test: an assertion on an old value is a stale contract; any other
    // failure is a symptom the other steps explain.
    const facts: Fact[] = failing.slice(0, EVIDENCE_TESTS).map(({ test, suite }, i) => {
      const line = evidence[i]!;
      // "expected PAID, got PENDING_PAYMENT after 120s" is a wait that ran out, not an old expectation.
      const timeout = /\btime[d ]?\s?out|timeout|exceeded|\bafter \d+(\.\d+)?\s?(ms|s|m|min|seconds|minutes)\b|\bwithin \d/i.test(test.message ?? '');
      const stale = EXPECTED_GOT.test(test.message ?? '') && !timeout;
      return {
        object: `test:${line.source}#${caseTitle(test)}`,
        // The harness that ran the tests is where the followed trace starts; else the suite names it.
        subject: ctx.plan.trace?.services[0] ?? (suite.name || test.classname || caseTitle(test)),
        kind: 'test',
        status: stale ? 'fail' : 'warn',
        bucket: stale ? 'stale-contract' : timeout ? 'timing-race' : 'environment-not-ready',
        ...(stale ? { class: 'contract' as const } : {}),
        // The message's first line, whole: cutting or joining lines before redaction could split a secret.
        phrase: `test "${caseTitle(test)}" fails: ${(test.message ?? test.status).split('\n')[0]!.trim()}`,
        ...(line.time ? { time: line.time } : {}),
        evidence: [line],
        replay,
        ...(stale
          ? {
              advice: {
                hypothesis: `check whether "${caseTitle(test)}" asserts what the product did before its last change, because it expects one value and the product now answers another`,
                next: 'the assertion next to the product change that renamed or reshaped the value (the contract, the changelog, the commit)',
                remediation: 'update the test to the new contract if the change was intended; otherwise revert the product change',
              },
            }
          : {}),
      };
    });
    const more = failing.length > 1 ? ` (+${failing.length - 1} more)` : '';
    const stale = failing.some(({ test }) => EXPECTED_GOT.test(test.message ?? ''));
    return {
      facts,
      status: 'fail',
      summary: `${failing.length} of ${total} tests failed: ${caseTitle(first)}: ${first.message ?? first.status}${more}`,
      evidence,
      replay,
      ...(stale ? { bucket: 'stale-contract' as const } : {}),
    };
  }
  if (malformed.length > 0) {
    return { status: 'error', summary: `unreadable JUnit report: ${malformed[0]!.text}`, evidence, replay };
  }
  const reportsRead = `${reports.length} report${reports.length === 1 ? '' : 's'}`;
  if (total === 0) return { status: 'warn', summary: `no test cases in ${reportsRead}: did the run start?`, evidence, replay };
  return {
    status: 'pass',
    summary: `all ${total - skipped} tests passed${skipped ? `, ${skipped} skipped` : ''} (${reportsRead})`,
    evidence,
    replay,
  };
}

export const junitKind: CheckKind<JunitSpec, typeof junitSpec> = {
  kind: 'junit',
  schema: junitSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, `JUnit ${spec.paths.join(', ')}`), run: (ctx) => runJunit(spec, ctx) };
  },
};
