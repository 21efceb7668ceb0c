// One ESM bundle with code splitting: the entry stays small and each command's
// heavy dependencies (Ink, the Kubernetes client, database drivers) load on demand.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { triage: 'bin/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native or optional modules are loaded at run time, never bundled.
  external: ['re2', 'pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __triageCreateRequire } from 'node:module'; const require = __triageCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
