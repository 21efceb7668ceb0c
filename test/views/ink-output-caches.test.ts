import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The built workbench draws with Ink's Output as scripts/ink-output-caches.mjs patches it: the
// same frames, in the same bytes, as Ink's own Output, however the caches are hit.

type Transformer = (line: string, index: number) => string;
interface Output {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => Output;
type Op = ['write', number, number, string, Transformer[]] | ['clip', { x1?: number; x2?: number; y1?: number; y2?: number }] | ['unclip'];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INK_OUTPUT = join(ROOT, 'node_modules', 'ink', 'build', 'output.js');

let Unpatched: OutputClass;
let Patched: OutputClass;
let work: string;

beforeAll(async () => {
  const specifier = pathToFileURL(join(ROOT, 'scripts', 'ink-output-caches.mjs')).href;
  const { inkOutputCaches } = (await import(specifier)) as { inkOutputCaches: () => Plugin };
  const result = await build({
    entryPoints: [INK_OUTPUT],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: [inkOutputCaches()],
    logLevel: 'silent',
  });
  work = mkdtempSync(join(tmpdir(), 'triage-ink-output-'));
  const patched = join(work, 'output.mjs');
  writeFileSync(patched, result.outputFiles[0]!.contents);
  Patched = ((await import(pathToFileURL(patched).href)) as { default: OutputClass }).default;
  Unpatched = ((await import(pathToFileURL(INK_OUTPUT).href)) as { default: OutputClass }).default;
  return () => rmSync(work, { recursive: true, force: true });
});

function draw(Class: OutputClass, width: number, height: number, ops: Op[]): { output: string; height: number } {
  const output = new Class({ width, height });
  for (const op of ops) {
    if (op[0] === 'write') output.write(op[1], op[2], op[3], { transformers: op[4] });
    else if (op[0] === 'clip') output.clip(op[1]);
    else output.unclip();
  }
  return output.get();
}

/** Both Outputs draw the frame; the patched one twice (its caches cold, then warm). */
function expectSameFrame(width: number, height: number, ops: Op[]): string {
  const expected = draw(Unpatched, width, height, ops);
  expect(draw(Patched, width, height, ops)).toEqual(expected);
  expect(draw(Patched, width, height, ops)).toEqual(expected);
  return expected.output;
}

const red = (s: string) => `\u001B[31m${s}\u001B[39m`;
const bold = (s: string) => `\u001B[1m${s}\u001B[22m`;
const inverse = (s: string) => `\u001B[7m${s}\u001B[27m`;
const link = (s: string) => `\u001B]8;;https://example.com/run/1\u0007${s}\u001B]8;;\u0007`;
const upper: Transformer = (line) => line.toUpperCase();
const numbered: Transformer = (line, index) => `${index}${line}`;
const dim: Transformer = (line) => `\u001B[2m${line}\u001B[22m`;

// What a workbench frame is made of: borders, spinners, colours, wide and combining characters.
const PIECES = [
  '╭──────────╮',
  '│ 1 Scope  │',
  '⠋ running',
  '› 2 Reproduce',
  red('✗ failed'),
  bold('OOMKilled') + ' exit 137',
  inverse(' a ') + ' run all',
  '漢字のテスト',
  '👍🏽 ok',
  'e\u0301te\u0301',
  link('run 1'),
  'plain ascii text that is rather longer than the box it is in',
  red(`left ${bold('both')} right`),
  '',
  ' ',
  'a\nb\nc',
  `${red('multi')}\nline ${bold('text')}\n漢字`,
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomFrame(next: () => number, width: number, height: number): Op[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const int = (from: number, to: number) => from + Math.floor(next() * (to - from + 1));
  const ops: Op[] = [];
  let depth = 0;
  for (let i = int(5, 40); i > 0; i--) {
    const r = next();
    if (r < 0.15) {
      const x1 = int(-2, width);
      const y1 = int(-2, height);
      const clip =
        next() < 0.5
          ? { x1, x2: x1 + int(0, width), y1, y2: y1 + int(0, height) }
          : next() < 0.5
            ? { x1, x2: x1 + int(0, width) }
            : { y1, y2: y1 + int(0, height) };
      ops.push(['clip', clip]);
      depth++;
    } else if (r < 0.22 && depth > 0) {
      ops.push(['unclip']);
      depth--;
    } else {
      const transformers = next() < 0.3 ? [pick([upper, numbered, dim])] : next() < 0.1 ? [upper, dim] : [];
      ops.push(['write', int(-3, width + 2), int(-2, height + 1), pick(PIECES) + (next() < 0.3 ? pick(PIECES) : ''), transformers]);
    }
  }
  return ops;
}

describe('Ink output with shared caches (scripts/ink-output-caches.mjs)', () => {
  it('draws a screen of borders, colours and wide characters as Ink does, cold and warm', () => {
    const ops: Op[] = [
      ['write', 0, 0, '╭' + '─'.repeat(38) + '╮\n│' + ' '.repeat(38) + '│\n╰' + '─'.repeat(38) + '╯', []],
      ['clip', { x1: 1, x2: 39, y1: 1, y2: 2 }],
      ['write', 1, 1, `${red('✗')} ${bold('checkout')} 漢字 👍🏽 and text that runs past the border`, []],
      ['write', 30, 1, 'over', [upper]],
      ['unclip'],
      ['write', 2, 3, `⠋ ${inverse(' a ')} run all`, [dim]],
      ['write', 38, 4, '漢字', []],
      ['write', 0, 5, 'a\nb\nc\nd', [numbered]],
      ['write', 0, -1, 'above', []],
    ];
    const screen = expectSameFrame(40, 7, ops);
    expect(screen).toContain('✗');
    expect(screen.split('\n')).toHaveLength(7);
  });

  it('gives a row its own string when only its x, its text or the width changed', () => {
    const at = (x: number, text: string): Op[] => [['write', x, 0, text, []]];
    const first = expectSameFrame(20, 1, at(0, 'row'));
    expect(expectSameFrame(20, 1, at(2, 'row'))).not.toBe(first);
    expect(expectSameFrame(20, 1, at(0, red('row')))).not.toBe(first);
    expect(expectSameFrame(20, 1, [...at(0, 'ro'), ...at(2, 'w')])).toBe(first);
    expect(expectSameFrame(2, 1, at(0, '漢字'))).toBe(expectSameFrame(2, 1, at(0, '漢字')));
    expectSameFrame(3, 1, at(0, '漢字'));
  });

  it('draws 400 random frames, each after the others have filled the caches, as Ink does', () => {
    const next = random(13);
    const frames: [number, number, Op[]][] = [];
    for (let i = 0; i < 200; i++) {
      const width = [120, 80, 40, 7][i % 4]!;
      const height = [40, 12, 5][i % 3]!;
      frames.push([width, height, randomFrame(next, width, height)]);
    }
    // Then the same frames again, each with one write moved or changed: mostly cache hits.
    for (const [width, height, ops] of frames.slice()) {
      const changed = ops.slice();
      const index = changed.findIndex((op) => op[0] === 'write');
      const op = changed[index];
      if (op?.[0] === 'write') changed[index] = ['write', op[1] + 1, op[2], `${op[3]}!`, op[4]];
      frames.push([width, height, changed]);
    }
    for (const [width, height, ops] of frames) expectSameFrame(width, height, ops);
  });
});
