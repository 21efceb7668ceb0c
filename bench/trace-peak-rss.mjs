// Preloaded into the benchmarked `triage trace` (node --import): prints the process's
// peak resident set size and CPU time (user + system) to stderr as it exits, where the
// benchmark reads them.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\ntriage-bench-peak-rss-kib ${usage.maxRSS}\ntriage-bench-cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
