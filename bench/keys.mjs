// Key latency in the workbench while `a` (run all) walks the generated 5,000-pod bundle
// (bench/bundle-gen.mjs: 20,000 events, 200 pods × BENCH_LOG_LINES log lines), and idle.
//
// The workbench runs in a window of a private tmux server at 120×40 (`triage --bundle B`).
// Idle: BENCH_KEYS (20) navigation keys, j and k in turn, each sent once the previous one was
// answered and at least 100 ms after it; a key's latency is the time from send-keys until
// capture-pane shows the selection (›) on the row it moved to (polled every 5 ms: tmux's own
// round trip, a few ms, is in every figure). Then `a`, and keys the same way until the walk
// is done (no step spinning, header no longer "in progress"). The first key after `a` is
// reported on its own. TRIAGE_LOOP_STATS has the workbench record every main-thread block
// (> 20 ms between 10 ms ticks, with its time): the longest during the walk and idle.
// The workbench also records, per key, the time from reading it to writing the next frame: the
// process's share, without tmux's (TRIAGE_LOOP_STATS; a build without it reports screen times only),
// and each frame's drawing time (Ink's renderTime; a build without it reports no frames).
// BENCH_BASE=path/to/other/bin/triage.js measures that build too, interleaved (before/after).
// BENCH_RUNS (3) runs per build. Prints figures and the load average; asserts nothing.
// Run with `npm run bench:keys` (it builds first).
import './node-env.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBundle } from './bundle-gen.mjs';

const PODS = Number(process.env.BENCH_PODS ?? 5000);
const LOG_LINES = Number(process.env.BENCH_LOG_LINES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KEYS = Number(process.env.BENCH_KEYS ?? 20);
const GAP_MS = 100;
const POLL_MS = 5;
const KEY_TIMEOUT_MS = 30_000;
const WALK_TIMEOUT_MS = 180_000;
const builds = [['this', fileURLToPath(new URL('../bin/triage.js', import.meta.url))], ...(process.env.BENCH_BASE ? [['base', process.env.BENCH_BASE]] : [])];

const socket = `triage-bench-keys-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'triage-bench-keys-'));
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
const now = () => Number(process.hrtime.bigint()) / 1e6;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

const screen = (w) => tmux('capture-pane', '-p', '-t', w);
/** The step row the selection marker is on (0-based among the step rows), or -1. */
const selected = (text) =>
  text
    .split('\n')
    .slice(2, 9)
    .findIndex((line) => line.includes('›'));
const walking = (text) => /[\u2800-\u28ff]/.test(text.split('\n').slice(2, 9).join('\n')) || /in progress/.test(text.split('\n')[0]);

async function until(w, test, timeout) {
  const deadline = now() + timeout;
  for (;;) {
    const text = screen(w);
    if (test(text)) return text;
    if (now() > deadline) throw new Error(`timed out; the screen was:\n${text}`);
    await sleep(POLL_MS);
  }
}

/** One key: j or k, whichever moves between the first two steps; its latency in ms. */
async function key(w) {
  const before = selected(screen(w));
  const [k, want] = before === 0 ? ['j', 1] : ['k', 0];
  const sent = now();
  tmux('send-keys', '-t', w, k);
  await until(w, (text) => selected(text) === want, KEY_TIMEOUT_MS);
  return now() - sent;
}

async function keys(w, count, stillGoing) {
  const latencies = [];
  while (count === Infinity ? stillGoing() : latencies.length < count) {
    const started = now();
    latencies.push(await key(w));
    await sleep(Math.max(0, GAP_MS - (now() - started)));
  }
  return latencies;
}

async function session(bin, bundle, n) {
  const cwd = mkdtempSync(join(work, 'cwd-'));
  const stats = join(cwd, 'loop.json');
  const [w, pid] = tmux(
    'new-window',
    '-d',
    '-P',
    '-F',
    '#{window_id} #{pane_pid}',
    '-c',
    cwd,
    '-e',
    `XDG_CACHE_HOME=${join(cwd, 'cache')}`,
    '-e',
    `TRIAGE_LOOP_STATS=${stats}`,
    `exec node ${quote(bin)} --bundle ${quote(bundle)}`,
  )
    .trim()
    .split(' ');
  try {
    await until(w, (t) => /7 Observability/.test(t) && selected(t) === 0, 30_000);
    await sleep(500);
    const idleFrom = Date.now();
    const idle = await keys(w, KEYS);
    const idleTo = Date.now();
    const walkFrom = Date.now();
    const walkStart = now();
    tmux('send-keys', '-t', w, 'a');
    await until(w, walking, KEY_TIMEOUT_MS);
    let done = false;
    const during = await keys(w, Infinity, () => {
      if (now() - walkStart > WALK_TIMEOUT_MS) throw new Error('the walk did not end');
      done = !walking(screen(w));
      return !done;
    });
    const walkMs = now() - walkStart;
    const walkTo = Date.now();
    process.kill(Number(pid), 'SIGUSR2');
    await until(w, () => existsSync(stats), 5_000);
    await sleep(100);
    const loop = JSON.parse(readFileSync(stats, 'utf8'));
    // A block ending in the window, or (during the walk) starting in it; a block is timed from the
    // tick before it, up to 10 ms early, so the one `a` starts is not counted as idle.
    const longest = (from, to, whole = false) =>
      Math.max(0, ...loop.blocks.filter((b) => b.at >= from && (whole ? b.at <= to : b.at - b.ms <= to)).map((b) => b.ms));
    const over50 = loop.blocks.filter((b) => b.at >= walkFrom && b.at - b.ms <= walkTo && b.ms > 50).length;
    const answered = (from, to) => (loop.keys ?? []).filter((k) => k.at >= from && k.at <= to).map((k) => k.ms);
    return {
      n,
      idle,
      during,
      walkMs,
      idleBlock: longest(idleFrom, idleTo, true),
      walkBlock: longest(walkFrom, walkTo),
      over50,
      idleIn: answered(idleFrom, idleTo),
      // The `a` itself is the first key of the walk: the keys after it.
      duringIn: answered(walkFrom, walkTo).slice(1),
      // Each frame's drawing time (Ink's renderTime) during the walk.
      frames: (loop.frames ?? []).filter((fr) => fr.at >= walkFrom && fr.at <= walkTo).map((fr) => fr.ms),
    };
  } finally {
    tmux('kill-window', '-t', w);
    while (existsSync(`/proc/${pid}`)) await sleep(20);
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
};
const f = (v) => `${v.toFixed(0).padStart(5)} ms`;

const bundle = join(work, 'bundle');
const made = generateBundle(bundle, { pods: PODS, events: 20_000, logPods: 200, logLines: LOG_LINES });
tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', 'bench');
tmux('set-option', '-g', 'default-size', '120x40');
console.log(
  `bundle: ${made.pods} pods, ${made.events} events, ${made.logs} logs of ${LOG_LINES} lines; node ${process.version}; ${RUNS} runs per build, interleaved; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const results = new Map(builds.map(([name]) => [name, []]));
try {
  for (let r = 0; r < RUNS; r++)
    for (const [name, bin] of builds) {
      const s = await session(bin, bundle, r);
      results.get(name).push(s);
      console.log(
        `  ${name} run ${r + 1}: walk ${f(s.walkMs)}; keys idle median ${f(pct(s.idle, 50))}, during \`a\` median ${f(pct(s.during, 50))} p95 ${f(pct(s.during, 95))} first ${f(s.during[0])} (${s.during.length} keys); longest block idle ${f(s.idleBlock)}, during \`a\` ${f(s.walkBlock)} (${s.over50} over 50 ms)`,
      );
    }
} finally {
  tmux('kill-server');
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\nall runs pooled (load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}):`,
);
for (const [name, runs] of results) {
  const idle = runs.flatMap((s) => s.idle);
  const during = runs.flatMap((s) => s.during);
  const firsts = runs.map((s) => s.during[0]);
  console.log(`  ${name}`);
  console.log(`    keys idle        median ${f(pct(idle, 50))}  p95 ${f(pct(idle, 95))}  (${idle.length})`);
  console.log(
    `    keys during \`a\`  median ${f(pct(during, 50))}  p95 ${f(pct(during, 95))}  (${during.length}); first key after \`a\` median ${f(pct(firsts, 50))}`,
  );
  const idleIn = runs.flatMap((s) => s.idleIn);
  const duringIn = runs.flatMap((s) => s.duringIn);
  if (duringIn.length)
    console.log(
      `    in the process (key read to next frame written): idle median ${f(pct(idleIn, 50))} p95 ${f(pct(idleIn, 95))}; during \`a\` median ${f(pct(duringIn, 50))} p95 ${f(pct(duringIn, 95))} max ${f(Math.max(...duringIn))}`,
    );
  const frames = runs.flatMap((s) => s.frames);
  if (frames.length)
    console.log(
      `    frames during \`a\` (drawing time): median ${pct(frames, 50).toFixed(1)} ms  p95 ${pct(frames, 95).toFixed(1)} ms  total ${(frames.reduce((a, b) => a + b, 0) / runs.length).toFixed(0)} ms a run  (${(frames.length / runs.length).toFixed(0)} frames a run)`,
    );
  console.log(
    `    longest main-thread block: idle ${f(Math.max(...runs.map((s) => s.idleBlock)))}, during \`a\` median of runs ${f(
      pct(
        runs.map((s) => s.walkBlock),
        50,
      ),
    )}, max ${f(Math.max(...runs.map((s) => s.walkBlock)))}`,
  );
  console.log(
    `    walk              median ${f(
      pct(
        runs.map((s) => s.walkMs),
        50,
      ),
    )}`,
  );
}
