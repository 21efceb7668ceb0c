#!/usr/bin/env node
// Writes fixtures/incidents/<name>/bundle/ for each incident (or the ones named):
//   node scripts/incidents/build.mjs [stale-contract selector-partial ...]
// A bundle holds what `triage capture -n NS... --since DUR` would have written at its capture
// time: namespaced objects of the captured namespaces only, log lines inside the --since window.
import { join } from 'node:path';
import { byResource, writeBundle } from './lib.mjs';

const INCIDENTS = ['stale-contract', 'selector-partial', 'leftover-lock', 'expired-cert', 'env-rollout'];
const root = join(import.meta.dirname, '../../fixtures/incidents');

function sinceMs(since) {
  const m = /^(\d+)([smhd])$/.exec(since ?? '');
  return m ? Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2]] : Infinity;
}

/** Drop lines older than the capture's --since, as `kubectl logs --since` would not return them. */
function window(text, from) {
  return text
    .split('\n')
    .filter((line) => line && Date.parse(line.slice(0, line.indexOf(' '))) >= from)
    .map((line) => `${line}\n`)
    .join('');
}

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : INCIDENTS) {
  if (!INCIDENTS.includes(name)) throw new Error(`unknown incident ${name}`);
  const incident = await import(`./${name}.mjs`);
  const { manifest, objects, logs, files, extraKinds } = incident.build();
  const scoped = manifest.allNamespaces ? objects : objects.filter((o) => !o.metadata.namespace || manifest.namespaces.includes(o.metadata.namespace));
  const pods = new Set(scoped.filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
  const from = Date.parse(manifest.capturedAt) - sinceMs(manifest.since);
  const kept = {};
  for (const [path, text] of Object.entries(logs)) {
    const [ns, podName] = path.split('/');
    if (!pods.has(`${ns}/${podName}`)) {
      if (manifest.allNamespaces || manifest.namespaces.includes(ns)) throw new Error(`${name}: log for a pod the bundle does not hold: ${path}`);
      continue;
    }
    kept[path] = window(typeof text === 'string' ? text : '', from);
  }
  writeBundle(join(root, name, 'bundle'), { manifest, resources: byResource(scoped, extraKinds), logs: kept, files });
  console.log(`${name}: ${scoped.length} objects, ${Object.keys(kept).length} logs, ${Object.keys(files ?? {}).length} files`);
}
