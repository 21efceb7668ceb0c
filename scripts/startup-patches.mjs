// esbuild plugins that take work off the CLI's start and first frame by patching a library's
// source at build time. Each checks that the text it replaces is there, once, and fails the
// build when a library update moved it: a patch that silently stops applying is a slowdown
// nobody sees. test/cli/startup-patches.test.ts builds each library with and without its
// patch and compares what they do.
import { tokenizer, tokTypes } from 'acorn';
import { readFileSync } from 'node:fs';

/** `source` with each `[from, to]` replaced, each `from` required to occur exactly once. */
function replaceOnce(source, replacements, path, plugin) {
  let out = source;
  for (const [from, to] of replacements) {
    if (out.split(from).length !== 2) throw new Error(`${path}: the library changed; update the ${plugin} plugin in scripts/startup-patches.mjs`);
    out = out.replace(from, () => to);
  }
  return out;
}

/**
 * Yoga (Ink's layout) inlines its WebAssembly as a base64 data: URL. When `fetch` exists it
 * loads it through fetch, whose first use loads Node's undici; without fetch it decodes the
 * text with `atob` and copies it byte by byte (~6 ms for its 96 KB). The bytes are in the
 * bundle already: they are decoded in place, by Buffer (~0.5 ms).
 */
export const yogaWasmFromBuffer = {
  name: 'yoga-wasm-from-buffer',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => ({
      contents: replaceOnce(
        readFileSync(args.path, 'utf8'),
        [
          ['w||"function"!=typeof fetch?', 'true?'],
          [
            'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
            'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
          ],
        ],
        args.path,
        'yoga-wasm-from-buffer',
      ),
      loader: 'js',
    }));
  },
};

/**
 * Ink draws a line by asking @alcalzone/ansi-tokenize for the codes between each character
 * and the next (`diffAnsiCodes`), which builds three Sets and two arrays every time: a large
 * share of a first frame's CPU. Neighbouring characters nearly always have the same styles,
 * and from a style to the same style the answer is no codes at all (every code of `from` is
 * in `to` and the other way round), so that case returns at once. `styles` are compared by
 * what the diff reads of them: each code's start and end.
 */
export const ansiTokenizeSameStyles = {
  name: 'ansi-tokenize-same-styles',
  setup(build) {
    build.onLoad({ filter: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ }, (args) => ({
      contents: replaceOnce(
        readFileSync(args.path, 'utf8'),
        [
          [
            'export function diffAnsiCodes(from, to) {',
            `function sameStyles(from, to) {
    if (from === to) return true;
    if (from.length !== to.length) return false;
    for (let i = 0; i < from.length; i++) {
        if (from[i].code !== to[i].code || from[i].endCode !== to[i].endCode) return false;
    }
    return true;
}
export function diffAnsiCodes(from, to) {
    if (sameStyles(from, to)) return [];`,
          ],
        ],
        args.path,
        'ansi-tokenize-same-styles',
      ),
      loader: 'js',
    }));
  },
};

/**
 * `code` (esbuild's output) with the characters past ASCII left in comments and regex
 * literals written as escapes; esbuild escapes them in strings and templates but not there.
 * One such character makes Node hold the whole file as two bytes a character: slower to
 * decode, to hash against the code cache, and to compile (an arrow in one regex made a
 * 280 KB chunk two-byte). Any left elsewhere (a raw template, where an escape would change
 * the text) stay as they are, and so the file is left two-byte. Returns the code and whether
 * it is all ASCII now.
 */
export function asciiOutput(code) {
  if (!/[^\x00-\x7f]/.test(code)) return { code, ascii: true };
  const spans = [];
  const tokens = tokenizer(code, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    allowHashBang: true,
    allowReturnOutsideFunction: true,
    onComment: (_block, _text, start, end) => spans.push({ start, end, unicode: false }),
  });
  for (const token of tokens) {
    if (token.type === tokTypes.regexp) spans.push({ start: token.start, end: token.end, unicode: /[uv]/.test(token.value.flags) });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let copied = 0;
  let ascii = true;
  let span = 0;
  for (const match of code.matchAll(/[^\x00-\x7f]+/g)) {
    const at = match.index;
    while (span < spans.length && spans[span].end <= at) span++;
    const inside = span < spans.length && spans[span].start <= at && at + match[0].length <= spans[span].end;
    if (!inside) {
      ascii = false;
      continue;
    }
    const { unicode } = spans[span];
    let escaped = '';
    for (const ch of match[0]) {
      const cp = ch.codePointAt(0);
      if (cp <= 0xffff) escaped += `\\u${cp.toString(16).padStart(4, '0')}`;
      else if (unicode) escaped += `\\u{${cp.toString(16)}}`;
      // Outside unicode mode a regex reads the two halves of the pair one by one, escaped or not.
      else
        escaped += ch
          .split('')
          .map((half) => `\\u${half.charCodeAt(0).toString(16)}`)
          .join('');
    }
    out += code.slice(copied, at) + escaped;
    copied = at + match[0].length;
  }
  return { code: out + code.slice(copied), ascii };
}
