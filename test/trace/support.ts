import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { runCli } from '../support/cli';

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
export function triage(argv: string[], cwd = process.cwd()) {
  return runCli(argv, { cwd });
}
