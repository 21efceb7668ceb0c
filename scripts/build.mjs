// One ESM bundle with code splitting: the entry stays small and each command's
// heavy dependencies (Ink, the Kubernetes client, database drivers) load on demand.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importEngine } from './engine-import.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const banner = "import { createRequire as __triageCreateRequire } from 'node:module'; const require = __triageCreateRequire(import.meta.url);";

// `--if-changed` (npm start) skips the build when no input is newer than the last one.
const INPUTS = ['bin', 'src', 'views', 'signatures', 'scripts', 'package.json', 'package-lock.json'];
function newestInput() {
  let newest = 0;
  const walk = (path) => {
    const info = statSync(path);
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  for (const input of INPUTS) if (existsSync(join(root, input))) walk(join(root, input));
  return String(newest);
}
const stampPath = join(root, 'dist', '.inputs-stamp');
const stamp = newestInput();
if (process.argv.includes('--if-changed') && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) {
  process.exit(0);
}

/**
 * Yoga (Ink's layout) inlines its WebAssembly as a data: URL and, when `fetch` exists, loads
 * it through fetch: that first use of fetch loads Node's undici, a large share of the
 * workbench's first frame. The bytes are in the bundle already, so they are decoded in place.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const fetching = 'w||"function"!=typeof fetch?';
      if (source.split(fetching).length !== 2)
        throw new Error(`${args.path}: the wasm loader changed; update the yoga-without-fetch plugin in scripts/build.mjs`);
      return { contents: source.replace(fetching, 'true?'), loader: 'js' };
    });
  },
};

/**
 * zod re-exports its error messages in every language as `z.locales`, and a bundle cannot
 * drop the ones nobody uses: 360 KB, a fifth of what every command compiles at startup.
 * triage speaks English (zod's default, imported on its own), so `z.locales` keeps only `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  // kubectl-complete: what kubectl_complete-triage runs (kubectl's plugin completion).
  // scan-worker: a scan worker thread's module (src/signatures/parallel.ts), small to start.
  entryPoints: { triage: 'bin/entry.ts', 'kubectl-complete': 'bin/kubectl-complete.ts', 'scan-worker': 'src/signatures/scan-worker.ts' },
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
  plugins: [yogaWithoutFetch, zodEnglishOnly],
  logLevel: 'warning',
});

// RE2 (re2js) for holding user patterns to a real RE2: a file apart from the chunks, which
// src/pattern/re2.ts requires on first use (synchronously: loading a library is).
await build({
  stdin: { contents: "module.exports = require('re2js');", resolveDir: root, loader: 'js' },
  outfile: 'dist/re2.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
});

// The fallback classifier's model for the built-in library, next to the bundle: a cold
// start reuses it (src/signatures/fallback.ts) instead of training.
const { loadLibrary, fallbackModel, readCorpus } = await importEngine({
  'src/signatures/load': ['loadLibrary'],
  'src/signatures/fallback': ['fallbackModel', 'readCorpus'],
});
const { signatures, problems } = loadLibrary([join(root, 'signatures')]);
if (problems.length) throw new Error(`built-in signatures did not load: ${problems.map((p) => p.message).join('; ')}`);
// The dev corpus's labelled lines go with it: a library of the user's own is trained on them too.
const corpus = readCorpus(pathToFileURL(join(root, 'fixtures', 'corpus') + '/'));
writeFileSync(join(root, 'dist', 'fallback-corpus.json'), JSON.stringify(corpus));
writeFileSync(join(root, 'dist', 'fallback-model.json'), JSON.stringify(fallbackModel(signatures, undefined, corpus)));
writeFileSync(stampPath, stamp);
