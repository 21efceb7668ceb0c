import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

// The chunks as scripts for the code cache (scripts/cjs-chunks.mjs): the same exports, import()
// still waiting for a chunk that awaits at its top level, and a static import of such a
// chunk refused at build time. Run here with a small loader shaped like bin/chunk-load.ts.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { cjsChunks } = (await import(pathToFileURL(join(ROOT, 'scripts', 'cjs-chunks.mjs')).href)) as {
  cjsChunks: (dist: string, banner: string) => Promise<void>;
};
const BANNER = '/* banner */';
const scratch = mkdtempSync(join(tmpdir(), 'triage-cjs-chunks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function dist(name: string, chunks: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, source] of Object.entries(chunks)) writeFileSync(join(dir, file), `${BANNER}${source}`);
  return dir;
}

/** Loads dist/cjs/`name` the way bin/chunk-load.ts does; resolves to its exports once its body is done. */
function loader(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'cjs', 'chunks.json'), 'utf8')) as Record<string, { async?: boolean }>;
  const loaded = new Map<string, { exports: Record<string, unknown>; done?: Promise<unknown> }>();
  const load = (name: string) => {
    const known = loaded.get(name);
    if (known) return known;
    const source = readFileSync(join(dir, 'cjs', name.replace(/\.js$/, '.cjs')), 'utf8');
    const wrapped = new Script(
      `(${manifest[name]!.async ? 'async ' : ''}function (exports, require, module, __triageImport, __triageImportMetaUrl) {"use strict";${source}\n})`,
    );
    const module = { exports: {} as Record<string, unknown> };
    const chunk: { exports: Record<string, unknown>; done?: Promise<unknown> } = {
      get exports() {
        return module.exports;
      },
    };
    loaded.set(name, chunk);
    const result = (wrapped.runInThisContext() as (...args: unknown[]) => unknown)(
      module.exports,
      (id: string) => (Object.hasOwn(manifest, id.slice(2)) ? load(id.slice(2)).exports : undefined),
      module,
      async (id: string) => {
        const c = load(id.slice(2));
        await c.done;
        return c.exports;
      },
      pathToFileURL(join(dir, name)).href,
    );
    if (manifest[name]!.async) chunk.done = result as Promise<unknown>;
    return chunk;
  };
  return async (name: string) => {
    const chunk = load(name);
    await chunk.done;
    return chunk.exports;
  };
}

describe('the chunks as scripts', () => {
  it('export what the modules export, and import() waits for a chunk that awaits at its top level', async () => {
    const dir = dist('ok', {
      'entry.js': `import { a, bump } from "./chunk-a.js";\nbump();\nconst late = await import("./late.js");\nexport const out = a + late.b;\nexport const url = import.meta.url;\n`,
      'chunk-a.js': 'export let a = 1;\nexport function bump() { a += 10; }\n',
      'late.js': 'const x = await new Promise((r) => setTimeout(() => r(2), 5));\nexport const b = x;\n',
    });
    await cjsChunks(dir, BANNER);
    const manifest = JSON.parse(readFileSync(join(dir, 'cjs', 'chunks.json'), 'utf8')) as Record<string, { hash: string; async?: boolean }>;
    expect(manifest['entry.js']!.async).toBe(true);
    expect(manifest['late.js']!.async).toBe(true);
    expect(manifest['chunk-a.js']!.async).toBeUndefined();
    expect(manifest['chunk-a.js']!.hash).toMatch(/^[0-9a-f]{16}$/);
    const entry = await loader(dir)('entry.js');
    // A live binding (bump() changed `a` after it was imported), the awaited chunk's export, and the ES chunk's URL.
    expect(entry.out).toBe(13);
    expect(entry.url).toBe(pathToFileURL(join(dir, 'entry.js')).href);
  });

  it('fail the build when a chunk imports one that awaits at its top level statically', async () => {
    const dir = dist('static', {
      'entry.js': 'import { b } from "./late.js";\nexport const out = b;\n',
      'late.js': 'export const b = await Promise.resolve(2);\n',
    });
    await expect(cjsChunks(dir, BANNER)).rejects.toThrow(/static import of late\.js, which awaits at its top level/);
  });

  it('fail the build when a chunk lacks the banner the loader replaces', async () => {
    const dir = dist('no-banner', { 'entry.js': 'export const a = 1;\n' });
    writeFileSync(join(dir, 'entry.js'), 'export const a = 1;\n');
    await expect(cjsChunks(dir, BANNER)).rejects.toThrow(/no banner/);
  });
});
