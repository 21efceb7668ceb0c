import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// V8 reads the linear-engine flags (src/pattern/linear-engine.ts) when a regex is compiled,
// and an ES module's static imports are all evaluated before its own code: an entry that
// set the flags after importing the CLI set them after every module-level regex was made.
const DIST = new URL('../../dist/', import.meta.url);

/** The source files a built chunk was made from, as esbuild's `// path` markers name them. */
function sources(chunk: string): string[] {
  return [...readFileSync(new URL(chunk, DIST), 'utf8').matchAll(/^\/\/ ((?:src|bin|views|node_modules)\/\S+)$/gm)].map((m) => m[1]!);
}

function staticImports(chunk: string): string[] {
  return [...readFileSync(new URL(chunk, DIST), 'utf8').matchAll(/^import (?:\{[^}]*\} from )?"\.\/([^"]+)";$/gm)].map((m) => m[1]!);
}

describe('the regex flags', () => {
  for (const entry of ['triage.js', 'scan-worker.js', 'kubectl-complete.js']) {
    it(`are set by ${entry} before anything but the flag setter is evaluated`, () => {
      const before = staticImports(entry).flatMap(sources);
      expect(before).toEqual(['src/pattern/linear-engine.ts']);
    });
  }
});
