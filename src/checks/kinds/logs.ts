import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { parseDuration } from '../../model/duration';
import { checkIdentity, checkSpecBase, durationText, ownDeadlineMs, regexText } from '../spec';
import { describeEnd, lastLines, runProcess } from '../process';
import { planPath, shownPath } from '../paths';
import { inDirectory, shellJoin, shellQuote } from '../shell';
import { readTail, selectLines, type TailLine } from '../text-files';
import type { CheckContext, CheckKind } from '../types';

export const logsSpec = checkSpecBase
  .extend({
    kind: z.literal('logs'),
    /** Exactly one of path (a file, relative to the plan's directory) or argv (a command whose output is the log). */
    path: z.string().min(1).optional(),
    argv: z.array(z.string()).min(1).optional(),
    /** The last this many lines (default 200 when `since` is not given). */
    tail: z.number().int().positive().optional(),
    /** Only lines whose leading timestamp is within this duration (lines without one are kept). */
    since: durationText.optional(),
    mustMatch: z.array(regexText).default([]),
    mustNotMatch: z.array(regexText).default([]),
  })
  .strict()
  .refine((s) => (s.path === undefined) !== (s.argv === undefined), {
    message: 'give exactly one of path or argv',
    path: ['path'],
  });
export type LogsSpec = z.infer<typeof logsSpec>;

const DEFAULT_TAIL = 200;
/** Matching lines kept per pattern. */
const SHOWN_PER_PATTERN = 3;
const SHOWN_FORBIDDEN = 10;

/** `the last 200 lines` / `lines since 5m` / `the last 50 lines since 5m` */
function windowOf(spec: LogsSpec): string {
  if (spec.since === undefined) return `the last ${spec.tail ?? DEFAULT_TAIL} lines`;
  return spec.tail === undefined ? `lines since ${spec.since}` : `the last ${spec.tail} lines since ${spec.since}`;
}

function grepOf(spec: LogsSpec): string {
  const patterns = [...spec.mustMatch, ...spec.mustNotMatch];
  return patterns.length === 0 ? '' : ` | grep -nP ${shellQuote(patterns.map((p) => `(${p})`).join('|'))}`;
}

interface LogLines {
  lines: TailLine[];
  /** `path:line` or the command, for evidence. */
  sourceOf: (line: TailLine) => string;
  replay: string;
}

async function readLog(spec: LogsSpec, ctx: CheckContext): Promise<LogLines | CheckOutcome> {
  const maxLines = spec.tail ?? (spec.since === undefined ? DEFAULT_TAIL : undefined);
  const sinceMs = spec.since === undefined ? undefined : parseDuration(spec.since);
  const since = sinceMs === undefined ? undefined : new Date(ctx.now().getTime() - sinceMs);
  const options = { ...(maxLines === undefined ? {} : { maxLines }), ...(since ? { since } : {}) };

  if (spec.path !== undefined) {
    const file = planPath(ctx, spec.path);
    const shown = shownPath(ctx.baseDir, file);
    if (!existsSync(file)) {
      return { status: 'fail', summary: `log file not found: ${shown}`, evidence: [], replay: `ls -la -- ${shellQuote(file)}`, bucket: 'weak-observability' };
    }
    const lines = await readTail(file, { ...options, signal: ctx.signal });
    return {
      lines,
      sourceOf: (l) => (l.line === undefined ? shown : `${shown}:${l.line}`),
      replay: inDirectory(ctx.baseDir, `tail -n ${maxLines ?? Math.max(1, lines.length)} -- ${shellQuote(spec.path)}${grepOf(spec)}`),
    };
  }

  const argv = spec.argv!;
  const command = shellJoin(argv);
  const replay = inDirectory(ctx.baseDir, `${command} 2>&1 | tail -n ${maxLines ?? DEFAULT_TAIL}${grepOf(spec)}`);
  const deadline = ownDeadlineMs(ctx.timeoutMs);
  const result = await runProcess(argv, { cwd: ctx.baseDir, env: ctx.env, signal: ctx.signal, timeoutMs: deadline });
  if (result.notStarted || result.timedOut || result.exitCode !== 0) {
    const source = `$ ${command}`;
    const time = ctx.now().toISOString();
    const tail = lastLines(result.output, 10);
    const why = result.notStarted ?? `${argv[0]} ${describeEnd(result, deadline)}${tail.length ? `: ${tail.at(-1)!.slice(0, 120)}` : ''}`;
    return { status: 'error', summary: `could not read the log: ${why}`, evidence: tail.map((text) => ({ text, source, time })), replay };
  }
  return { lines: selectLines(result.output, options), sourceOf: (l) => `$ ${command} (line ${l.line})`, replay };
}

async function runLogs(spec: LogsSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const read = await readLog(spec, ctx);
  if ('status' in read) return read;
  const { lines, sourceOf, replay } = read;
  const window = windowOf(spec);
  const evidenceOf = (l: TailLine): Evidence => ({
    text: l.text.length > 400 ? `${l.text.slice(0, 400)}…` : l.text,
    source: sourceOf(l),
    ...(l.time ? { time: l.time.toISOString() } : {}),
  });

  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let missing = false;
  for (const pattern of spec.mustMatch) {
    const re = new RegExp(pattern);
    const hits = lines.filter((l) => re.test(l.text));
    if (hits.length === 0) {
      missing = true;
      problems.push(`no line matches /${pattern}/ in ${window}`);
    } else evidence.push(...hits.slice(0, SHOWN_PER_PATTERN).map(evidenceOf));
  }
  for (const pattern of spec.mustNotMatch) {
    const re = new RegExp(pattern);
    const hits = lines.filter((l) => re.test(l.text));
    if (hits.length > 0) {
      problems.push(`/${pattern}/ appears ${hits.length} time${hits.length === 1 ? '' : 's'}: ${hits.at(-1)!.text.trim().slice(0, 120)}`);
      evidence.push(...hits.slice(-SHOWN_FORBIDDEN).map(evidenceOf));
    }
  }
  const patterns = spec.mustMatch.length + spec.mustNotMatch.length;
  if (patterns === 0) evidence.push(...lines.slice(-5).map(evidenceOf));

  if (problems.length > 0) {
    return {
      status: 'fail',
      summary: problems.join('; '),
      evidence,
      replay,
      ...(missing && problems.length === 1 ? { bucket: 'weak-observability' as const } : {}),
    };
  }
  const seen = `${lines.length} line${lines.length === 1 ? '' : 's'} read (${window})`;
  const last = lines.at(-1)?.time;
  const summary =
    patterns === 0
      ? `${seen}${last ? `, last at ${last.toISOString()}` : ''}`
      : `${seen}: ${spec.mustMatch.length ? 'every expected pattern seen' : ''}${spec.mustMatch.length && spec.mustNotMatch.length ? ', ' : ''}${spec.mustNotMatch.length ? 'no forbidden pattern' : ''}`;
  return { status: 'pass', summary, evidence, replay };
}

export const logsKind: CheckKind<LogsSpec, typeof logsSpec> = {
  kind: 'logs',
  schema: logsSpec,
  create(spec, step, index) {
    const what = spec.path ?? `$ ${shellJoin(spec.argv ?? [])}`;
    return { ...checkIdentity(spec, step, index, `Logs ${what}`), run: (ctx) => runLogs(spec, ctx) };
  },
};
