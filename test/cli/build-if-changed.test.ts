import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

// `npm start` builds only when a source changed: the global setup has just built, so
// nothing is newer than the bundle and the build is skipped.
const ROOT = new URL('../..', import.meta.url).pathname;

describe('npm start', () => {
  it('does not rebuild the bundle when no source changed since the last build', () => {
    const before = statSync(`${ROOT}/dist/triage.js`).mtimeMs;
    const started = Date.now();
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { cwd: ROOT, timeout: 60_000 });
    expect(statSync(`${ROOT}/dist/triage.js`).mtimeMs).toBe(before);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
