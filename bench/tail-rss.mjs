// The workbench's memory while it follows 50 pods: `triage open` in a real terminal (a private
// tmux server, 120x40) against bench/log-server.mjs (BENCH_PODS pods × BENCH_RATE lines/s,
// 50 × 20), the tail opened from the walk with `l` and `/app=x` Enter, then its resident set
// sampled every second for BENCH_SECONDS (180). Prints the RSS at the start of following, its
// peak and its last value, the lines the tail says it holds, and whether every pod's lines are
// on screen at some point. Asserts nothing; the issue's bound is 250 MB. Run with
// `npm run bench:tail-rss` (it builds first).
//
// What the RSS is made of (measured once with a full GC every 15 s): the live heap goes from 24
// to 27 MB in 135 s of the tail, and RSS then stays at 130-146 MB; the rest of the peak is
// garbage V8 has not collected yet, nearly all of it Ink's frames (each built cell by cell).
import './node-env.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PODS = Number(process.env.BENCH_PODS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const BOUND_MB = 250;
const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));
const SERVER = fileURLToPath(new URL('./log-server.mjs', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

const home = mkdtempSync(join(tmpdir(), 'triage-bench-tail-rss-'));
const kubeconfig = join(home, 'kubeconfig');
const socket = `triage-bench-rss-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
const screen = () => tmux('capture-pane', '-p', '-t', 'bench');

const server = spawn(process.execPath, [SERVER, '--pods', String(PODS), '--rate', String(RATE), '--kubeconfig', kubeconfig], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  server.stdout.setEncoding('utf8').on('data', (d) => d.includes('listening') && resolve());
  server.once('exit', (code) => reject(new Error(`log server exited ${code}`)));
});

/** Resident set of a process in MB, or undefined once it is gone. */
function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function until(predicate, what, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}; the screen:\n${s}`);
    await sleep(200);
  }
}

try {
  const env = `HOME=${quote(home)} KUBECONFIG=${quote(kubeconfig)} TERM=xterm-256color`;
  tmux(
    'new-session',
    '-d',
    '-s',
    'bench',
    '-x',
    '120',
    '-y',
    '40',
    `cd ${quote(home)} && exec env ${env} ${quote(process.execPath)} ${quote(TRIAGE)} open -n bench`,
  );
  const pid = Number(tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
  await until((s) => /7 Observability/.test(s), 'the workbench');
  await sleep(2000);
  tmux('send-keys', '-t', 'bench', 'l');
  await until((s) => s.includes('Logs: what to follow'), 'the log picker');
  tmux('send-keys', '-t', 'bench', '-l', '/app=x');
  await sleep(300);
  tmux('send-keys', '-t', 'bench', 'Enter');
  await until((s) => /Logs bench -l app=x/.test(s) && /\d+ streams/.test(s), 'the tail');
  const start = rssMb(pid);
  const samples = [];
  const podsSeen = new Set();
  let status = '';
  const t0 = Date.now();
  while (Date.now() - t0 < SECONDS * 1000) {
    await sleep(1000);
    const mb = rssMb(pid);
    if (mb === undefined) throw new Error('the workbench exited');
    samples.push(mb);
    const s = screen();
    // A row's label is the pod without what every pod's name shares (`x-`): `019/app`.
    for (const m of s.matchAll(/ (\d{3})\/app /g)) podsSeen.add(m[1]);
    status = /(\d[\d,]*) streams? · [^│]*/.exec(s)?.[0].trim() ?? status;
    const held = /Logs bench -l app=x\s+([\d,]+) lines/.exec(s)?.[1];
    if (held) status = `${held} lines held · ${status.replace(/^[\d,]+ lines held · /, '')}`;
  }
  const peak = Math.max(...samples);
  console.log(`${PODS} pods × ${RATE} lines/s followed in the workbench for ${SECONDS} s (120x40 tmux)`);
  console.log(
    `RSS    ${start.toFixed(0)} MB when following began, peak ${peak.toFixed(0)} MB, last ${samples.at(-1).toFixed(0)} MB (bound ${BOUND_MB} MB: ${peak <= BOUND_MB ? 'within' : 'over'})`,
  );
  const at = (sec) => samples[Math.min(samples.length, sec) - 1]?.toFixed(0);
  console.log(
    `trend  ${[30, 60, 90, 120, 150, 180]
      .filter((sec) => sec <= samples.length)
      .map((sec) => `${sec} s ${at(sec)} MB`)
      .join(', ')}`,
  );
  console.log(`tail   ${status}`);
  console.log(`pods   ${podsSeen.size}/${PODS} seen on screen`);
} finally {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  server.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
