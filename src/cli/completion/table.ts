import { GLOBAL_FLAGS, type FlagSpec } from '../args';
import type { CommandEntry } from '../command';

/** One command as completion sees it: what `triage COMMAND --help` shows, plus what its arguments are. */
export interface CompletedCommand {
  name: string;
  summary: string;
  flags: FlagSpec[];
  subcommands: readonly string[];
  operands?: 'files' | 'dirs';
}

/** The whole command line as the shells complete it: the table `--help` is printed from. */
export interface CompletionTable {
  program: string;
  /** Other names the same binary runs under (the kubectl plugin's executable). */
  aliases: string[];
  commands: CompletedCommand[];
  globalFlags: FlagSpec[];
}

/**
 * Every command's module is loaded: a completion script is generated once, when a shell sets up.
 * The list is handed in: the completion command is itself one of the commands it completes.
 */
export async function completionTable(entries: readonly CommandEntry[]): Promise<CompletionTable> {
  const commands = await Promise.all(
    entries.map(async (entry) => {
      const command = await entry.load();
      return {
        name: entry.name,
        summary: entry.summary,
        flags: command.flags,
        subcommands: command.subcommands ?? [],
        ...(command.operands ? { operands: command.operands } : {}),
      };
    }),
  );
  return { program: 'triage', aliases: ['kubectl-triage'], commands, globalFlags: GLOBAL_FLAGS };
}

/** Flags that take a value, by every spelling (`--context`, `-n`): the word after one is its value, not a command. */
export function valueFlagWords(table: CompletionTable): string[] {
  const words = new Set<string>();
  for (const flag of [...table.globalFlags, ...table.commands.flatMap((c) => c.flags)]) {
    if (flag.type === 'boolean') continue;
    words.add(`--${flag.name}`);
    if (flag.short) words.add(`-${flag.short}`);
  }
  return [...words].sort();
}

/** `text` as one single-quoted word of bash or zsh (a backslash is literal there). */
export function shQuoted(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** `text` as one single-quoted word of fish, where a backslash escapes a quote or a backslash. */
export function fishQuoted(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The kubeconfig's context names and the namespaces its contexts name: no API call, so cheap on every TAB. */
export const KUBE_LOOKUPS = {
  contexts: 'kubectl config get-contexts -o name 2>/dev/null',
  namespaces: `kubectl config view -o 'jsonpath={range .contexts[*]}{.context.namespace}{"\\n"}{end}' 2>/dev/null | sort -u`,
} as const;

/** `--name` and `-n`: how a flag can be spelled on the command line. */
export function spellings(flag: FlagSpec): string[] {
  return [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])];
}

/**
 * The shell `case` arms that complete flag values — one per value flag of each command
 * (`run --plan`), then the global ones matched anywhere on the line — in the shell's own
 * words, which `valueCase` writes.
 */
export function valueCaseArms(table: CompletionTable, valueCase: (pattern: string, flag: FlagSpec) => string): string[] {
  const own = table.commands.flatMap((c) =>
    c.flags
      .filter((f) => f.type !== 'boolean')
      .map((f) =>
        valueCase(
          spellings(f)
            .map((s) => shQuoted(`${c.name} ${s}`))
            .join('|'),
          f,
        ),
      ),
  );
  const global = table.globalFlags
    .filter((f) => f.type !== 'boolean')
    .map((f) =>
      valueCase(
        spellings(f)
          .map((s) => `*${shQuoted(` ${s}`)}`)
          .join('|'),
        f,
      ),
    );
  return [...own, ...global];
}
