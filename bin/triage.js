#!/usr/bin/env node
// The executable: parses nothing, starts the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import module from 'node:module';

const bundle = new URL('../dist/triage.js', import.meta.url);
const loader = new URL('../dist/chunk-load.mjs', import.meta.url);
if (!existsSync(bundle) || !existsSync(loader)) {
  process.stderr.write('triage: the CLI is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
// Node 22.1+ keeps V8's compiled code of ES modules between runs: the worker threads' (they
// start from dist/'s module files), beside the CLI's own chunks and the libraries, which
// dist/chunk-load.mjs and bin/vendor-load.ts compile with a code cache of their own.
const cacheBase = process.env.XDG_CACHE_HOME || (process.env.HOME ? `${process.env.HOME}/.cache` : undefined);
if (cacheBase && process.env.TRIAGE_CODE_CACHE !== '0') module.enableCompileCache?.(`${cacheBase}/triage/compile`);
const { runChunk } = await import(loader.href);
await runChunk('triage.js');
