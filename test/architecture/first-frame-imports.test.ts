import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// The first frame of `triage demo` (issue 13: within 3x of bare node) loads what the demo
// command and the views import statically, and no more: the signature matcher, the fallback
// classifier (and their zod schemas) and the Kubernetes client load later, by import(), when
// there is evidence to match or a cluster to ask. A static import that reaches them from here
// puts them back on the first frame's path; this names the chain.

const root = process.cwd();
const ENTRIES = ['src/cli/commands/demo.ts', 'views/run.tsx'];
const LATER = ['src/signatures/matcher.ts', 'src/signatures/classifier.ts', 'src/signatures/fallback.ts', 'src/signatures/scan.ts', '@kubernetes/client-node'];

/** The module's static, value imports (`import type` and `import()` excluded), resolved to files or package names. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[1]!;
    if (!spec.startsWith('.')) {
      out.push(spec);
      continue;
    }
    const base = join(dirname(file), spec);
    const found = ['.ts', '.tsx', '/index.ts', '/index.tsx', ''].map((ext) => base + ext).find((p) => existsSync(join(root, p)) && /\.tsx?$/.test(p));
    if (found) out.push(relative(root, join(root, found)));
  }
  return out;
}

describe('the first frame', () => {
  it('does not import the signature matcher, the classifier or the Kubernetes client statically', () => {
    const via = new Map<string, string>();
    const queue = [...ENTRIES];
    for (const entry of ENTRIES) via.set(entry, '');
    while (queue.length) {
      const file = queue.shift()!;
      if (!/\.tsx?$/.test(file)) continue;
      for (const next of importsOf(file)) {
        if (via.has(next)) continue;
        via.set(next, file);
        queue.push(next);
      }
    }
    const chain = (file: string) => {
      const steps = [file];
      while (via.get(steps[0]!)) steps.unshift(via.get(steps[0]!)!);
      return steps.join(' -> ');
    };
    expect(via.size).toBeGreaterThan(50);
    expect(LATER.filter((f) => via.has(f)).map(chain)).toEqual([]);
  });
});
