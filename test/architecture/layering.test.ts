import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The import boundaries between the layers (no views, React or Ink in src/; only src/kube
// imports the Kubernetes client; only src/cli knows argv; no I/O in views) are ESLint rules
// now (eslint.config.js, run by `npm test`). What a linter cannot see stays here.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const root = process.cwd();
const engine = sources(join(root, 'src'));

describe('architecture', () => {
  it('writes every file and folder under src/ through src/files.ts (0600 / 0700)', () => {
    const writes =
      /\b(?:writeFileSync|appendFileSync|mkdirSync|createWriteStream|copyFileSync|cpSync|writeFile|appendFile|mkdir)\s*\(|\bopenSync\s*\([^)]*['"][wa]/;
    const offenders = engine
      .filter((file) => relative(root, file) !== 'src/files.ts')
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => [line, i + 1] as const)
          .filter(([line]) => writes.test(line) && !/^\s*(\/\/|\*)/.test(line))
          .map(([line, n]) => `${relative(root, file)}:${n}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
