import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The layers never bend backwards (STYLE.md): the engine draws nothing and only the
// cluster adapter talks to the Kubernetes client.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const root = process.cwd();
const engine = sources(join(root, 'src'));

describe('architecture', () => {
  it('keeps React, Ink and the views out of the engine', () => {
    const offenders = engine.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(ink|react|ink-testing-library|@alcalzone\/ink-table)(\/|$)/.test(spec) || /(^|\/)views(\/|$)/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lets only src/kube import the Kubernetes client', () => {
    const offenders = engine
      .filter((file) => !relative(root, file).startsWith('src/kube/'))
      .flatMap((file) => importsOf(file).filter((spec) => spec.startsWith('@kubernetes/client-node')).map((spec) => `${relative(root, file)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('lets only src/cli know argv, stdout and exit codes', () => {
    const offenders = engine
      .filter((file) => !relative(root, file).startsWith('src/cli/'))
      .flatMap((file) => importsOf(file).filter((spec) => /(^|\/)cli\//.test(spec)).map((spec) => `${relative(root, file)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the views free of I/O modules', () => {
    const views = sources(join(root, 'views'));
    const offenders = views.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(node:)?(fs|child_process|net|http|https|dgram)(\/|$)|^(execa|pg|redis|@kubernetes\/client-node)$/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('writes every file and folder under src/ through src/files.ts (0600 / 0700)', () => {
    const writes = /\b(?:writeFileSync|appendFileSync|mkdirSync|createWriteStream|copyFileSync|cpSync|writeFile|appendFile|mkdir)\s*\(|\bopenSync\s*\([^)]*['"][wa]/;
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
