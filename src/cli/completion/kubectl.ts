// kubectl's plugin completion (kubectl ≥ 1.26): for `kubectl triage ARGS… WORD<TAB>` kubectl runs
// `kubectl_complete-triage ARGS… WORD` and reads one completion per line (`value<TAB>description`),
// then `:N`, cobra's directive for the shell. The same table the scripts are generated from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FlagSpec, ValueKind } from '../args';
import { COMMANDS } from '../commands';
import { completionTable, valueFlagWords, type CompletedCommand, type CompletionTable } from './table';

/** Cobra's ShellCompDirective bits that matter here. */
const DIRECTIVE = { files: 0, noFiles: 4, dirs: 16 } as const;

interface Offer {
  value: string;
  description?: string;
}

/** Lookups that cost no API call: kubectl reads the kubeconfig; investigations are file names. */
function lookup(kind: Exclude<ValueKind, 'files' | 'dirs'>, cwd: string): string[] {
  if (kind === 'investigations') {
    const dir = join(cwd, '.triage', 'investigations');
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ndjson'))
          .map((f) => f.slice(0, -'.ndjson'.length))
      : [];
  }
  const args =
    kind === 'contexts' ? ['config', 'get-contexts', '-o', 'name'] : ['config', 'view', '-o', 'jsonpath={range .contexts[*]}{.context.namespace}{"\\n"}{end}'];
  try {
    const out = execFileSync('kubectl', args, { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return [...new Set(out.split('\n').filter(Boolean))].sort();
  } catch {
    return [];
  }
}

function flagOffers(flags: readonly FlagSpec[]): Offer[] {
  return flags.flatMap((f) => [
    { value: `--${f.name}`, description: f.description },
    ...(f.short ? [{ value: `-${f.short}`, description: f.description }] : []),
  ]);
}

function findFlag(word: string, flags: readonly FlagSpec[]): FlagSpec | undefined {
  return flags.find((f) => word === `--${f.name}` || (f.short !== undefined && word === `-${f.short}`));
}

function valueOffers(flag: FlagSpec, cwd: string): { offers: Offer[]; directive: number } {
  if (flag.choices) return { offers: flag.choices.map((value) => ({ value })), directive: DIRECTIVE.noFiles };
  if (flag.complete === 'files') return { offers: [], directive: DIRECTIVE.files };
  if (flag.complete === 'dirs') return { offers: [], directive: DIRECTIVE.dirs };
  if (flag.complete) return { offers: lookup(flag.complete, cwd).map((value) => ({ value })), directive: DIRECTIVE.noFiles };
  return { offers: [], directive: DIRECTIVE.noFiles };
}

/** The completions for `words` (the last is the one being completed), as kubectl reads them. */
function kubectlCompletions(table: CompletionTable, words: readonly string[], cwd: string): string {
  const before = words.slice(0, -1);
  let current = words.at(-1) ?? '';
  const valueFlags = new Set(valueFlagWords(table));
  let command: CompletedCommand | undefined;
  let sub: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    if (valueFlags.has(word)) i++;
    else if (word.startsWith('-')) continue;
    else if (!command) command = table.commands.find((c) => c.name === word);
    else sub ??= word;
  }
  const flags = [...(command?.flags ?? []), ...table.globalFlags];
  let prefix = '';
  let previous = before.at(-1);
  const equals = /^(--[^=]+)=(.*)$/.exec(current);
  if (equals) {
    previous = equals[1];
    prefix = `${equals[1]}=`;
    current = equals[2]!;
  }
  let result: { offers: Offer[]; directive: number };
  const flag = previous !== undefined && valueFlags.has(previous) ? findFlag(previous, flags) : undefined;
  if (flag) result = valueOffers(flag, cwd);
  else if (current.startsWith('-')) result = { offers: flagOffers(flags), directive: DIRECTIVE.noFiles };
  else if (!command) result = { offers: table.commands.map((c) => ({ value: c.name, description: c.summary })), directive: DIRECTIVE.noFiles };
  else if (command.subcommands.length && sub === undefined) result = { offers: command.subcommands.map((value) => ({ value })), directive: DIRECTIVE.noFiles };
  else result = { offers: [], directive: command.operands === 'files' ? DIRECTIVE.files : command.operands === 'dirs' ? DIRECTIVE.dirs : DIRECTIVE.noFiles };
  const lines = result.offers.filter((o) => o.value.startsWith(current)).map((o) => `${prefix}${o.value}${o.description ? `\t${o.description}` : ''}`);
  return `${[...lines, `:${result.directive}`].join('\n')}\n`;
}

/** The entry of `kubectl_complete-triage` (bin/kubectl-complete.ts). */
export async function runKubectlCompletion(argv: readonly string[], stdout: NodeJS.WritableStream, cwd: string): Promise<void> {
  stdout.write(kubectlCompletions(await completionTable(COMMANDS), argv.length ? argv : [''], cwd));
}
