// The bundle's entry: the composition root that hands the Ink views to the CLI engine,
// so nothing under src/ imports views/.
// Nothing else is imported statically: V8 reads the regex flags below when a regex is
// compiled, and a bundle evaluates every static import (and the regexes it makes) before
// the entry's own code runs.
import { useLinearRegexFallback } from '../src/pattern/linear-engine';

/**
 * Ink and its colour support read the environment once, when imported. A terminal a
 * person is looking at gets live frames even when CI is set (Ink would otherwise draw
 * only the last frame), and NO_COLOR turns colour off. The environment is restored so
 * processes the checks start see it unchanged.
 */
async function loadViews() {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, FORCE_COLOR: process.env.FORCE_COLOR };
  if (process.stdout.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
  try {
    return await import('../views/run');
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

// Before any pattern runs: V8's linear-time fallback for regexes (src/pattern/linear-engine.ts).
useLinearRegexFallback();
const { runCli } = await import('../src/cli/main');
await runCli(loadViews);
