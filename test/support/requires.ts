// Tests that need a tool from outside npm: PostgreSQL, Redis, Prometheus, a shell. CI
// installs every one of them (.ci/run), so there a missing tool is a broken machine and
// its tests fail naming it; on a workstation they are skipped with a line saying what to
// install.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';

/**
 * Whether the tests run in CI. vitest.config.ts sets CI=0 for Ink (which otherwise draws only
 * the last frame), so it hands on the real value under its own name.
 */
const IN_CI = process.env.TRIAGE_TESTS_IN_CI === '1';

/** The full path of `command` on $PATH (or in /usr/sbin, /usr/bin), if it is there. */
export function onPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat('/usr/sbin', '/usr/bin');
  return dirs.map((dir) => join(dir, command)).find((path) => existsSync(path));
}

/**
 * The `describe` to use for tests that need `tool`: `describe` itself when it is `found`;
 * when it is not, an error naming it in CI and `describe.skip` elsewhere.
 */
export function describeWith(tool: string, found: string | undefined, install: string): typeof describe.skip {
  if (found) return describe;
  const missing = `${tool} is not installed (${install})`;
  if (IN_CI) throw new Error(`${missing}: CI installs it (.ci/run), so its tests fail here instead of skipping`);
  console.warn(`\n*** SKIPPING the tests that need ${tool}: ${missing} ***\n`);
  return describe.skip;
}
