import { execFileSync } from 'node:child_process';

// Build the CLI once, before any test file runs: the end-to-end tests drive the built
// binary, and a rebuild while another worker runs it would pull dist/ from under it.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', timeout: 120_000 });
}
