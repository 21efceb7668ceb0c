// Scripts (the build, benchmarks) that need engine code run it from source: the named
// exports are bundled with esbuild into one scratch module, imported, and the scratch
// file removed. The engine is TypeScript; this is how a plain .mjs script reaches it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `modules`: module path under the repository (e.g. 'src/signatures/load') → the names it exports that are wanted. */
export async function importEngine(modules) {
  const contents = Object.entries(modules)
    .map(([path, names]) => `export { ${names.join(', ')} } from './${path}';`)
    .join('\n');
  const bundle = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['re2'],
    banner: { js: "import { createRequire as __triageCreateRequire } from 'node:module'; const require = __triageCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const scratch = mkdtempSync(join(tmpdir(), 'triage-engine-'));
  try {
    const script = join(scratch, 'engine.mjs');
    writeFileSync(script, bundle.outputFiles[0].contents);
    return await import(pathToFileURL(script).href);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
