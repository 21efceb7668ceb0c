// `triage trace` end to end on generated logs: SOURCES files × LINES lines, one trace id
// crossing 20 of them. Prints lines/s and peak RSS for two sizes (memory must not grow
// with the input). Asserts nothing. Run with `npm run bench:trace` (it builds first).
//   BENCH_SOURCES (50), BENCH_LINES (200000): the large size; the small one is a quarter.
import './node-env.mjs';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = Number(process.env.BENCH_SOURCES ?? 50);
const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const CROSSED = Math.min(20, SOURCES);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./trace-peak-rss.mjs', import.meta.url));
const START = Date.parse('2026-06-15T09:00:00Z');

const hex = (n) => (Math.imul(n, 2654435761) >>> 0).toString(16).padStart(8, '0');

/** One service's log: kubectl-prefixed JSON, logfmt or klog lines; the trace passes through the middle. */
function writeSource(dir, index, lines) {
  const fd = openSync(join(dir, `service-${String(index).padStart(2, '0')}.log`), 'w');
  const crossed = index < CROSSED;
  // The trace reaches service i at line `hop`, i.e. the services are crossed in index order.
  const hop = Math.floor(lines / 2) + index * 7;
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    const t = START + i * 10 + index;
    const id = crossed && i >= hop && i < hop + 3 ? TRACE : `${hex(i)}${hex(i + index)}${hex(i * 3)}${hex(i ^ index)}`;
    const iso = new Date(t).toISOString();
    switch (index % 3) {
      case 0:
        buffer += `${iso.slice(0, -1)}123456Z {"level":"info","msg":"request handled","path":"/api/items/${i}","status":200,"duration_ms":${i % 97},"trace_id":"${id}"}\n`;
        break;
      case 1:
        buffer += `ts=${iso} level=info msg="job step done" step=${i % 13} queue=payments.requests trace_id=${id} worker=w-${index}\n`;
        break;
      default:
        buffer += `I${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000    1 handler.go:${i % 400}] processed item=${i} trace=${id}\n`;
    }
    if (buffer.length > 1 << 22) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

function generate(lines) {
  const dir = mkdtempSync(join(tmpdir(), 'triage-bench-trace-'));
  for (let s = 0; s < SOURCES; s++) writeSource(dir, s, lines);
  return dir;
}

function run(dir, lines) {
  const started = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--import', PROBE, TRIAGE, 'trace', TRACE, '--source', `dir:${dir}`, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/triage-bench-peak-rss-kib (\d+)/.exec(out.stderr)?.[1] ?? NaN);
  if (!out.stdout) throw new Error(`triage trace printed nothing (exit ${out.status}): ${out.stderr}`);
  const result = JSON.parse(out.stdout);
  const total = SOURCES * lines;
  let bytes = 0;
  for (let s = 0; s < SOURCES; s++) bytes += statSync(join(dir, `service-${String(s).padStart(2, '0')}.log`)).size;
  return { total, bytes, seconds, rss, exit: out.status, entries: result.entries.length, services: result.services.length };
}

const sizes = [Math.floor(LINES / 4), LINES];
console.log(`triage trace: ${SOURCES} sources, the trace crossing ${CROSSED} of them (node ${process.version})`);
for (const lines of sizes) {
  const dir = generate(lines);
  try {
    const r = run(dir, lines);
    console.log(
      `${String(r.total.toLocaleString('en')).padStart(11)} lines (${(r.bytes / 2 ** 20).toFixed(0)} MiB): ` +
        `${r.seconds.toFixed(2)} s, ${Math.round(r.total / r.seconds).toLocaleString('en')} lines/s, ` +
        `${(r.bytes / 2 ** 20 / r.seconds).toFixed(0)} MiB/s, peak RSS ${(r.rss / 1024).toFixed(0)} MiB ` +
        `(${r.entries} entries, ${r.services} services, exit ${r.exit})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
