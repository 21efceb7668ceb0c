import pkg from '../../package.json' with { type: 'json' };
import { GLOBAL_FLAGS, UsageError, flagRows, helpText, parseArgs } from './args';
import { EXIT, type Io } from './command';
import { COMMANDS, findCommand } from './commands';
import { InputError } from '../errors';
import { redactingIo } from './output';

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
    if (args.flags.help) {
      io.stdout.write(helpText(command.usage, (entry ?? findCommand('open')!).summary, command.flags, command.help));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`triage ${command.name}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`triage: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The process entry, called by bin/triage.js. */
export async function runCli(loadViews?: Io['loadViews']): Promise<void> {
  // `triage ... | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: Io = {
    loadViews,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await main(process.argv.slice(2), io);
  } catch (error) {
    process.stderr.write(`triage: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  }
}
