import { resolve } from 'node:path';
import { flagChoice, flagString, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { parsePositiveDuration } from '../../model/duration';
import { diffRuns, headroomText, loadAttempts, type RunDiff, type TestChange } from '../../diff/junit-run-diff';
import { clipRedacted, redactDeep, redactorFor } from '../../redact/redact';

/** Above this share of its ceiling a passing test is reported: the next slow run fails it. */
const CLOSE_TO_CEILING = 0.6;

const SECTIONS: { change: TestChange; heading: string }[] = [
  { change: 'new-failure', heading: 'New failures' },
  { change: 'flaky', heading: 'Flaky: the same commit passed and failed (mechanism not yet named: name it before quarantining)' },
  { change: 'still-failing', heading: 'Still failing' },
  { change: 'fixed', heading: 'Fixed' },
];

/** One line of a failure message: redacted (a key block still whole), then joined, then cut. */
function clip(text: string, width = 140): string {
  return clipRedacted(text, width, (t) => redactText(t).replace(/\s+/g, ' ').trim());
}

// JUnit messages quote what the test saw: headers, tokens, connection strings.
const redactText = redactorFor();

function textReport(diff: RunDiff, base: string, current: string): string {
  const c = diff.counts;
  const out = [
    `base ${base} (${diff.base.tests} tests in ${diff.base.reports} report(s)) → current ${current} (${diff.current.tests} tests in ${diff.current.reports} report(s))`,
    `verdict: ${diff.verdict} (${c['new-failure']} new failure(s), ${c['still-failing']} still failing, ${c.fixed} fixed, ${c.flaky} flaky, ${c.passing} passing, ${c.skipped} skipped)`,
  ];
  for (const { change, heading } of SECTIONS) {
    const tests = diff.tests.filter((t) => t.change === change);
    if (!tests.length) continue;
    out.push('', heading);
    for (const t of tests) {
      out.push(`  ${t.title}`);
      if (t.message && change !== 'fixed') out.push(`      ${clip(t.message)}`);
      if (t.flakyOn) out.push(`      commit ${t.flakyOn.commit}: passed in ${t.flakyOn.passed}, failed in ${t.flakyOn.failed}`);
    }
  }
  const timed = diff.tests.filter(
    (t) => t.seconds !== undefined && t.ceiling !== undefined && (t.change !== 'passing' || t.seconds! / t.ceiling! >= CLOSE_TO_CEILING),
  );
  if (timed.length) {
    out.push('', 'Timeout headroom');
    for (const t of timed) out.push(`  ${t.title}: ${headroomText(t.seconds!, t.ceiling!)}`);
  }
  return `${out.join('\n')}\n`;
}

export const command: Command = {
  name: 'diff',
  usage: 'triage diff BASE CURRENT [--format text|json] [--ceiling DUR]',
  operands: 'files',
  flags: [
    { name: 'format', type: 'string', choices: ['text', 'json'], description: 'a report for a person (text) or JSON' },
    { name: 'ceiling', type: 'string', value: 'DUR', description: 'hard timeout of every test when the reports do not state one (e.g. 15m)' },
  ],
  help: `BASE and CURRENT are JUnit XML reports or directories of them (every *.xml inside).
Each test of CURRENT is a new failure, still failing, fixed, or flaky when the reports show
the same commit both passing and failing (commit from a commit/sha property, or a SHA in
the report's file name). Verdict: regression (a new failure), known_failures_only (only
failures seen before, or flaky ones), or stable. Timeout headroom is reported where a test
states its ceiling (a timeout property, "timeout 120s", "Test timeout of 30000ms") or --ceiling.
Exit code 1 on regression, 0 otherwise.`,
  async run(args, io) {
    const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
    const [base, current, extra] = args.positionals;
    if (base === undefined || current === undefined || extra !== undefined) throw new UsageError('give two paths: BASE and CURRENT');
    const ceilingText = flagString(args, 'ceiling');
    const ceilingMs = ceilingText === undefined ? undefined : parsePositiveDuration(ceilingText);
    if (ceilingText !== undefined && ceilingMs === undefined)
      throw new UsageError(`--ceiling must be a duration above zero like 90s or 15m (got ${ceilingText})`);
    const open = (p: string) => {
      try {
        return loadAttempts(resolve(io.cwd, p), io.cwd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${p}: not found`);
        throw error;
      }
    };
    const diff = diffRuns(open(base), open(current), ceilingMs === undefined ? undefined : ceilingMs / 1000);
    diff.tests = redactDeep(diff.tests, redactText);
    if (format === 'json') {
      const tests = diff.tests.map((t) => ({
        test: t.title,
        change: t.change,
        message: t.message ?? null,
        seconds: t.seconds ?? null,
        ceiling: t.ceiling ?? null,
        headroom: t.seconds !== undefined && t.ceiling !== undefined ? headroomText(t.seconds, t.ceiling) : null,
        flakyOn: t.flakyOn ?? null,
      }));
      io.stdout.write(`${JSON.stringify({ verdict: diff.verdict, counts: diff.counts, tests }, null, 2)}\n`);
    } else io.stdout.write(textReport(diff, base, current));
    return diff.verdict === 'regression' ? EXIT.found : EXIT.ok;
  },
};
