// Safety net behind the linearity rules (linear.ts): V8 switches a regex to its
// linear-time engine when it backtracks too much. The rules keep every accepted pattern
// inside that engine's subset (no backreferences, lookaround, `i`/`u` flags or large
// counted repeats). The flags are the process's, so they are set once by each entry (the
// CLI's, a scan worker's, the tests' setup file), never as a side effect of an import.
import { setFlagsFromString } from 'node:v8';

let set = false;

export function useLinearRegexFallback(): void {
  if (set) return;
  set = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString('--regexp-backtracks-before-fallback=20000');
}
