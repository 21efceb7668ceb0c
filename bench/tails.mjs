// Tails that keep up: BENCH_PODS pods (50) writing BENCH_RATE lines/s each (20) on a loopback
// API (bench/log-server.mjs, its own process). Counts the lines triage's tail engine (LogTail
// over the live client, from source) delivers in BENCH_SECONDS (10) once every pod has
// delivered (or 15 s passed), and from how many pods; then the same for `kubectl logs -f -l app=x --prefix
// --max-log-requests=50` through a kubeconfig. BENCH_ROUNDS (3) pairs, the order swapped each
// round (a loaded machine slows both alike); prints each round, the median ratio, what the
// server wrote in each window (offered), each client's CPU ms per 1,000 lines, and the engine's
// mean ms per flush. BENCH_DRIFT=1 runs the server's old one-line-per-tick timer. Asserts
// nothing. Run with `npm run bench:tails`.
import './node-env.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importEngine } from '../scripts/engine-import.mjs';

const PODS = Number(process.env.BENCH_PODS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DRIFT = process.env.BENCH_DRIFT === '1';
/** Counting starts once every pod has delivered a line (kubectl opens its follows at 5 a second), or after this. */
const WARMUP_MS = 15_000;
const SERVER = fileURLToPath(new URL('./log-server.mjs', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { LogTail, clusterOf } = await importEngine({ 'src/kube/tail': ['LogTail'], 'src/kube/access': ['clusterOf'] });

const home = mkdtempSync(join(tmpdir(), 'triage-bench-tails-'));
const kubeconfig = join(home, 'kubeconfig');
const server = spawn(process.execPath, [SERVER, '--pods', String(PODS), '--rate', String(RATE), '--kubeconfig', kubeconfig, ...(DRIFT ? ['--drift'] : [])], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const serverUrl = await new Promise((resolve, reject) => {
  server.stdout.setEncoding('utf8').on('data', (d) => d.includes('listening') && resolve(/listening (\S+)/.exec(d)[1]));
  server.once('exit', (code) => reject(new Error(`log server exited ${code}`)));
});
/** Lines the server has written, to every follow. */
const served = async () => (await (await fetch(`${serverUrl}/stats`)).json()).sent;

/** CPU ms a process has used: this one's, or another's from /proc (clock ticks of 10 ms). */
function cpuMs(pid) {
  if (pid === undefined) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Lines and pods counted only inside the measured window. The window runs from one delivery
 * (a flush, a read of kubectl's output) to another, and counts the lines of the deliveries after
 * the first up to the last: a client that hands lines over in batches is not counted a batch
 * short or long for where the window's edges fell among them.
 */
function window(pid) {
  let phase = 'warming';
  let lines = 0;
  let opened = 0;
  let closed = 0;
  let closing;
  const pods = new Set();
  const warming = new Set();
  return {
    /** One delivery: the pod of each line it brought. */
    deliver(linePods) {
      if (!linePods.length) return;
      for (const pod of linePods) warming.add(pod);
      if (phase === 'opening') {
        phase = 'open';
        opened = performance.now();
      } else if (phase === 'open' || phase === 'closing') {
        lines += linePods.length;
        for (const pod of linePods) pods.add(pod);
        if (phase === 'closing') {
          phase = 'done';
          closed = performance.now();
          closing();
        }
      }
    },
    async measure() {
      const warmUntil = Date.now() + WARMUP_MS;
      while (warming.size < PODS && Date.now() < warmUntil) await sleep(50);
      await sleep(500);
      const sent0 = await served();
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      phase = 'opening';
      await sleep(SECONDS * 1000);
      await new Promise((resolve) => {
        closing = resolve;
        phase = 'closing';
      });
      const cpu = cpuMs(pid) - cpu0;
      const offered = ((await served()) - sent0) / ((performance.now() - t0) / 1000);
      const s = (closed - opened) / 1000;
      return { linesPerSecond: lines / s, pods: pods.size, offered, cpuPer1k: lines ? (cpu / lines) * 1000 : 0 };
    },
  };
}

async function triage() {
  const cluster = clusterOf({ kubeconfig }, { env: {}, cwd: home });
  const w = window();
  let flushes = 0;
  let flushMs = 0;
  const tail = new LogTail(
    cluster,
    { namespace: 'bench', selector: 'app=x' },
    {
      tailLines: 0,
      onBatch: (batch) => {
        w.deliver(batch.map((line) => line.pod));
      },
    },
  );
  // The flush's own cost (sort, merge, snapshot), timed around the engine's method.
  const flush = tail.flush.bind(tail);
  tail.flush = () => {
    const t = performance.now();
    flush();
    flushMs += performance.now() - t;
    flushes++;
  };
  await tail.start();
  const result = await w.measure();
  tail.stop();
  await cluster.close?.();
  return { ...result, msPerFlush: flushes ? flushMs / flushes : 0, retained: tail.snapshot().lines.length };
}

async function kubectl() {
  const child = spawn(
    'kubectl',
    ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), 'logs', '-f', '-l', 'app=x', '--prefix', `--max-log-requests=${PODS}`, '--tail=0'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { HOME: home, PATH: process.env.PATH ?? '' },
    },
  );
  const w = window(child.pid);
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    const text = partial + d;
    const cut = text.lastIndexOf('\n');
    partial = text.slice(cut + 1);
    if (cut < 0) return;
    w.deliver(
      text
        .slice(0, cut)
        .split('\n')
        .map((line) => /^\[pod\/([^/]+)\//.exec(line)?.[1] ?? '?'),
    );
  });
  const result = await w.measure();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return result;
}

const fmt = (r) =>
  `${r.linesPerSecond.toFixed(0).padStart(6)} lines/s from ${r.pods}/${PODS} pods, ${r.offered.toFixed(0)} offered, ${r.cpuPer1k.toFixed(0)} CPU ms per 1,000 lines`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  console.log(
    `${PODS} pods × ${RATE} lines/s (${PODS * RATE} lines/s offered${DRIFT ? ', drifting timer' : ''}), ${SECONDS} s measured once every pod delivered (at most ${WARMUP_MS / 1000} s of warm-up), ${ROUNDS} rounds`,
  );
  const ratios = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let ours;
    let theirs;
    if (round % 2) {
      ours = await triage();
      theirs = await kubectl();
    } else {
      theirs = await kubectl();
      ours = await triage();
    }
    ratios.push(ours.linesPerSecond / theirs.linesPerSecond);
    console.log(`round ${round}${round % 2 ? '' : ' (kubectl first)'}`);
    console.log(`  triage  ${fmt(ours)}   (${ours.msPerFlush.toFixed(3)} ms/flush, ${ours.retained} lines retained)`);
    console.log(`  kubectl ${fmt(theirs)}`);
    console.log(`  ratio   ${ratios.at(-1).toFixed(2)}×`);
  }
  console.log(`ratio   ${median(ratios).toFixed(2)}× median of ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
} finally {
  server.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
