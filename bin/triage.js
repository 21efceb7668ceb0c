#!/usr/bin/env node
// The executable: parses nothing, starts the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import module from 'node:module';

const bundle = new URL('../dist/triage.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('triage: the CLI is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
// Node 22.1+ keeps V8's compiled code of the bundle's own modules between runs, beside the
// libraries' (bin/vendor-load.ts); older Nodes have no such cache for ES modules.
const cacheBase = process.env.XDG_CACHE_HOME || (process.env.HOME ? `${process.env.HOME}/.cache` : undefined);
if (cacheBase && process.env.TRIAGE_CODE_CACHE !== '0') module.enableCompileCache?.(`${cacheBase}/triage/compile`);
await import(bundle.href);
