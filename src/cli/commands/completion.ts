import { UsageError } from '../args';
import { EXIT, type Command, type CommandEntry } from '../command';
import { bashScript } from '../completion/bash';
import { fishScript } from '../completion/fish';
import { completionTable, type CompletionTable } from '../completion/table';
import { zshScript } from '../completion/zsh';

const SHELLS: Record<string, (table: CompletionTable) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** The completion command over `commands`, the list it is itself in (commands/index.ts hands it over). */
export const completionCommand = (commands: readonly CommandEntry[]): Command => ({
  name: 'completion',
  usage: 'triage completion bash|zsh|fish',
  subcommands: Object.keys(SHELLS),
  flags: [],
  help: `Prints a completion script for the shell, generated from the table this help is printed
from: commands, subcommands, flags, the values of --format and --to, paths where a flag or
command takes one, and kube contexts and namespaces read from the kubeconfig (no API call).
  bash   source <(triage completion bash)             e.g. in ~/.bashrc
  zsh    source <(triage completion zsh)              in ~/.zshrc, after compinit
  fish   triage completion fish | source              e.g. in ~/.config/fish/config.fish
The same script completes kubectl-triage. \`kubectl triage …\` is completed by kubectl's own
completion (kubectl ≥ 1.26), which asks the installed kubectl_complete-triage.`,
  async run(args, io) {
    const [shell, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const script = shell === undefined ? undefined : SHELLS[shell];
    if (!script) throw new UsageError(shell ? `no completion for "${shell}" (bash, zsh, fish)` : 'name the shell: bash, zsh or fish');
    io.stdout.write(script(await completionTable(commands)));
    return EXIT.ok;
  },
});
