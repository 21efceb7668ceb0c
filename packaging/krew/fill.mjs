#!/usr/bin/env node
// Writes the release's krew manifest from the template: the version from the packed
// tarball's package.json, its sha256, the URL it is published at and the project's page.
// Usage: node packaging/krew/fill.mjs TARBALL URI HOMEPAGE > triage.yaml
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [tarball, uri, homepage] = process.argv.slice(2);
if (!tarball || !uri || !homepage) {
  process.stderr.write('usage: node packaging/krew/fill.mjs TARBALL URI HOMEPAGE\n');
  process.exit(2);
}
const bytes = readFileSync(tarball);
const { version } = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
const values = { VERSION: version, HOMEPAGE: homepage, URI: uri, SHA256: createHash('sha256').update(bytes).digest('hex') };
const template = readFileSync(new URL('./triage.yaml', import.meta.url), 'utf8');
const manifest = template
  .split('\n')
  .filter((line) => !line.startsWith('# '))
  .join('\n')
  .replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder {{${key}}} in triage.yaml`);
    return values[key];
  });
process.stdout.write(manifest);
