// The CLI's own chunks again as CommonJS-style scripts (dist/cjs/), for bin/chunk-load.ts to
// compile with a V8 code cache: Node 20 keeps no compiled code for ES modules, and compiling
// the chunks a walk or a first frame loads (and going through the ES module loader for each)
// was a large share of their start. Each chunk is converted on its own by esbuild (imports
// become `require`, exports getters, `import()` a promise of the chunk); the ES chunks stay
// beside them for worker threads, which start from a module file.
//
// A chunk that awaits at its top level (an entry, Yoga's WebAssembly in the views) cannot be
// written as CommonJS: each such `await` is hidden from esbuild as a call and put back after,
// and the loader runs the chunk's body as an async function. Such a chunk may only be reached
// by `import()` (the loader waits for its body); a static import of one fails the build.
import { parse } from 'acorn';
import { transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const AWAIT = '__triageTopLevelAwait';

/** Every top-level `await EXPR` as `AWAIT(EXPR)`, and whether there was one (acorn finds them; `for await` at the top fails). */
function hideTopLevelAwaits(source, name) {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (/Function/.test(node.type) || node.type === 'ClassBody') return;
    if (node.type === 'ForOfStatement' && node.await) throw new Error(`${name}: a top-level for await cannot be converted (scripts/cjs-chunks.mjs)`);
    if (node.type === 'AwaitExpression') found.push(node);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && typeof value.type === 'string') visit(value);
    }
  };
  visit(ast);
  let out = source;
  // From the last, so earlier offsets hold; an await inside another's argument is inside it.
  for (const node of found.sort((a, b) => b.start - a.start)) {
    const argument = source.slice(node.argument.start, node.argument.end);
    if (found.some((outer) => outer !== node && outer.start <= node.start && node.end <= outer.end)) continue;
    out = `${out.slice(0, node.start)}${AWAIT}(${argument})${out.slice(node.end)}`;
  }
  return { source: out, async: found.length > 0 };
}

/**
 * Converts every ES chunk in `dist` (the ASCII `.js` files esbuild wrote, `banner` first) to
 * dist/cjs/NAME.cjs and writes dist/cjs/chunks.json: each chunk's content hash (its code
 * cache's key) and whether its body is async.
 */
export async function cjsChunks(dist, banner) {
  mkdirSync(join(dist, 'cjs'), { recursive: true });
  const names = readdirSync(dist).filter((n) => n.endsWith('.js'));
  const manifest = {};
  const converted = new Map();
  for (const name of names) {
    let source = readFileSync(join(dist, name), 'utf8');
    if (!source.startsWith(banner)) throw new Error(`dist/${name}: no banner; scripts/cjs-chunks.mjs expects every chunk to start with it`);
    // The banner's `require` is the loader's own (bin/chunk-load.ts), which hands on what is not a chunk.
    source = source.slice(banner.length);
    const options = {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      charset: 'ascii',
      // `import()` of a chunk becomes a promise of `require`, rewritten below to wait for async chunks.
      supported: { 'dynamic-import': false, 'regexp-set-notation': true },
      define: { 'import.meta.url': '__triageImportMetaUrl' },
      logLevel: 'silent',
    };
    let result;
    let async = false;
    try {
      result = await transform(source, options);
    } catch (error) {
      if (!/[Tt]op-level await/.test(String(error?.message))) throw error;
      const hidden = hideTopLevelAwaits(source, name);
      async = hidden.async;
      result = await transform(hidden.source, options);
      const calls = result.code.split(`${AWAIT}(`).length - 1;
      if (calls === 0) throw new Error(`dist/${name}: esbuild dropped its top-level awaits`, { cause: error });
      result.code = result.code.replaceAll(`${AWAIT}(`, 'await (');
    }
    converted.set(name, { code: result.code, async });
  }
  const dynamic = /Promise\.resolve\(\)\.then\(\(\) => __toESM\(require\("\.\/([^"]+\.js)"\)\)\)/g;
  for (const [name, { code, async }] of converted) {
    const rewritten = code.replace(dynamic, (_, target) => {
      if (!converted.has(target)) throw new Error(`dist/${name}: import() of ${target}, which is not a chunk`);
      return `__triageImport(${JSON.stringify(`./${target}`)}).then((m) => __toESM(m))`;
    });
    for (const [, target] of rewritten.matchAll(/\brequire\("\.\/([^"]+\.js)"\)/g)) {
      if (converted.get(target)?.async) throw new Error(`dist/${name}: a static import of ${target}, which awaits at its top level`);
    }
    writeFileSync(join(dist, 'cjs', name.replace(/\.js$/, '.cjs')), rewritten);
    manifest[name] = { hash: createHash('sha256').update(rewritten).digest('hex').slice(0, 16), ...(async ? { async: true } : {}) };
  }
  writeFileSync(join(dist, 'cjs', 'chunks.json'), JSON.stringify(manifest));
}
