import type { FlagSpec, ParsedArgs } from './args';

/** Where a command writes; tests pass their own. `src/cli` is the only layer that sees these. */
export interface Io {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** True when stdout is a terminal a workbench can draw on. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes of DESIGN section 4. */
export const EXIT = { ok: 0, found: 1, usage: 2, unreachable: 3 } as const;

/** One CLI command: its own module under `src/cli/commands/`, loaded only when used. */
export interface Command {
  name: string;
  /** The usage line, e.g. `triage scan PATH... [--format text|json]`. */
  usage: string;
  /** Flags beyond the global ones. */
  flags: FlagSpec[];
  /** Extra help text: subcommands, examples. */
  help?: string;
  run(args: ParsedArgs, io: Io): Promise<number>;
}
