import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

// Folders point one way (DESIGN section 8, issue 12): the import graph of src/, type imports
// included, has no cycle between folders, nor between files. A folder is a top-level folder
// of src/ (`checks`, `kube`, ...); a file directly in src/ is a node of its own (`model`).

const root = process.cwd();
const src = join(root, 'src');

/**
 * Folder edges that still close a cycle, each with why it is not broken yet. The test fails
 * when one disappears, so the list only shrinks.
 */
const KNOWN_FOLDER_EDGES: Record<string, string> = {};

/** File cycles (strongly connected sets of files) not broken yet, each sorted, with why. */
const KNOWN_FILE_CYCLES: Record<string, string> = {};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((candidate) => existsSync(candidate));
}

/** file → the src/ files it imports (static, type-only and dynamic imports, re-exports). */
function fileGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(src)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map((i) => resolveImport(file, i.fileName)).filter((t): t is string => t !== undefined && t.startsWith(src + '/'));
    graph.set(relative(src, file), new Set(targets.map((t) => relative(src, t))));
  }
  return graph;
}

function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 1 ? parts[0]!.replace(/\.tsx?$/, '') : parts[0]!;
}

/** Strongly connected sets of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        set.push(w);
      } while (w !== v);
      if (set.length > 1) found.push(set.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One cycle through a strongly connected set, as `a → b → … → a`, each step with a file import that makes it. */
function describeCycle(set: string[], graph: Map<string, Set<string>>, why: (a: string, b: string) => string): string {
  const members = new Set(set);
  const start = set[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start].map((node, i, all) => (i === 0 ? node : `→ ${node}${why(all[i - 1]!, node)}`)).join(' ');
      }
      if (!previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return set.join(', ');
}

const files = fileGraph();
const folders = new Map<string, Set<string>>();
const folderEdgeFiles = new Map<string, string[]>();
for (const [file, targets] of files) {
  const from = folderOf(file);
  if (!folders.has(from)) folders.set(from, new Set());
  for (const target of targets) {
    const to = folderOf(target);
    if (to === from) continue;
    folders.get(from)!.add(to);
    const key = `${from} -> ${to}`;
    folderEdgeFiles.set(key, [...(folderEdgeFiles.get(key) ?? []), `${file} imports ${target}`]);
  }
}

describe('one-way folders', () => {
  it('has no import cycle between the folders of src/', () => {
    const allowed = new Map([...folders].map(([from, to]) => [from, new Set([...to].filter((t) => !(`${from} -> ${t}` in KNOWN_FOLDER_EDGES)))]));
    const why = (a: string, b: string) => ` (${folderEdgeFiles.get(`${a} -> ${b}`)![0]})`;
    const found = cycles(allowed).flatMap((set) => [
      describeCycle(set, allowed, why),
      // Every pair of folders importing each other inside the cycle, too.
      ...set.flatMap((a) => set.filter((b) => a < b && allowed.get(a)!.has(b) && allowed.get(b)!.has(a)).map((b) => `${a} ↔ ${b}${why(a, b)}${why(b, a)}`)),
    ]);
    expect(found).toEqual([]);
  });

  it('still needs every folder edge it lists as a known exception', () => {
    expect(Object.keys(KNOWN_FOLDER_EDGES).filter((edge) => !folderEdgeFiles.has(edge))).toEqual([]);
  });

  it('has no import cycle between the files of src/', () => {
    const found = cycles(files)
      .filter((set) => !(set.join(' ') in KNOWN_FILE_CYCLES))
      .map((set) => describeCycle(set, files, () => ''));
    expect(found).toEqual([]);
  });

  it('still has every file cycle it lists as a known exception', () => {
    const present = new Set(cycles(files).map((set) => set.join(' ')));
    expect(Object.keys(KNOWN_FILE_CYCLES).filter((set) => !present.has(set))).toEqual([]);
  });
});
