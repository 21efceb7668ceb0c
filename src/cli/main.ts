import pkg from '../../package.json' with { type: 'json' };
import { GLOBAL_FLAGS, UsageError, flagRows, helpText, parseArgs } from './args';
import { requestTimeoutOf } from './request-timeout';
import { EXIT, type Io } from './command';
import { COMMANDS, findCommand } from './commands';
import { InputError, NoTargetError } from '../errors';
import { redactingIo } from './output';
import { recordFrames } from './frame-log';

function globalHelp(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n');
  const flags = flagRows(GLOBAL_FLAGS);
  return `triage ${pkg.version}: a terminal workbench for E2E, smoke and regression triage

Usage: triage [COMMAND] [flags]

Commands:
${rows}

Global flags:
${flags}

Exit codes: 0 nothing failed; 1 a check failed or a signature matched; 2 bad usage or input;
3 the system under investigation could not be reached.
Run \`triage COMMAND --help\` for a command's flags.
`;
}

/** Runs one command line; everything it prints passes the redacting writers (src/cli/output.ts). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const guarded = redactingIo(io);
  try {
    return await dispatch(argv, guarded);
  } finally {
    guarded.flush();
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const first = argv[0];
  const entry = first !== undefined && !first.startsWith('-') ? findCommand(first) : undefined;
  if (first !== undefined && !first.startsWith('-') && !entry) {
    io.stderr.write(`triage: unknown command "${first}"; see \`triage --help\`\n`);
    return EXIT.usage;
  }
  const rest = entry ? argv.slice(1) : argv;
  if (!entry && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout.write(globalHelp());
    return EXIT.ok;
  }
  if (rest.includes('--version')) {
    io.stdout.write(`triage ${pkg.version}\n`);
    return EXIT.ok;
  }
  const command = await (entry ?? findCommand('open')!).load();
  const specs = [...GLOBAL_FLAGS, ...command.flags];
  try {
    const args = parseArgs(rest, specs);
    // A bad duration is bad usage for every command, whether or not it reaches a cluster.
    requestTimeoutOf(args);
    if (args.flags.help) {
      io.stdout.write(helpText(command.usage, (entry ?? findCommand('open')!).summary, command.flags, command.help));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`triage ${command.name}: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`triage: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof NoTargetError) {
      io.stderr.write(`triage ${command.name}: ${oneLine(error.message)}\n`);
      return EXIT.unreachable;
    }
    throw error;
  }
}

/** A message on one line: whatever a library put in it, stderr gets one line per problem. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The line a bug in triage prints: what went wrong, never a stack (a CI log shows one line
 * a person can search for). TRIAGE_DEBUG=1 adds the stack for whoever fixes it.
 */
function internalErrorText(error: unknown, env: NodeJS.ProcessEnv): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const line = `triage: internal error: ${oneLine(message)}`;
  if (env.TRIAGE_DEBUG === '1' && error instanceof Error && error.stack) return `${line}\n${error.stack}\n`;
  return `${line} (TRIAGE_DEBUG=1 shows where)\n`;
}

/** `main`, with any internal error turned into its one line and exit 70. */
export async function runMain(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    io.stderr.write(internalErrorText(error, io.env));
    return EXIT.internal;
  }
}

/** How long the process may linger after the command is done before it is ended anyway. */
const LINGER_MS = 3000;

/** Resolves once what was written to a stream has been handed to the system. */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const writable = stream as NodeJS.WriteStream;
    if (writable.destroyed || writable.writableEnded) return resolve();
    const timer = setTimeout(resolve, 1000);
    writable.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

let ending = false;

/** Write the one line, flush, and end the process with `code`, whatever still holds the event loop. */
async function endNow(code: number, line?: string): Promise<never> {
  if (!ending) {
    ending = true;
    if (line) process.stderr.write(line);
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  }
  process.exit(code);
}

/** The process entry, called by bin/triage.js. */
export async function runCli(loadViews?: Io['loadViews']): Promise<void> {
  // Errors no caller awaits (a timer, a stream, a promise nobody holds) end the process the
  // same way: one line, exit 70, never a stack or a process left hanging.
  const lastResort = (error: unknown) => void endNow(EXIT.internal, internalErrorText(error, process.env));
  process.on('uncaughtException', lastResort);
  process.on('unhandledRejection', lastResort);
  // Children lead their own process groups, so Ctrl-C in a terminal no longer reaches them:
  // a signal ends triage through its exit handlers, which end those groups. A command that
  // handles the signal itself (the workbench, capture, replay) is left to do so.
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(128 + number);
    });
  }
  // `triage ... | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    lastResort(error);
  });
  if (process.env.TRIAGE_FRAME_LOG && process.stdout.isTTY) recordFrames(process.stdout, process.env.TRIAGE_FRAME_LOG);
  if (process.env.TRIAGE_LOOP_STATS) (await import('./loop-stats')).recordLoopStats(process.env.TRIAGE_LOOP_STATS);
  const io: Io = {
    loadViews,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  const code = await runMain(process.argv.slice(2), io);
  process.exitCode = code;
  // After an internal error nothing that is still running can be trusted to finish.
  if (code === EXIT.internal) await endNow(code);
  // The command is done: a socket, worker or timer left open by mistake must not keep a CI
  // job waiting. Unref'd, so a clean exit does not wait for it.
  setTimeout(() => void endNow(code), LINGER_MS).unref();
}
