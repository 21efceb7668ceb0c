import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { checkIdentity, checkSpecBase, ownDeadlineMs, regexText } from '../spec';
import { describeEnd, judgeOutput, lastLines, runProcess } from '../process';
import { inDirectory, shellJoin } from '../shell';
import { planPath } from '../paths';
import type { CheckContext, CheckKind } from '../types';

export const commandSpec = checkSpecBase
  .extend({
    kind: z.literal('command'),
    /** argv, run without a shell. */
    argv: z.array(z.string()).min(1),
    /** Working directory, relative to the plan's directory (default: the plan's directory). */
    cwd: z.string().optional(),
    expectExit: z.number().int().default(0),
    /** A regex stdout+stderr must match. */
    outputMatches: regexText.optional(),
    /** A regex stdout+stderr must not match. */
    outputMustNotMatch: regexText.optional(),
  })
  .strict();
export type CommandSpec = z.infer<typeof commandSpec>;

/** How many output lines a result keeps as evidence. */
const TAIL_LINES = 15;

async function runCommand(spec: CommandSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const cwd = planPath(ctx, spec.cwd);
  const replay = inDirectory(cwd, shellJoin(spec.argv));
  const deadline = ownDeadlineMs(ctx.timeoutMs);
  const result = await runProcess(spec.argv, { cwd, env: ctx.env, signal: ctx.signal, timeoutMs: deadline });
  const source = `$ ${shellJoin(spec.argv)}`;
  const time = ctx.now().toISOString();
  const evidence: Evidence[] = lastLines(result.output, TAIL_LINES).map((text) => ({ text, source, time }));
  const end = describeEnd(result, deadline);
  const name = spec.argv[0]!;
  if (result.notStarted || result.timedOut) {
    return { status: 'error', summary: result.notStarted ?? `${name} ${end}`, evidence, replay };
  }
  return { ...judgeOutput(spec, result, name, end, evidence.at(-1)?.text), evidence, replay };
}

export const commandKind: CheckKind<CommandSpec, typeof commandSpec> = {
  kind: 'command',
  schema: commandSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, `$ ${shellJoin(spec.argv)}`), run: (ctx) => runCommand(spec, ctx) };
  },
};
