// node bench/junit-large.mjs [BIN] — `triage diff` and `triage scan` on a ~100 MB JUnit report
// (40 suites × 1000 cases, system-out on every case, 8% failing with stack traces, entities
// and CDATA as real reports have them). Prints wall time and peak RSS of each whole process
// (GNU time); asserts nothing. BIN defaults to this tree's bin/triage.js (run `npm run build`).
// BENCH_JUNIT_MIB sets the size (default 100). Deletes its files at the end.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = resolve(process.argv[2] ?? join(root, 'bin/triage.js'));
const TARGET = Number(process.env.BENCH_JUNIT_MIB ?? 100) * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'triage-bench-junit-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function stack(i) {
  const frames = [];
  for (let f = 0; f < 30; f++) frames.push(`    at Object.<anonymous> (/app/src/orders/checkout-${f}.spec.ts:${10 + f}:${i % 80})`);
  return `AssertionError: expected status "PAID" but got "PENDING" for order ord_${i}\n${frames.join('\n')}`;
}

function output(i, suite) {
  const lines = [];
  for (let l = 0; l < 14; l++) {
    lines.push(
      `2026-11-22T10:${String(l).padStart(2, '0')}:0${l % 10}.123Z INFO [${suite}] request ${i}-${l} trace_id=4bf92f3577b34da6a3ce929d0e0e${String(i % 10000).padStart(4, '0')} took ${l * 7}ms`,
    );
  }
  if (i % 50 === 0) lines.push(`2026-11-22T10:15:00.000Z ERROR connection refused: dial tcp 10.0.0.${i % 250}:5432: connect: connection refused`);
  return lines.join('\n');
}

/** Writes a report of about TARGET bytes; `failEvery` sets which cases fail. */
function writeReport(file, failEvery, shift) {
  const fd = openSync(file, 'w');
  let bytes = 0;
  const put = (s) => (bytes += writeSync(fd, s));
  put('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="e2e">\n');
  let i = 0;
  for (let s = 0; bytes < TARGET; s++) {
    const suite = `checkout.suite${s}`;
    put(
      `  <testsuite name="${suite}" timestamp="2026-11-22T10:00:00Z" tests="1000">\n    <properties><property name="commit" value="9f3c2e1b7a5d4c3e2f1a0b9c8d7e6f5a4b3c2d1e"/></properties>\n`,
    );
    for (let c = 0; c < 1000 && bytes < TARGET; c++, i++) {
      const failing = (i + shift) % failEvery === 0;
      put(`    <testcase name="pays order ${i} &amp; confirms" classname="${suite}" time="${(i % 97) / 10}">\n`);
      if (failing)
        put(`      <failure message="${esc(`expected status "PAID" but got "PENDING" for ord_${i}`)}" type="AssertionError">${esc(stack(i))}</failure>\n`);
      if (i % 3 === 0) put(`      <system-out><![CDATA[${output(i, suite)}]]></system-out>\n`);
      else put(`      <system-out>${esc(output(i, suite))}</system-out>\n`);
      put('    </testcase>\n');
    }
    put('  </testsuite>\n');
  }
  put('</testsuites>\n');
  closeSync(fd);
  return bytes;
}

const base = join(dir, 'base.xml');
const current = join(dir, 'current.xml');
writeReport(base, 13, 0);
writeReport(current, 12, 5);
const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };

function measure(label, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %M', process.execPath, bin, ...args], {
    encoding: 'utf8',
    env,
    cwd: dir,
    maxBuffer: 1 << 30,
    timeout: 10 * 60_000,
  });
  const [seconds, user, kib] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const lastErr = r.stderr.trim().split('\n').slice(0, -1).at(-1) ?? '';
  console.log(
    `${label.padEnd(6)} exit ${r.status}  ${seconds.toFixed(1)} s (cpu ${user.toFixed(1)} s)  peak RSS ${Math.round(kib / 1024)} MB  stdout ${(r.stdout.length / 1024).toFixed(0)} KB${lastErr ? `  stderr: ${lastErr.slice(0, 100)}` : ''}`,
  );
}

console.log(`${bin}\nreports: ${(statSync(base).size / 1e6).toFixed(0)} MB and ${(statSync(current).size / 1e6).toFixed(0)} MB`);
measure('diff', ['diff', base, current]);
measure('scan', ['scan', current]);
