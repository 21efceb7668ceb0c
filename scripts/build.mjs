// One ESM bundle with code splitting: the entry stays small and each command's
// heavy dependencies (Ink, the Kubernetes client, database drivers) load on demand.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cjsChunks } from './cjs-chunks.mjs';
import { importEngine } from './engine-import.mjs';
import { inkOutputCaches } from './ink-output-caches.mjs';
import { ansiTokenizeSameStyles, asciiOutput, yogaWasmFromBuffer } from './startup-patches.mjs';

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

/**
 * Ink's reconciler awaits at its top level, for React's devtools, when DEV=true: a CommonJS
 * bundle cannot. The built CLI does not offer the devtools (react-devtools-core is not
 * shipped), so the two awaits go.
 */
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(build) {
    build.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of [
        ["await import('./devtools.js');", 'void 0;'],
        ['await loadPackageJson()', '{ name: undefined, version: undefined }'],
      ]) {
        if (source.split(from).length !== 2)
          throw new Error(`${args.path}: Ink's reconciler changed; update the ink-without-devtools plugin in scripts/build.mjs`);
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * string-width measures a string that is not all printable ASCII grapheme by grapheme
 * (Intl.Segmenter, an RGI_Emoji regex compiled on first use): most of a cold workbench
 * frame's layout, for box-drawing borders, bullets and arrows that are one column each.
 * Its ASCII shortcut takes those too: single code points that join no grapheme, none an
 * emoji, each checked here to measure 1 the long way.
 */
const NARROW = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x2ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x2193],
  [0x2500, 0x259f],
  [0x25a0, 0x25a9],
  [0x25ac, 0x25b5],
  [0x25b7, 0x25bf],
  [0x25c1, 0x25fa],
  [0x2717, 0x2718],
];
const stringWidthNarrowShortcut = {
  name: 'string-width-narrow-shortcut',
  setup(build) {
    // Ink's own (wrap-ansi's older copy has a shortcut of its own, for ASCII).
    const inks = join(root, 'node_modules', 'string-width', 'index.js');
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      if (args.path !== inks) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const ascii = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {';
      if (source.split(ascii).length !== 2)
        throw new Error(`${args.path}: string-width changed; update the string-width-narrow-shortcut plugin in scripts/build.mjs`);
      const { default: stringWidth } = await import(pathToFileURL(args.path).href);
      for (const [from, to] of NARROW) {
        for (let c = from; c <= to; c++) {
          if (stringWidth(String.fromCodePoint(c)) !== 1)
            throw new Error(`string-width measures U+${c.toString(16)} as ${stringWidth(String.fromCodePoint(c))}: take it out of NARROW in scripts/build.mjs`);
        }
      }
      const hex = (c) => `\\u${c.toString(16).padStart(4, '0')}`;
      const narrow = `if (/^[${NARROW.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')}]*$/.test(string)) {`;
      // Its RGI_Emoji regex costs milliseconds to make and only the long way uses it: made then.
      const emoji = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
      if (source.split(emoji).length !== 2 || source.split('rgiEmojiRegex').length !== 3)
        throw new Error(`${args.path}: string-width changed; update the string-width-narrow-shortcut plugin in scripts/build.mjs`);
      const lazyEmoji = 'let rgiEmoji; const rgiEmojiRegex = { test: (text) => (rgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(text) };';
      return { contents: source.replace(ascii, narrow).replace(emoji, lazyEmoji), loader: 'js' };
    });
  },
};

/**
 * The libraries every command starts with, each a CommonJS bundle of its own under
 * dist/vendor/ that bin/vendor-load.ts compiles with a V8 code cache (Node 20 keeps none for
 * ES modules). React and Ink are one bundle: Ink must use the React the views use. Yoga
 * stays an ES module (its WebAssembly is awaited at its top level) and is handed to Ink.
 */
const VENDORS = {
  ui: { modules: ['ink', 'react', 'react/jsx-runtime'], provided: ['yoga-layout'] },
  zod: { modules: ['zod'] },
  yaml: { modules: ['yaml'] },
  regexpp: { modules: ['@eslint-community/regexpp'] },
  // Only functions, loaded when one is first called: most commands glob nothing.
  tinyglobby: { modules: ['tinyglobby'], lazy: true },
};
// Loaded when one of their functions or classes is first used, like tinyglobby: a walk or a
// first frame reads no YAML once the plan is default and the signatures come from the cache,
// and checks no pattern's syntax, yet compiling them was ~10 ms of every start.
VENDORS.yaml.lazy = true;
VENDORS.regexpp.lazy = true;
const define = { 'process.env.NODE_ENV': '"production"' };
/**
 * Node 20 reads regexes with the v flag, so they stay literals: esbuild would otherwise write
 * them as `new RegExp(…, 'v')`, which expands every property at load (string-width's
 * RGI_Emoji: tens of milliseconds) where a literal is compiled when it first runs.
 */
const supported = { 'regexp-set-notation': true };

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
mkdirSync(join(root, 'dist', 'vendor'), { recursive: true });
/** Module name → its vendor bundle's file, its place in the bundle's exports, the modules handed to the bundle, its export names. */
const vendorOf = new Map();
for (const [name, { modules, provided = [], lazy = false }] of Object.entries(VENDORS)) {
  const result = await build({
    // As ES imports: the packages' ES builds, as the rest of the CLI gets them.
    stdin: { contents: modules.map((m, i) => `export * as m${i} from ${JSON.stringify(m)};`).join('\n'), resolveDir: root, loader: 'js' },
    write: false,
    outfile: `dist/vendor/${name}.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    // A CommonJS bundle has no import.meta: its url is the bundle's own (tinyglobby's createRequire).
    define: { ...define, 'import.meta.url': '__triageImportMetaUrl' },
    supported,
    banner: { js: "const __triageImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    external: [...provided, 'react-devtools-core'],
    plugins: [zodEnglishOnly, inkWithoutDevtools, stringWidthNarrowShortcut, ansiTokenizeSameStyles, inkOutputCaches()],
    logLevel: 'warning',
  });
  const code = Buffer.from(asciiOutput(result.outputFiles[0].text).code);
  const file = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.cjs`;
  writeFileSync(join(root, 'dist', 'vendor', file), code);
  for (const [index, m] of modules.entries()) {
    const exported = await import(m);
    let names = Object.keys(exported).filter((n) => n !== 'default' && n !== 'module.exports');
    const isClass = (v) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
    /** A lazy bundle's functions and classes, each with its static fields (yaml's visit.BREAK, Scalar.PLAIN). */
    const kinds = {};
    if (lazy) {
      // Its other exports (a default object, yaml's CST namespace) are not offered: an import of one fails the build.
      names = names.filter((n) => typeof exported[n] === 'function');
      for (const n of names) {
        const statics = Reflect.ownKeys(exported[n]).filter(
          (k) => typeof k === 'string' && !['length', 'name', 'prototype', 'caller', 'arguments'].includes(k),
        );
        kinds[n] = { class: isClass(exported[n]), statics };
      }
    }
    vendorOf.set(m, { file, index, provided, names, lazy, kinds });
  }
}
const vendorLoad = join(root, 'bin', 'vendor-load.ts');
/** Imports of the vendored modules read the vendor bundles' exports (bin/vendor-load.ts). */
const vendored = {
  name: 'vendored',
  setup(build) {
    const filter = new RegExp(`^(${[...vendorOf.keys()].map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'vendored' }));
    build.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => {
      const { file, index, provided, names, lazy, kinds } = vendorOf.get(args.path);
      const lines = [`import { loadVendor } from ${JSON.stringify(vendorLoad)};`];
      provided.forEach((p, i) => lines.push(`import * as provided${i} from ${JSON.stringify(p)};`));
      // A bundle's `require` of an ES module gets its default export (esbuild's Node interop).
      const given = provided.map((p, i) => `${JSON.stringify(p)}: provided${i}.default`).join(', ');
      const load = `loadVendor(${JSON.stringify(file)}, { ${given} })[${JSON.stringify(`m${index}`)}]`;
      if (lazy) {
        // Each export a function that loads the bundle on its first call; a class's stand-in
        // constructs the real class (`instanceof` either answers the same; nothing extends
        // them), and static fields are read through.
        names.forEach((n, i) => {
          const real = `${load}[${JSON.stringify(n)}]`;
          const { class: isClass, statics } = kinds[n];
          lines.push(
            isClass
              ? `function e${i}(...args) { if (!new.target) throw new TypeError(${JSON.stringify(`Class constructor ${n} cannot be invoked without 'new'`)}); return Reflect.construct(${real}, args); }`
              : `function e${i}(...args) { return ${real}.apply(this, args); }`,
          );
          if (isClass) lines.push(`Object.defineProperty(e${i}, Symbol.hasInstance, { value: (x) => x instanceof ${real} });`);
          for (const key of statics)
            lines.push(`Object.defineProperty(e${i}, ${JSON.stringify(key)}, { get: () => ${real}[${JSON.stringify(key)}], enumerable: true });`);
          lines.push(`export { e${i} as ${JSON.stringify(n)} };`);
        });
      } else {
        lines.push(`const m = ${load};`, 'export default m && m.__esModule ? m.default : m;');
        names.forEach((n, i) => lines.push(`const e${i} = m[${JSON.stringify(n)}];`, `export { e${i} as ${JSON.stringify(n)} };`));
      }
      return { contents: lines.join('\n'), resolveDir: root, loader: 'js' };
    });
  },
};

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
  define,
  supported,
  // Native or optional modules are loaded at run time, never bundled.
  external: ['re2', 'pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  banner: { js: banner },
  plugins: [vendored, yogaWasmFromBuffer, zodEnglishOnly],
  logLevel: 'warning',
});

// Each chunk ASCII, as Node reads it fastest (asciiOutput): a chunk's source maps keep their lines.
for (const name of readdirSync(join(root, 'dist'))) {
  if (!name.endsWith('.js')) continue;
  const path = join(root, 'dist', name);
  const source = readFileSync(path, 'utf8');
  const { code } = asciiOutput(source);
  if (code !== source) writeFileSync(path, code);
}

// The same chunks as scripts with a code cache, and their loader (bin/chunk-load.ts), which
// bin/triage.js starts the CLI through.
await cjsChunks(join(root, 'dist'), banner);
await build({
  entryPoints: { 'chunk-load': 'bin/chunk-load.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
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
const { loadLibrary, fallbackModel, readCorpus, packModel } = await importEngine({
  'src/signatures/load': ['loadLibrary'],
  'src/signatures/fallback': ['fallbackModel', 'readCorpus'],
  'src/signatures/classifier-pack': ['packModel'],
});
const { signatures, problems } = loadLibrary([join(root, 'signatures')]);
if (problems.length) throw new Error(`built-in signatures did not load: ${problems.map((p) => p.message).join('; ')}`);
// The dev corpus's labelled lines go with it: a library of the user's own is trained on them too.
const corpus = readCorpus(pathToFileURL(join(root, 'fixtures', 'corpus') + '/'));
writeFileSync(join(root, 'dist', 'fallback-corpus.json'), JSON.stringify(corpus));
// As bytes (src/signatures/classifier-pack.ts): read in a few milliseconds, where JSON took tens.
writeFileSync(join(root, 'dist', 'fallback-model.bin'), packModel(fallbackModel(signatures, undefined, corpus)));
writeFileSync(stampPath, stamp);
