import { describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

// The build's patches to libraries (scripts/startup-patches.mjs) change how fast they run,
// never what they do: each library is built with and without its patch and both are asked
// the same questions.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const patchesUrl = pathToFileURL(join(ROOT, 'scripts', 'startup-patches.mjs')).href;
const { ansiTokenizeSameStyles, asciiOutput, yogaWasmFromBuffer } = (await import(patchesUrl)) as {
  ansiTokenizeSameStyles: Plugin;
  asciiOutput: (code: string) => { code: string; ascii: boolean };
  yogaWasmFromBuffer: Plugin;
};

const scratch = mkdtempSync(join(tmpdir(), 'triage-patches-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `contents` bundled (as an ES module file in the scratch folder), with the given plugins; its path. */
async function bundle(name: string, contents: string, plugins: Plugin[]): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins,
    logLevel: 'silent',
  });
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, result.outputFiles[0]!.contents);
  return file;
}

interface AnsiTokenize {
  tokenize(text: string): unknown[];
  styledCharsFromTokens(tokens: unknown[]): { styles: unknown[] }[];
  styledCharsToString(chars: unknown[]): string;
  diffAnsiCodes(from: unknown[], to: unknown[]): unknown[];
}

/** A deterministic pseudo-random generator (a fixed seed: the same cases every run). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const CODES = [
  '\u001b[1m',
  '\u001b[2m',
  '\u001b[22m',
  '\u001b[3m',
  '\u001b[23m',
  '\u001b[4m',
  '\u001b[24m',
  '\u001b[7m',
  '\u001b[27m',
  '\u001b[31m',
  '\u001b[32m',
  '\u001b[39m',
  '\u001b[38;5;208m',
  '\u001b[38;2;10;20;30m',
  '\u001b[44m',
  '\u001b[48;5;17m',
  '\u001b[49m',
  '\u001b[0m',
  '\u001b]8;;https://example.test/a\u0007',
  '\u001b]8;;\u0007',
];
const CHARS = ['a', 'b', ' ', '│', '✓', '─', '日', '😀', 'x'];

function styledLine(random: () => number): string {
  let line = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) {
    if (random() < 0.25) line += CODES[Math.floor(random() * CODES.length)];
    line += CHARS[Math.floor(random() * CHARS.length)];
  }
  return line;
}

describe('ansi-tokenize-same-styles', () => {
  it('draws every styled line as the unpatched library does, and diffs every pair of styles alike', async () => {
    const source = 'export { tokenize, styledCharsFromTokens, styledCharsToString, diffAnsiCodes } from "@alcalzone/ansi-tokenize";';
    const plain = (await import(pathToFileURL(await bundle('ansi-plain', source, [])).href)) as AnsiTokenize;
    const patched = (await import(pathToFileURL(await bundle('ansi-patched', source, [ansiTokenizeSameStyles])).href)) as AnsiTokenize;
    expect(patched.diffAnsiCodes).not.toBe(plain.diffAnsiCodes);
    const random = seeded(13);
    let same = 0;
    for (let n = 0; n < 600; n++) {
      const line = styledLine(random);
      const chars = plain.styledCharsFromTokens(plain.tokenize(line));
      expect(patched.styledCharsToString(patched.styledCharsFromTokens(patched.tokenize(line))), JSON.stringify(line)).toBe(plain.styledCharsToString(chars));
      for (let i = 1; i < chars.length; i++) {
        const [from, to] = [chars[i - 1]!.styles, chars[i]!.styles];
        if (JSON.stringify(from) === JSON.stringify(to)) same++;
        expect(patched.diffAnsiCodes(from, to)).toEqual(plain.diffAnsiCodes(from, to));
        expect(patched.diffAnsiCodes(to, from)).toEqual(plain.diffAnsiCodes(to, from));
      }
    }
    // The shortcut was taken (neighbours with the same styles), and so was the long way.
    expect(same).toBeGreaterThan(300);
  });
});

describe('yoga-wasm-from-buffer', () => {
  // In a Node of its own: whether undici was loaded is a fact about the whole process.
  const layout = `
    import Yoga from 'yoga-layout';
    const root = Yoga.Node.create();
    root.setWidth(80); root.setFlexDirection(Yoga.FLEX_DIRECTION_ROW); root.setPadding(Yoga.EDGE_ALL, 1);
    const a = Yoga.Node.create(); a.setFlexGrow(1); a.setHeight(3);
    const b = Yoga.Node.create(); b.setWidth(17); b.setHeight(5); b.setMargin(Yoga.EDGE_LEFT, 2);
    root.insertChild(a, 0); root.insertChild(b, 1);
    root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
    const box = (n) => [n.getComputedLeft(), n.getComputedTop(), n.getComputedWidth(), n.getComputedHeight()];
    const undici = process.moduleLoadList.some((m) => m.includes('undici'));
    console.log(JSON.stringify({ root: box(root), a: box(a), b: box(b), undici }));
  `;
  const run = (file: string) => JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 })) as Record<string, unknown>;

  it('lays out as the unpatched Yoga does, without loading fetch', async () => {
    const plain = run(await bundle('yoga-plain', layout, []));
    const patched = run(await bundle('yoga-patched', layout, [yogaWasmFromBuffer]));
    expect(plain.undici).toBe(true);
    expect(patched).toEqual({ ...plain, undici: false });
    expect(patched.b).toEqual([62, 1, 17, 5]);
  });
});

describe('asciiOutput', () => {
  it('escapes what is past ASCII in comments and regex literals, and the code does what it did', () => {
    const source = [
      '// an arrow → in a comment',
      '/** a dash — in a block */',
      'export const ellipsis = /…$/;',
      'export const either = /[😀✗]/u;',
      'export const pair = /^😀$/;',
      'export const sets = /[\\p{L}--[a-z]]→/v;',
    ].join('\n');
    const { code, ascii } = asciiOutput(source);
    expect(ascii).toBe(true);
    expect(code).toMatch(/^[\x00-\x7f]*$/);
    const run = (js: string) => {
      const m = { exports: {} as Record<string, unknown> };
      new Function('module', js.replace(/export const (\w+) =/g, 'module.exports.$1 =').replace(/^\/\/.*$/m, ''))(m);
      return m.exports as { ellipsis: RegExp; either: RegExp; pair: RegExp; sets: RegExp };
    };
    const [before, after] = [run(source), run(code)];
    for (const probe of ['wait…', 'wait...', '😀', '✗', 'x', 'É→', 'e→']) {
      for (const key of ['ellipsis', 'either', 'pair', 'sets'] as const) expect(after[key].test(probe), `${key} ${probe}`).toBe(before[key].test(probe));
    }
  });

  it('leaves a raw template as it is, and says the code is not all ASCII', () => {
    const source = 'const raw = String.raw`→`; // →';
    const { code, ascii } = asciiOutput(source);
    expect(ascii).toBe(false);
    expect(code).toBe('const raw = String.raw`→`; // \\u2192');
  });

  it('left every file of the build ASCII', () => {
    const files = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const twoByte = files.filter((f) => readFileSync(join(ROOT, 'dist', f)).some((b) => b >= 0x80));
    expect(twoByte).toEqual([]);
  });
});
