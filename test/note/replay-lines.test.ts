import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every replay line of a demo note runs as printed, after the note's own start lines (the
// bundle's replay, the demo's endpoints) are started as printed: real kubectl, real curl,
// the real binary on PATH as `triage`, in the folder the walk ran in.

const BIN = join(import.meta.dirname, '../../bin/triage.js');

let cwd: string;
let shims: string;
let env: NodeJS.ProcessEnv;
let note: string;
const started: ChildProcess[] = [];

/** The ```sh blocks of a markdown section, unindented. */
function shBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```sh\n([\s\S]*?)\n\1```$/gm)].map((m) =>
    m[2]!
      .split('\n')
      .map((l) => l.slice(m[1]!.length))
      .join('\n'),
  );
}

/** `ready` polled; the limit only ends a hang (the replay and the demo's endpoints start in seconds, idle). */
async function waitFor(what: string, ready: () => boolean, ms = 100_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`${what} did not start within ${ms / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-replay-lines-'));
  shims = join(cwd, 'bin');
  spawnSync('mkdir', ['-p', shims]);
  writeFileSync(join(shims, 'triage'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shims, 'triage'), 0o755);
  env = { ...process.env, PATH: `${shims}:${process.env.PATH}`, USER: 'ci' };
  const walk = spawnSync(process.execPath, [BIN, 'demo', '--headless'], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  expect(walk.status).toBe(1);
  note = walk.stdout;
}, 150_000);

afterAll(() => {
  for (const p of started) if (p.pid !== undefined && p.exitCode === null) process.kill(-p.pid, 'SIGTERM');
  rmSync(cwd, { recursive: true, force: true });
});

describe("a demo note's replay lines", () => {
  it('point at nothing temporary: no /tmp folder of the walk, no kubeconfig of its process', () => {
    const section = note.slice(note.indexOf('## Replay'), note.indexOf('## Refs'));
    expect(section).not.toMatch(/triage-replay-\d+-|triage-demo-\d+-/);
    expect(section).not.toMatch(/\{[A-Za-z]\w*\}/);
  });

  it('each exits 0 as printed (triage itself 1: the failure reproduced), once what the note says to start first is started as printed', async () => {
    const section = note.slice(note.indexOf('## Replay'), note.indexOf('## Refs'));
    const [replayStart, serveStart, ...commands] = shBlocks(section);
    expect(replayStart).toMatch(/^triage replay \S+ --write-kubeconfig \.triage\/replay\.kubeconfig --force$/);
    expect(serveStart).toMatch(/^triage demo --serve --ports \d+,\d+,\d+$/);
    const serving = new Set<string>();
    // Started as printed. The note's ports are the demo's own when they were free at the walk; a
    // demo of another test file may hold them for a while, and then `--serve` ends at once
    // (address in use): it is started again, as a person would, until it binds.
    const startAsPrinted = (start: string) => {
      const p = spawn('sh', ['-c', start], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout!.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (out.includes('Ctrl-C')) serving.add(start);
      });
      p.on('exit', () => {
        if (!serving.has(start) && !finished) setTimeout(() => startAsPrinted(start), 250);
      });
      started.push(p);
    };
    let finished = false;
    for (const start of [replayStart!, serveStart!]) startAsPrinted(start);
    await waitFor('the replay and the endpoints', () => existsSync(join(cwd, '.triage/replay.kubeconfig')) && serving.size === 2).finally(
      () => (finished = true),
    );
    expect(commands.length).toBeGreaterThan(10);
    const failed: string[] = [];
    for (const command of commands) {
      const run = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 60_000 });
      // triage's own exit 1 is DESIGN section 4's "a check failed": the failure replayed, as printed.
      const ok = run.status === 0 || (command.startsWith('triage ') && run.status === 1 && run.stdout.trim() !== '');
      if (!ok) failed.push(`${command}\n  → exit ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-2).join(' | ')}`);
    }
    expect(failed).toEqual([]);
  }, 240_000);
});
