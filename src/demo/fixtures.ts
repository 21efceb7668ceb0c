import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file or directory under fixtures/, found from the source file or from the bundle in dist/. */
export function fixturePath(relative: string): string {
  const from = fileURLToPath(import.meta.url);
  for (let dir = dirname(from); ;) {
    const candidate = join(dir, 'fixtures', relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`demo fixture ${relative} not found above ${from}`);
    dir = parent;
  }
}
