// The compiled schemas (src/kube/analyze/fast-parse.ts) against zod itself: on every item of
// every fixture bundle and of a generated one, and on those items broken in every field
// (removed, null, of another type), they accept what zod accepts and give what it gives —
// the same values, the same keys in the same order, the same defaults — and refuse the rest.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kubeListSchema, readList } from '../../src/kube/bundle';
import { FAIL, fastParser } from '../../src/kube/analyze/fast-parse';
import { parseItems } from '../../src/kube/analyze/resources';
import { KINDS } from '../../src/kube/kinds/registry';
import { keyedSchema, metadataSchema } from '../../src/kube/kinds/parts';

const work = mkdtempSync(join(tmpdir(), 'triage-fast-parse-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Generate = (dir: string, options: { pods: number; events: number }) => unknown;
const { generateBundle } = (await import('../../bench/bundle-gen.mjs' as string)) as { generateBundle: Generate };

function bundles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'resources') found.push(path);
      else walk(path);
    }
  };
  walk('fixtures');
  generateBundle(join(work, 'generated'), { pods: 40, events: 60 });
  found.push(join(work, 'generated', 'resources'));
  return found;
}

/** The schemas parseItems is given, by resource file name. */
function schemasFor(file: string): z.ZodType[] {
  const base = file.replace(/\.json$/, '');
  const dot = base.indexOf('.');
  const [plural, group] = dot < 0 ? [base, ''] : [base.slice(0, dot), base.slice(dot + 1)];
  const kind = KINDS.find((k) => k.plural === plural && k.group === group);
  const schemas: z.ZodType[] = [z.looseObject({ metadata: metadataSchema })];
  if (kind?.schema) schemas.push(kind.schema);
  if (plural === 'secrets' || plural === 'configmaps') schemas.push(keyedSchema);
  return schemas;
}

/** Values, key order and keys holding undefined, as one string. */
const canonical = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '<undefined>' : v));

function agree(schema: z.ZodType, item: unknown, where: string): boolean {
  const zod = schema.safeParse(item);
  const fast = fastParser(schema)!(item);
  expect(fast === FAIL, `${where}: zod ${zod.success ? 'accepts' : 'refuses'}`).toBe(!zod.success);
  if (zod.success) expect(canonical(fast), where).toBe(canonical(zod.data));
  return zod.success;
}

/** Every field of the item broken one way at a time: removed, null, a number, a string, an empty list, an empty object. */
function* broken(item: unknown, path: string[] = [], depth = 0): Generator<[string, unknown]> {
  if (typeof item !== 'object' || item === null || depth > 5) return;
  const entries = Array.isArray(item) ? item.slice(0, 2).map((v, i) => [String(i), v] as const) : Object.entries(item);
  for (const [key, value] of entries) {
    const replace = (next: unknown, remove = false): unknown => {
      const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? [...item] : { ...item };
      if (remove && !Array.isArray(copy)) delete copy[key];
      else (copy as Record<string, unknown>)[key] = next;
      return copy;
    };
    const at = [...path, key].join('.');
    yield [`${at} removed`, replace(undefined, true)];
    for (const v of [null, 7, 'x', {}]) yield [`${at}=${JSON.stringify(v)}`, replace(v)];
    for (const [where, inner] of broken(value, [...path, key], depth + 1)) yield [where, replace(inner)];
  }
}

describe('the compiled kind schemas', () => {
  const dirs = bundles();

  it('compiles every kind schema and the keyed one', () => {
    for (const k of KINDS) if (k.schema) expect(fastParser(k.schema), k.plural).toBeDefined();
    expect(fastParser(keyedSchema)).toBeDefined();
  });

  it('gives what zod gives on every item of every fixture bundle', () => {
    let items = 0;
    for (const dir of dirs)
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
        for (const schema of schemasFor(file))
          for (const [i, item] of readList(join(dir, file)).items.entries()) {
            agree(schema, item, `${dir}/${file} [${i}]`);
            items++;
          }
    expect(items).toBeGreaterThan(500);
  });

  it('accepts and refuses as zod does each field broken', { timeout: 120_000 }, () => {
    let refused = 0;
    // The first item of each kind, from the first bundle that has one.
    const seen = new Set<string>();
    for (const dir of dirs)
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
        for (const schema of schemasFor(file).slice(-1)) {
          const item = readList(join(dir, file)).items[0];
          if (!item || seen.has(file)) continue;
          seen.add(file);
          for (const [where, variant] of broken(item)) if (!agree(schema, variant, `${dir}/${file}: ${where}`)) refused++;
        }
    expect(refused).toBeGreaterThan(100);
  });

  it('reads each resource file as the List schema reads it: same items, same key order', () => {
    for (const dir of dirs)
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const path = join(dir, file);
        expect(canonical(readList(path)), path).toBe(canonical(kubeListSchema.parse(JSON.parse(readFileSync(path, 'utf8')))));
      }
  });

  it('gives the input itself where the copy would be the same, and copies only what differs', () => {
    const metadata = z.looseObject({ metadata: metadataSchema });
    const labels = { app: 'api', tier: 'web' };
    // In the schema's order, nothing stripped or defaulted: the very object, however deep.
    const inOrder = { metadata: { name: 'a', namespace: 'shop', labels, creationTimestamp: '2026-06-15T09:00:00Z', resourceVersion: '7' } };
    expect(fastParser(metadata)!(inOrder)).toBe(inOrder);
    // creationTimestamp before labels: the metadata is copied in zod's order, its labels are not.
    const outOfOrder = { metadata: { name: 'a', creationTimestamp: '2026-06-15T09:00:00Z', labels } };
    const parsed = fastParser(metadata)!(outOfOrder) as typeof outOfOrder;
    expect(parsed).not.toBe(outOfOrder);
    expect(Object.keys(parsed.metadata)).toEqual(['name', 'labels', 'creationTimestamp']);
    expect(parsed.metadata.labels).toBe(labels);
    // A default filled in, an element that differs: copies, the rest of the array shared.
    const pods = KINDS.find((k) => k.plural === 'pods')!.schema!;
    const status = { name: 'api', ready: true, restartCount: 0 };
    const pod = { metadata: { name: 'p' }, spec: { containers: [] }, status: { containerStatuses: [status, { name: 'side' }] } };
    const out = fastParser(pods)!(pod) as { status: { containerStatuses: unknown[] } };
    expect(out).not.toBe(pod);
    expect(out.status.containerStatuses[0]).toBe(status);
    expect(out.status.containerStatuses[1]).toEqual({ name: 'side', ready: false, restartCount: 0 });
    // An object with another prototype is never taken for a plain one.
    const proto = Object.assign(Object.create({ inherited: true }) as object, { name: 'a' });
    expect(fastParser(metadataSchema)!(proto)).not.toBe(proto);
  });

  it('leaves the error to zod: a bad item is named by its field as before', () => {
    const pods = KINDS.find((k) => k.plural === 'pods')!.schema!;
    const list = { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'a', namespace: 'shop' }, spec: { containers: [{ name: 7 }] } }] };
    expect(() => parseItems(list, pods, 'pods')).toThrow('malformed pods shop/a: spec.containers.0.name: Invalid input: expected string, received number');
  });
});
