// npm run bench:redact — the redaction rules over log-sized input (default 50 MB: the
// clean corpus with a line of the secrets corpus every 200 lines), line by line as a tail
// or trace redacts and in 1000-line chunks as a capture does. With SECRETLINT_DIR naming a
// folder where @secretlint/core and @secretlint/secretlint-rule-preset-recommend are
// installed, the same input goes through secretlint's recommended preset too, with how many
// kinds of the secrets corpus each finds. Prints figures; asserts nothing.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const MB = Number(process.env.BENCH_REDACT_MB ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'triage-bench-redact-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

await build({
  entryPoints: [join(root, 'src/redact/redact.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: join(dir, 'redact.mjs'),
  logLevel: 'warning',
});
const { redact } = await import(pathToFileURL(join(dir, 'redact.mjs')).href);

const clean = readFileSync(join(root, 'fixtures/secrets/clean.log'), 'utf8').split('\n').filter(Boolean);
const kinds = parse(readFileSync(join(root, 'fixtures/secrets/kinds.yaml'), 'utf8'));
const secretLines = kinds.flatMap((k) => k.text.split('\n'));
const lines = [];
for (let i = 0, size = 0; size < MB * 1e6; i++) {
  const line = i % 200 === 0 ? secretLines[(i / 200) % secretLines.length] : clean[i % clean.length];
  lines.push(line);
  size += line.length + 1;
}
const chunks = [];
for (let s = 0; s < lines.length; s += 1000) chunks.push(lines.slice(s, s + 1000).join('\n'));
const bytes = chunks.reduce((n, c) => n + c.length + 1, 0);
const rate = (ms) => `${(ms / 1000).toFixed(2)} s, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
console.log(`input: ${(bytes / 1e6).toFixed(1)} MB, ${lines.length} lines, ${kinds.length} secret kinds`);

let t = performance.now();
for (const line of lines) redact(line);
console.log(`triage rules, line by line:      ${rate(performance.now() - t)}`);
t = performance.now();
for (const chunk of chunks) redact(chunk);
console.log(`triage rules, 1000-line chunks:  ${rate(performance.now() - t)}`);
console.log(`triage rules find ${kinds.filter((k) => !redact(k.text).includes(k.secret)).length} of ${kinds.length} kinds`);

if (process.env.SECRETLINT_DIR) {
  const require = createRequire(join(process.env.SECRETLINT_DIR, 'package.json'));
  t = performance.now();
  const { lintSource } = await import(pathToFileURL(require.resolve('@secretlint/core')).href);
  const { creator } = await import(pathToFileURL(require.resolve('@secretlint/secretlint-rule-preset-recommend')).href);
  console.log(`secretlint import:               ${(performance.now() - t).toFixed(0)} ms`);
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  const lint = (content) => lintSource({ source: { content, filePath: '/bench.log', contentType: 'text' }, options: { config, maskSecrets: true } });
  t = performance.now();
  for (const chunk of chunks) await lint(chunk);
  console.log(`secretlint preset, 1000-line chunks: ${rate(performance.now() - t)}`);
  let found = 0;
  for (const k of kinds) if ((await lint(k.text)).messages.length) found++;
  console.log(`secretlint preset finds ${found} of ${kinds.length} kinds`);
  const residual = await lint(redact(kinds.map((k) => k.text).join('\n')));
  console.log(
    `secretlint findings left after triage's redaction: ${residual.messages.length}${residual.messages.length ? ` (${residual.messages.map((m) => m.message).join('; ')})` : ''}`,
  );
}
