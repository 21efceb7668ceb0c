import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** XDG_CACHE_HOME of the built CLI's runs that bring no env of their own (test/faults/support.ts). */
    binaryCache: string;
  }
}

// Build the CLI once, before any test file runs: the end-to-end tests drive the built
// binary, and a rebuild while another worker runs it would pull dist/ from under it.
// One cache directory for the built CLI's runs in every worker, none of the person's: the
// signature library is compiled into it once (about 1.5 s of CPU) instead of once per run.
export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', timeout: 120_000 });
  const cache = mkdtempSync(join(tmpdir(), 'triage-binary-cache-'));
  project.provide('binaryCache', cache);
  return () => rmSync(cache, { recursive: true, force: true });
}
