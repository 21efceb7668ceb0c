import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // Ink draws only the last frame when it believes it runs in CI; the component tests
    // read every frame, as a person at a terminal would (the binary does the same in a TTY).
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real servers and processes; two workers fit a 2-core CI machine.
    maxWorkers: 2,
  },
});
