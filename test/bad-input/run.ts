// Runs triage the way the binary does (argv in, exit code and both streams out) through the
// real `runMain`, in this process: a hundred cases stay fast, and nothing of ours is mocked.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runMain } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';

export const MINI_BUNDLE = join(import.meta.dirname, '../../fixtures/bundles/mini');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The corpus's own cache directory, one for every case: the cases are about bad input, not
 * the cache, and a fresh one per case compiled the whole signature library again for each
 * case that scans (about 1.5 s of CPU each).
 */
let cacheHome: string | undefined;

/** Nothing of the person's machine: no kubeconfig, no cache of theirs, no plan unless the case writes one. */
export function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  cacheHome ??= workdir();
  return { PATH: process.env.PATH ?? '', HOME: dir, USER: 'tester', XDG_CACHE_HOME: cacheHome };
}

export async function triage(argv: string[], cwd: string, env: NodeJS.ProcessEnv = isolatedEnv(cwd)): Promise<Ran> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env, cwd };
  const started = performance.now();
  const code = await runMain(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Math.round(performance.now() - started) };
}

const dirs: string[] = [];

/** A fresh working directory holding `files` (path → content). */
export function workdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-bad-input-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The mini bundle copied to `<dir>/<name>`, to be broken by the case. */
export function copyBundle(dir: string, name = 'b'): string {
  const target = join(dir, name);
  cpSync(MINI_BUNDLE, target, { recursive: true });
  return target;
}

export function removeWorkdirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  cacheHome = undefined;
}

/** A stack trace in what a person reads: a frame line, or an engine-style error dump. */
export const STACK = /^\s+at\s|\bat\s+\S+\s+\(.*:\d+:\d+\)|node:internal|file:\/\/\//m;
