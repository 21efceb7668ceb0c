// npm run bench:scan-small — `triage scan` on a 1 KB log (the whole process: start, the
// cached library, the scan, the report) beside `node -e 0` (issue 13: within 3x of bare
// Node). Runs interleaved, medians of wall time and of CPU time (user + sys, steadier than
// wall time on a shared machine). The caches (the library's, V8's code cache) live in the
// bench's own folder and are warmed by one untimed run. BENCH_BASELINE=DIR adds another
// checkout's build (DIR/bin/triage.js) as a third arm. Prints figures; asserts nothing.
import './node-env.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** Issue 13: a 1 KB scan within 3x of bare Node. */
const TARGET = 3;
const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));
const BASELINE = process.env.BENCH_BASELINE ? join(process.env.BENCH_BASELINE, 'bin', 'triage.js') : undefined;

const dir = mkdtempSync(join(tmpdir(), 'triage-bench-scan-small-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// About 1 KB of an ordinary service log, one line a signature names.
const lines = [];
for (let i = 0; lines.join('\n').length < 1000; i++) {
  lines.push(
    i === 7
      ? `2026-03-01T10:00:0${i % 10}Z ERROR orders: connect ECONNREFUSED 10.0.3.7:5432`
      : `2026-03-01T10:00:0${i % 10}Z INFO orders: request ${i} served in ${10 + i} ms`,
  );
}
const log = join(dir, 'small.log');
writeFileSync(log, lines.join('\n') + '\n');
const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };

/** Wall ms, and CPU ms (user + sys) as /usr/bin/time reports them. */
function run(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'TRIAGE-BENCH-CPU %U %S', ...argv], { encoding: 'utf8', env, cwd: dir, timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const cpu = /TRIAGE-BENCH-CPU (\S+) (\S+)\n?$/.exec(r.stderr);
  if (!cpu || (r.status !== 0 && r.status !== 1)) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return { ms, cpu: (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const arms = [
  ['node -e 0', ['node', '-e', '0']],
  ['triage scan (1 KB)', ['node', TRIAGE, 'scan', log]],
  ...(BASELINE ? [['baseline scan (1 KB)', ['node', BASELINE, 'scan', log]]] : []),
];
for (const [, argv] of arms) run(argv);
const results = arms.map(() => []);
for (let i = 0; i < RUNS; i++) arms.forEach(([, argv], a) => results[a].push(run(argv)));

const wall = results.map((rs) => median(rs.map((r) => r.ms)));
const cpu = results.map((rs) => median(rs.map((r) => r.cpu)));
const out = [`1 KB scan beside bare Node (${RUNS} runs each, interleaved; medians)`];
arms.forEach(([label], a) =>
  out.push(
    `  ${label.padEnd(22)} wall ${wall[a].toFixed(0).padStart(5)} ms   CPU ${cpu[a].toFixed(0).padStart(5)} ms   (${(wall[a] / wall[0]).toFixed(2)}x / ${(cpu[a] / cpu[0]).toFixed(2)}x node -e 0)`,
  ),
);
out.push(`  target: the scan's wall time at most ${TARGET}x node -e 0's`);
if (BASELINE) out.push(`  this / baseline        wall ${(wall[1] / wall[2]).toFixed(2)}x, CPU ${(cpu[1] / cpu[2]).toFixed(2)}x`);
process.stdout.write(out.join('\n') + '\n');
