// Preloaded into the benchmarked `triage trace` (node --import): prints the process's
// peak resident set size to stderr as it exits, where the benchmark reads it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\ntriage-bench-peak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
