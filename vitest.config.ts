import { defineConfig } from 'vitest/config';

const inCi = ['CI', 'CONTINUOUS_INTEGRATION'].some((name) => !['', '0', 'false'].includes(process.env[name]?.toLowerCase() ?? ''));

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/linear-regex.ts'],
    // Ink draws only the last frame when it believes it runs in CI; the component tests
    // read every frame, as a person at a terminal would (the binary does the same in a TTY).
    // The real CI value goes on as TRIAGE_TESTS_IN_CI: there a missing tool fails its tests
    // instead of skipping them (test/support/requires.ts).
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0', TRIAGE_TESTS_IN_CI: inCi ? '1' : '0' },
    // Only there to end a test that hangs: what a test waits for is its own condition. With a
    // second suite running beside this one (load ~24 on 2 cores), tests that compile the whole
    // signature library cold, several times, took 33-44 s and passed 30 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests start real servers and processes; two workers fit a 2-core CI machine.
    maxWorkers: 2,
    // Each worker process runs its files one after another in one module graph instead of
    // a fresh one per file: importing Ink, React, zod and the engine again for each of ~120
    // files was about half the suite's CPU (CPU 405 s -> 218 s for the whole run, same load).
    // The tests keep no global state between files (no env writes, no chdir, no module
    // mocks); a file that needs a fresh module graph can say so with `isolate` in a project.
    isolate: false,
  },
});
