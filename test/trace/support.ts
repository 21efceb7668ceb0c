import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import type { Io } from '../../src/cli/command';
import { main } from '../../src/cli/main';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory with these files (name → lines), removed after the test. */
export function filesIn(files: Record<string, string[] | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-trace-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Array.isArray(content) ? `${content.join('\n')}\n` : content);
  }
  return dir;
}

/** `triage ...` in-process, with captured output. */
export async function triage(argv: string[], cwd = process.cwd()) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env: {}, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}
