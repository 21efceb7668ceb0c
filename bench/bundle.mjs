// `--bundle` read directly, against its floors, on a generated bundle (bench/bundle-gen.mjs):
// BENCH_PODS pods (5,000), 20,000 events, 200 pods with BENCH_LOG_LINES (5,000) log lines.
//   walk:   `triage run --bundle B` vs parsing every resource file once (JSON.parse, no triage)
//   small:  a walk of each of the fixtures' largest bundles vs `node -e 0`
//   trace:  `triage trace ID --bundle B` vs the same log files read as files (`--source dir:B/logs`)
// Wall time, CPU time (user + system, the process's threads) and peak RSS, medians of
// BENCH_RUNS (3) interleaved runs, printed as ratios to the floor. BENCH_BASE=path/to/other/bin/triage.js
// measures that build too, in the same runs (before/after). BENCH_CASES=walk,small,trace (all
// by default) runs only those. Asserts nothing. Run with `npm run bench:bundle` (it builds first).
import './node-env.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBundle, TRACE } from './bundle-gen.mjs';

const PODS = Number(process.env.BENCH_PODS ?? 5000);
const LOG_LINES = Number(process.env.BENCH_LOG_LINES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROBE = fileURLToPath(new URL('./trace-peak-rss.mjs', import.meta.url));
const builds = [['this', join(ROOT, 'bin/triage.js')], ...(process.env.BENCH_BASE ? [['base', process.env.BENCH_BASE]] : [])];
const SMALL = ['fixtures/demo-bundle', 'fixtures/incidents/expired-cert/bundle'];
const CASES = ['walk', 'small', 'trace'];
const chosen = (process.env.BENCH_CASES ?? CASES.join(',')).split(',').filter(Boolean);
for (const c of chosen) if (!CASES.includes(c)) throw new Error(`BENCH_CASES: unknown case ${c} (known: ${CASES.join(', ')})`);

/** Parse every resource file once: what any reader of the bundle must at least do. */
const FLOOR = `const fs=require('fs'),p=require('path');const d=p.join(process.argv[1],'resources');let n=0;for(const f of fs.readdirSync(d))n+=JSON.parse(fs.readFileSync(p.join(d,f),'utf8')).items.length;`;

function measure(args, cwd) {
  const started = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--import', PROBE, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = Number(/triage-bench-peak-rss-kib (\d+)/.exec(out.stderr)?.[1] ?? NaN) / 1024;
  const cpu = Number(/triage-bench-cpu-us (\d+)/.exec(out.stderr)?.[1] ?? NaN) / 1000;
  if (out.status !== 0 && out.status !== 1) throw new Error(`${args.join(' ')} exited ${out.status}: ${out.stderr.slice(-500)}`);
  return { ms, cpu, rss, stdout: out.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each case's runs interleaved with the others', so load on the machine falls on all alike. */
function bench(cases) {
  const samples = cases.map(() => []);
  for (let r = 0; r < RUNS; r++) cases.forEach((c, i) => samples[i].push(c.run()));
  const of = (i, key) => median(samples[i].map((s) => s[key]));
  return cases.map((c, i) => ({ name: c.name, ms: of(i, 'ms'), cpu: of(i, 'cpu'), rss: of(i, 'rss'), last: samples[i].at(-1) }));
}

function report(title, results) {
  const [floor, ...rest] = results;
  const figures = (r) => `${r.ms.toFixed(0).padStart(7)} ms ${r.cpu.toFixed(0).padStart(7)} ms CPU ${r.rss.toFixed(0).padStart(6)} MiB`;
  console.log(`\n${title}`);
  console.log(`  ${floor.name.padEnd(44)} ${figures(floor)}  (floor)`);
  for (const r of rest) {
    const ratio = (key) => (r[key] / floor[key]).toFixed(2);
    console.log(`  ${r.name.padEnd(44)} ${figures(r)}  ${ratio('ms')}× time, ${ratio('cpu')}× CPU, ${ratio('rss')}× RSS`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'triage-bench-bundle-'));
try {
  const bundle = join(work, 'bundle');
  const made = generateBundle(bundle, { pods: PODS, events: 20_000, logPods: 200, logLines: LOG_LINES });
  console.log(
    `bundle: ${made.pods} pods, ${made.events} events, ${made.logs} logs of ${LOG_LINES} lines (${(made.logBytes / 2 ** 20).toFixed(0)} MiB); node ${process.version}; medians of ${RUNS}`,
  );
  const cwd = mkdtempSync(join(work, 'walk-'));
  const walk = (bin) => () => measure([bin, 'run', '--bundle', bundle, '--format', 'json'], cwd);

  if (chosen.includes('walk'))
    report(
      `headless walk of the ${PODS}-pod bundle (triage run --bundle --format json)`,
      bench([
        { name: 'parse every resource file once', run: () => measure(['-e', FLOOR, bundle]) },
        ...builds.map(([name, bin]) => ({ name: `walk (${name})`, run: walk(bin) })),
      ]),
    );

  for (const small of chosen.includes('small') ? SMALL : []) {
    const dir = join(ROOT, small);
    report(
      `headless walk of ${small}`,
      bench([
        { name: 'node -e 0', run: () => measure(['-e', '0']) },
        ...builds.map(([name, bin]) => ({ name: `walk (${name})`, run: () => measure([bin, 'run', '--bundle', dir, '--format', 'json'], cwd) })),
      ]),
    );
  }

  if (chosen.includes('trace')) {
    const traced = bench([
      {
        name: `trace --source dir:logs (this)`,
        run: () => measure([builds[0][1], 'trace', TRACE, '--source', `dir:${join(bundle, 'logs')}`, '--format', 'json']),
      },
      ...builds.map(([name, bin]) => ({ name: `trace --bundle (${name})`, run: () => measure([bin, 'trace', TRACE, '--bundle', bundle, '--format', 'json']) })),
    ]);
    report(`trace ${TRACE} over ${made.logs * LOG_LINES} log lines`, traced);
    for (const t of traced) {
      const result = JSON.parse(t.last.stdout);
      console.log(`  ${t.name}: ${result.entries.length} entries, ${result.services.length} services`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
