import { readFileSync } from 'node:fs';

/**
 * Ink draws every frame from scratch: a grid of cells per row, each line written into it
 * tokenized (ansi-tokenize), clipped (slice-ansi) and measured (string-width), then each row
 * turned back into a string (the styles diffed cell by cell) — about 14 ms of CPU a frame at
 * 120×40, though most rows are the same as in the frame before. Its caches live on one frame's
 * Output. Here they are shared by every frame (cleared when they grow past a bound, between
 * frames), clipping is memoised too, and each row's string is cached by what was written to it
 * (its x and text, in order, and the frame's width): a row that is written the same way is the
 * same string, and only a row that changed is built cell by cell, with Ink's own code.
 * test/views/ink-output-caches.test.ts holds the patched output to be the unpatched one's.
 */
export function inkOutputCaches() {
  const patches = [
    // The caches: one set for every frame, bounded, with clipping and whole rows in them.
    [
      /^class OutputCaches \{[\s\S]*?^\}\n(?=export default class Output \{)/m,
      `const LIMITS = { widths: 2000, blockWidths: 100, styledChars: 150, slices: 400, rows: 150 };
class OutputCaches {
    widths = new Map();
    blockWidths = new Map();
    styledChars = new Map();
    slices = new Map();
    rows = new Map();
    trim() {
        for (const [name, limit] of Object.entries(LIMITS)) {
            if (this[name].size > limit) {
                this[name].clear();
            }
        }
    }
    getStyledChars(line) {
        let cached = this.styledChars.get(line);
        if (cached === undefined) {
            cached = styledCharsFromTokens(tokenize(line));
            this.styledChars.set(line, cached);
        }
        return cached;
    }
    getStringWidth(text) {
        let cached = this.widths.get(text);
        if (cached === undefined) {
            cached = stringWidth(text);
            this.widths.set(text, cached);
        }
        return cached;
    }
    getWidestLine(text) {
        let cached = this.blockWidths.get(text);
        if (cached === undefined) {
            let lineWidth = 0;
            for (const line of text.split('\\n')) {
                lineWidth = Math.max(lineWidth, this.getStringWidth(line));
            }
            cached = lineWidth;
            this.blockWidths.set(text, cached);
        }
        return cached;
    }
    getSlice(line, from, to) {
        const key = \`\${from},\${to},\${line}\`;
        let cached = this.slices.get(key);
        if (cached === undefined) {
            cached = sliceAnsi(line, from, to);
            this.slices.set(key, cached);
        }
        return cached;
    }
    // writes: x, line, x, line… in the order they were written to the row.
    getRow(width, writes) {
        if (writes.length === 0) {
            return '';
        }
        let key = String(width);
        for (let index = 0; index < writes.length; index += 2) {
            key += \`|\${writes[index]},\${writes[index + 1].length}:\${writes[index + 1]}\`;
        }
        let cached = this.rows.get(key);
        if (cached === undefined) {
            cached = this.drawRow(width, writes);
            this.rows.set(key, cached);
        }
        return cached;
    }
    drawRow(width, writes) {
        const currentLine = [];
        for (let x = 0; x < width; x++) {
            currentLine.push({
                type: 'char',
                value: ' ',
                fullWidth: false,
                styles: [],
            });
        }
        for (let index = 0; index < writes.length; index += 2) {
            const characters = this.getStyledChars(writes[index + 1]);
            let offsetX = writes[index];
            for (const character of characters) {
                currentLine[offsetX] = character;
                // Determine printed width using string-width to align with measurement
                const characterWidth = Math.max(1, this.getStringWidth(character.value));
                // For multi-column characters, clear following cells to avoid stray spaces/artifacts
                if (characterWidth > 1) {
                    for (let index = 1; index < characterWidth; index++) {
                        currentLine[offsetX + index] = {
                            type: 'char',
                            value: '',
                            fullWidth: false,
                            styles: character.styles,
                        };
                    }
                }
                offsetX += characterWidth;
            }
        }
        // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
        return styledCharsToString(currentLine.filter(item => item !== undefined)).trimEnd();
    }
}
const sharedCaches = new OutputCaches();
`,
    ],
    ['    caches = new OutputCaches();\n', '    caches = sharedCaches;\n'],
    // Rows are collected as what is written to them, and drawn (or found) at the end.
    [
      /^ {8}\/\/ Initialize output array[^\n]*\n {8}const output = \[\];\n {8}for \(let y = 0; y < this\.height; y\+\+\) \{\n[\s\S]*?^ {12}output\.push\(row\);\n {8}\}\n/m,
      `        this.caches.trim();
        const output = [];
        for (let y = 0; y < this.height; y++) {
            output.push([]);
        }
`,
    ],
    ['return sliceAnsi(line, from, to);', 'return this.caches.getSlice(line, from, to);'],
    [
      /^ {20}const characters = this\.caches\.getStyledChars\(line\);\n[\s\S]*?^ {20}offsetY\+\+;\n/m,
      `                    currentLine.push(x, line);
                    offsetY++;
`,
    ],
    [
      /^ {8}const generatedOutput = output\n[\s\S]*?\.join\('\\n'\);\n/m,
      `        const generatedOutput = output
            .map(writes => this.caches.getRow(this.width, writes))
            .join('\\n');
`,
    ],
  ];
  return {
    name: 'ink-output-caches',
    setup(build) {
      build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of patches) {
          const found = typeof from === 'string' ? source.split(from).length - 1 : (source.match(new RegExp(from.source, `${from.flags}g`)) ?? []).length;
          if (found !== 1) throw new Error(`${args.path}: Ink's Output changed; update the ink-output-caches plugin (scripts/ink-output-caches.mjs)`);
          source = source.replace(from, () => to);
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}
