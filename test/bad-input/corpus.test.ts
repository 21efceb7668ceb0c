// Every bad input explains itself: the exit code of the case, one line on stderr that names
// the file, the line or item and the field, no stack trace, and no hang. Each case runs
// through the real `runMain`; a few also through the built binary (test/bad-input/binary).
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from './corpus';
import { removeWorkdirs, STACK, triage, workdir, isolatedEnv } from './run';

/** A case that takes longer than this has hung: the whole corpus runs in a few seconds. */
const HANG_MS = 20_000;

const tally = { cases: 0, clear: 0, stackTraces: 0, hangs: 0 };

afterAll(() => {
  removeWorkdirs();
  // The figures issue 15 asks for, printed where CI logs keep them.
  console.log(`bad-input corpus: ${tally.cases} cases, ${tally.clear} clear errors, ${tally.stackTraces} stack traces, ${tally.hangs} hangs`);
});

describe('bad input', () => {
  it('has at least 100 cases, each named once', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    tally.cases++;
    const dir = workdir(c.files);
    c.setup?.(dir);
    const env = { ...isolatedEnv(dir), ...(c.env?.(dir) ?? {}) };
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
    const ran = await Promise.race([triage(c.argv, dir, env), hang]);
    clearTimeout(timer);
    if (ran === 'hang') {
      tally.hangs++;
      throw new Error(`hung for ${HANG_MS / 1000}s: triage ${c.argv.join(' ')}`);
    }
    if (STACK.test(ran.stderr)) tally.stackTraces++;
    const lines = ran.stderr.split('\n').filter((l) => l.trim() !== '');
    expect({ code: ran.code, stderr: ran.stderr }).toMatchObject({ code: c.exit });
    expect(ran.stderr).not.toMatch(STACK);
    expect(lines, ran.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(c.says);
    tally.clear++;
  });
});
