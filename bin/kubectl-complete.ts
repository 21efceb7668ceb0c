// The bundle's second entry: kubectl's plugin completion runs `kubectl_complete-triage ARGS… WORD`.
// It sets V8's regex flags as the CLI's entry does (bin/entry.ts), before anything else is
// evaluated: the libraries' code cache (bin/vendor-load.ts) is only reused under the flags it
// was made with, and the two entries share it.
import { useLinearRegexFallback } from '../src/pattern/linear-engine';

useLinearRegexFallback();
const { runKubectlCompletion } = await import('../src/cli/completion/kubectl');
await runKubectlCompletion(process.argv.slice(2), process.stdout, process.cwd());
