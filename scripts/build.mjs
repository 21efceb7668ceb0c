// One ESM bundle with code splitting: the entry stays small and each command's
// heavy dependencies (Ink, the Kubernetes client, database drivers) load on demand.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const banner = "import { createRequire as __triageCreateRequire } from 'node:module'; const require = __triageCreateRequire(import.meta.url);";

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
  banner: { js: banner },
  logLevel: 'warning',
});

// The fallback classifier's model for the built-in library, next to the bundle: a cold
// start reuses it (src/signatures/fallback.ts) instead of training. The training code is
// the engine's own, bundled for this one run.
const trainer = await build({
  stdin: {
    contents: [
      "export { loadLibrary } from './src/signatures/load';",
      "export { trainingLines } from './src/signatures/fallback';",
      "export { trainClassifier } from './src/signatures/classifier';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['re2'],
  banner: { js: banner },
  logLevel: 'warning',
});
const scratch = mkdtempSync(join(tmpdir(), 'triage-build-'));
try {
  const script = join(scratch, 'train.mjs');
  writeFileSync(script, trainer.outputFiles[0].contents);
  const { loadLibrary, trainingLines, trainClassifier } = await import(pathToFileURL(script).href);
  const { signatures, problems } = loadLibrary([join(root, 'signatures')]);
  if (problems.length) throw new Error(`built-in signatures did not load: ${problems.map((p) => p.message).join('; ')}`);
  writeFileSync(join(root, 'dist', 'fallback-model.json'), JSON.stringify(trainClassifier(trainingLines(signatures))));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
