import { isAbsolute, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import type { CheckContext } from './types';

/** A plan path resolved against the plan's directory (the directory itself when none is given). */
export function planPath(ctx: Pick<CheckContext, 'baseDir'>, path: string | undefined): string {
  if (path === undefined) return ctx.baseDir;
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

/** How a path is shown: relative to the plan's directory when inside it. */
export function shownPath(baseDir: string, absolute: string): string {
  const rel = relative(baseDir, absolute);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

/** Absolute paths matching a glob written relative to the plan's directory, sorted. */
export async function matchPaths(pattern: string, baseDir: string, onlyFiles: boolean): Promise<string[]> {
  const found = await glob(pattern, { cwd: baseDir, absolute: true, dot: true, onlyFiles, expandDirectories: false });
  return found.map((p) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p)).sort();
}

/** `1.2 KB`, `3 bytes`, `4.0 MB` */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
