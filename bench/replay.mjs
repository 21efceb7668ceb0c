// Replay at scale: a generated bundle with BENCH_PODS pods (5,000 by default) across 50
// namespaces. Prints how long `triage replay` takes to serve it, how long the real
// `kubectl get pods -A` takes through it (cold and warm discovery cache), and the wall time
// of the `environment` step of `triage run --bundle`. Asserts nothing.
// Run with `npm run bench:replay` (it builds first).
import './node-env.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBundle, NAMESPACES } from './bundle-gen.mjs';

const TRIAGE = fileURLToPath(new URL('../bin/triage.js', import.meta.url));

const PODS = Number(process.env.BENCH_PODS ?? 5000);
/** Spawn `triage replay` and resolve when it says it is serving. */
function startReplay(dir, kubeconfig) {
  const started = performance.now();
  const child = spawn(process.execPath, [TRIAGE, 'replay', dir, '--write-kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl-C stops it.')) resolve({ child, ms: performance.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`triage replay exited ${code}: ${out}`)));
  });
}

function timed(file, args, options) {
  const started = performance.now();
  const stdout = execFileSync(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { ms: performance.now() - started, stdout };
}

const fmt = (ms) => `${Math.round(ms)} ms`;
const work = mkdtempSync(join(tmpdir(), 'triage-bench-replay-'));
try {
  const bundle = join(work, 'bundle');
  const generated = performance.now();
  const { pods } = generateBundle(bundle, { pods: PODS });
  console.log(`bundle: ${pods} pods in ${NAMESPACES} namespaces, generated in ${fmt(performance.now() - generated)} (${bundle})`);

  const kubeconfig = join(work, 'replay.kubeconfig');
  const replay = await startReplay(bundle, kubeconfig);
  console.log(`triage replay start (spawn → serving, bundle validated): ${fmt(replay.ms)}`);
  try {
    const kubectl = (...args) => timed('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(work, 'kube-cache'), ...args]);
    const cold = kubectl('get', 'pods', '-A');
    const rows = cold.stdout.trimEnd().split('\n').length - 1;
    const warm = [kubectl('get', 'pods', '-A'), kubectl('get', 'pods', '-A'), kubectl('get', 'pods', '-A')].map((r) => r.ms).sort((a, b) => a - b);
    console.log(`kubectl get pods -A through replay: ${rows} rows; cold discovery ${fmt(cold.ms)}, warm median ${fmt(warm[1])}`);
    const json = kubectl('get', 'pods', '-A', '-o', 'json');
    console.log(`kubectl get pods -A -o json through replay: ${fmt(json.ms)} (${(json.stdout.length / 1024 / 1024).toFixed(1)} MiB)`);
  } finally {
    replay.child.kill('SIGINT');
  }

  // The environment step of a headless walk over the same bundle (its own in-process replay).
  const cwd = join(work, 'walk');
  mkdirSync(cwd);
  const walk = (() => {
    const started = performance.now();
    let stdout;
    try {
      stdout = execFileSync(process.execPath, [TRIAGE, 'run', '--bundle', bundle, '--format', 'ndjson'], {
        cwd,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    } catch (error) {
      stdout = error.stdout ?? '';
    }
    return {
      ms: performance.now() - started,
      events: stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    };
  })();
  const env = walk.events.filter((e) => e.step === 'environment' && (e.type === 'check.started' || e.type === 'check.finished'));
  const starts = env.filter((e) => e.type === 'check.started').map((e) => Date.parse(e.at));
  const ends = env.filter((e) => e.type === 'check.finished').map((e) => Date.parse(e.at));
  if (starts.length) {
    console.log(`environment step wall time (triage run --bundle, ${starts.length} checks): ${fmt(Math.max(...ends) - Math.min(...starts))}`);
    for (const e of env.filter((x) => x.type === 'check.finished'))
      console.log(`  ${e.checkId.padEnd(26)} ${String(e.result.durationMs).padStart(6)} ms  ${e.result.status.padEnd(5)} ${e.result.summary.slice(0, 80)}`);
  } else {
    console.log('environment step: no environment checks ran');
  }
  console.log(`whole headless walk: ${fmt(walk.ms)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
