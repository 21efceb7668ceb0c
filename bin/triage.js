#!/usr/bin/env node
// The executable: parses nothing, starts the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/triage.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('triage: the CLI is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
await import(bundle.href);
