// Time to the first drawn frame of `triage demo` in a real terminal, beside bare Node.
//
// Both are launched the same way, in a fresh window of one private tmux server at 80x24 (the smallest
// terminal the workbench is meant for, where the steps must still show),
// and both are timed from the launch command to what the screen shows: for the demo,
// until capture-pane has the workbench's first frame; for `node -e 0`, until its pane is
// dead (it draws nothing, so exiting is its "frame"). The screen is polled every 5 ms.
// With the first frame it reads the process's CPU time (user + sys, from /proc: steadier
// than wall time on a shared machine). BENCH_BASELINE=DIR adds a third arm, interleaved with
// the other two: another checkout's build (DIR/bin/triage.js), for a before/after ratio.
// Prints figures; asserts nothing. Run with `npm run bench` (it builds first).
import './node-env.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const POLL_MS = 5;
const COLS = 80;
const ROWS = 24;
/** Issue 13: the first frame within 3x of bare Node. */
const TARGET = 3;
const TIMEOUT_MS = 20_000;
const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));
/** The workbench's first frame: the seven steps are drawn, the first and the last. */
const FIRST_FRAME = /1 Contract[\s\S]*7 Observability/;
const BASELINE = process.env.BENCH_BASELINE ? join(process.env.BENCH_BASELINE, 'bin', 'triage.js') : undefined;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

const socket = `triage-bench-${process.pid}`;
const cwd = mkdtempSync(join(tmpdir(), 'triage-bench-'));
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

/** Still running: an exited program that tmux has not reaped yet is a zombie, not running. */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The CPU ms (user + sys) a process has used so far, or NaN once it is gone. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** Launch argv in a new window; resolve the ms until `done(windowId)` holds (and the CPU ms by then), then end it. */
async function measure(argv, done, { settleMs = 0 } = {}) {
  const start = process.hrtime.bigint();
  const [window, pid] = tmux(
    'new-window',
    '-d',
    '-P',
    '-F',
    '#{window_id} #{pane_pid}',
    '-c',
    cwd,
    '-e',
    `XDG_CACHE_HOME=${join(cwd, 'cache')}`,
    `exec ${argv.map(quote).join(' ')}`,
  )
    .trim()
    .split(' ');
  const deadline = Date.now() + TIMEOUT_MS;
  let elapsed;
  let cpu = NaN;
  while (Date.now() < deadline) {
    if (done(window)) {
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      cpu = cpuMs(Number(pid));
      break;
    }
    await sleep(POLL_MS);
  }
  if (elapsed !== undefined) await sleep(settleMs);
  const screen = elapsed === undefined ? tmux('capture-pane', '-p', '-t', window) : '';
  tmux('kill-window', '-t', window);
  // The next run must not share the CPU with this one's shutdown; one that hangs is killed.
  const gone = Date.now() + TIMEOUT_MS;
  while (running(Number(pid))) {
    if (Date.now() > gone) process.kill(Number(pid), 'SIGKILL');
    await sleep(POLL_MS);
  }
  if (elapsed === undefined) throw new Error(`${argv.join(' ')}: nothing within ${TIMEOUT_MS} ms; the screen was:\n${screen}`);
  return { elapsed, cpu };
}

const paneDead = (window) => tmux('display-message', '-p', '-t', window, '#{pane_dead}').trim() === '1';
const firstFrame = (window) => FIRST_FRAME.test(tmux('capture-pane', '-p', '-t', window));

const node = ['node', '-e', '0'];
const demo = ['node', TRIAGE, 'demo'];
const baseline = BASELINE && ['node', BASELINE, 'demo'];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (v) => `${v.toFixed(0).padStart(5)} ms`;
function row(label, values) {
  return `  ${label.padEnd(28)} median ${ms(median(values))}   min ${ms(Math.min(...values))}   max ${ms(Math.max(...values))}`;
}

// Stopped early (Ctrl-C, a timeout): still end the private server and what runs in it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      tmux('kill-server');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      process.exit(130);
    }
  });
}

try {
  tmux('new-session', '-d', '-s', 'bench', '-x', String(COLS), '-y', String(ROWS), '-c', cwd);
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  // Windows made with no client attached take this size, not the session's.
  tmux('set-option', '-g', 'default-size', `${COLS}x${ROWS}`);
  // One untimed run of each warms the file cache, and lives long enough to write triage's
  // caches (the signatures', V8's code cache of bin/vendor-load.ts), in the bench's own folder.
  await measure(node, paneDead);
  await measure(demo, firstFrame, { settleMs: 3000 });
  if (baseline) await measure(baseline, firstFrame, { settleMs: 3000 });
  const nodeTimes = [];
  const demoRuns = [];
  const baseRuns = [];
  for (let i = 0; i < RUNS; i++) {
    nodeTimes.push((await measure(node, paneDead)).elapsed);
    demoRuns.push(await measure(demo, firstFrame));
    if (baseline) baseRuns.push(await measure(baseline, firstFrame));
  }
  const demoTimes = demoRuns.map((r) => r.elapsed);
  const ratio = median(demoTimes) / median(nodeTimes);
  const lines = [
    `first frame in a real terminal (tmux ${COLS}x${ROWS}, ${RUNS} runs each, interleaved, screen polled every ${POLL_MS} ms)`,
    row('node -e 0 (until it exits)', nodeTimes),
    row('triage demo (first frame)', demoTimes),
    row(
      '  its CPU to the first frame',
      demoRuns.map((r) => r.cpu),
    ),
    `  ratio                        ${ratio.toFixed(2)}x bare Node (target: at most ${TARGET}x)`,
  ];
  if (baseline) {
    const baseTimes = baseRuns.map((r) => r.elapsed);
    lines.push(
      row('baseline demo (first frame)', baseTimes),
      row(
        '  its CPU to the first frame',
        baseRuns.map((r) => r.cpu),
      ),
      `  baseline ratio               ${(median(baseTimes) / median(nodeTimes)).toFixed(2)}x bare Node`,
      `  this / baseline              wall ${(median(demoTimes) / median(baseTimes)).toFixed(2)}x, CPU ${(median(demoRuns.map((r) => r.cpu)) / median(baseRuns.map((r) => r.cpu))).toFixed(2)}x`,
    );
  }
  lines.push(
    `  node -e 0 runs (ms):   ${nodeTimes.map((v) => v.toFixed(0)).join(' ')}`,
    `  triage demo runs (ms): ${demoTimes.map((v) => v.toFixed(0)).join(' ')}`,
    '',
  );
  process.stdout.write(lines.join('\n'));
} finally {
  try {
    tmux('kill-server');
  } catch {
    // The server is already gone.
  }
  rmSync(cwd, { recursive: true, force: true });
}
