import type { FlagSpec, ParsedArgs } from './args';
import type { Workbench } from '../workbench/session';
import type { OutputRedaction } from './output';

/**
 * What the CLI needs from the Ink views. The views implement it and the entry in `bin/`
 * hands it in, so `src/` never imports `views/`.
 */
export interface WorkbenchViews {
  /** Draws the workbench until the person quits. */
  runWorkbench(workbench: Workbench, options?: { title?: string; onFrame?: (ms: number) => void }): Promise<void>;
  /** Asks whether to resume an open investigation. */
  /** true resume, false start afresh, undefined: Ctrl-C at the question, quit. */
  askResume(candidate: { id: string; title: string; updatedAt?: string }): Promise<boolean | undefined>;
}

/** Where a command writes; tests pass their own. `src/cli` is the only layer that sees these. */
export interface Io {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** True when stdout is a terminal a workbench can draw on. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * What stdout and stderr redact with (main() puts both behind it); a command that loads a
   * plan adds the plan's rules, and one that cuts text redacts with it before cutting.
   */
  redaction?: OutputRedaction;
  /** Loads the Ink views on demand (they cost startup time); absent where nothing may draw. */
  loadViews?: () => Promise<WorkbenchViews>;
}

/** Exit codes of DESIGN section 4; 70 (EX_SOFTWARE) is a bug in triage, never the input's fault. */
export const EXIT = { ok: 0, found: 1, usage: 2, unreachable: 3, internal: 70 } as const;

/** One CLI command: its own module under `src/cli/commands/`, loaded only when used. */
export interface Command {
  name: string;
  /** The usage line, e.g. `triage scan PATH... [--format text|json]`. */
  usage: string;
  /** Flags beyond the global ones. */
  flags: FlagSpec[];
  /** Extra help text: subcommands, examples. */
  help?: string;
  /** Its subcommands (`note render|export`), for completion. */
  subcommands?: readonly string[];
  /** What its positional arguments are, for completion; absent: nothing to offer. */
  operands?: 'files' | 'dirs';
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** A command in the list (commands/index.ts): what `--help` prints before its module is loaded. */
export interface CommandEntry {
  name: string;
  /** One line for `triage --help`. */
  summary: string;
  /** Each command is its own chunk, loaded when used: startup stays small. */
  load: () => Promise<Command>;
}
