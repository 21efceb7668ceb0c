// The static checks of `npm test` (type check, ESLint, Prettier, knip), run side by side, as
// many at once as there are cores: each is one single-threaded process, so on 2 cores two at
// once take about half the time of one after another. Each one's output is printed whole when
// it ends, in the order they were started; the exit code is 1 when any of them failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

// Longest first, so the last to start is a short one. The type check, ESLint and knip as their
// package.json scripts run them.
const CHECKS = [
  ['type check', 'npm', ['run', '-s', 'typecheck']],
  ['ESLint', 'npm', ['run', '-s', 'lint']],
  ['Prettier', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['knip', 'npm', ['run', '-s', 'knip']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (b) => output.push(b));
    child.stderr.on('data', (b) => output.push(b));
    child.on('error', (error) => resolve({ name, code: 1, output: Buffer.from(`${error.message}\n`) }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }));
  });
}

const results = new Array(CHECKS.length);
let next = 0;
async function lane() {
  while (next < CHECKS.length) {
    const index = next++;
    results[index] = await run(CHECKS[index]);
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), CHECKS.length)) }, lane));

let failed = false;
for (const { name, code, output } of results) {
  process.stdout.write(output);
  if (code !== 0) {
    failed = true;
    process.stderr.write(`${name} failed (exit ${code})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
