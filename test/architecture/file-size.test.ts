import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// No god files (issue 12): a module of the engine or the views that grows past 300 lines is
// doing more than one job; split it along its seams before it lands.
const MAX_LINES = 300;
const root = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('file size', () => {
  it(`keeps every file of src/ and views/ at ${MAX_LINES} lines or fewer`, () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'views'))];
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
