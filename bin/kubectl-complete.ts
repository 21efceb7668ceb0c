// The bundle's second entry: kubectl's plugin completion runs `kubectl_complete-triage ARGS… WORD`.
import { runKubectlCompletion } from '../src/cli/completion/kubectl';

await runKubectlCompletion(process.argv.slice(2), process.stdout, process.cwd());
