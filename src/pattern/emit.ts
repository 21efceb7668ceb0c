// Emission: the JavaScript source that verifies a candidate line.

import type { ClassItem, RegexNode } from './tree';

const SPECIAL = new Set('\\^$.|?*+()[]{}/-'.split(''));

function charSource(code: number, inClass: boolean): string {
  const ch = String.fromCharCode(code);
  if (code < 32 || code === 127) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (inClass) return ch === ']' || ch === '\\' || ch === '^' || ch === '-' || ch === '[' ? `\\${ch}` : ch;
  return SPECIAL.has(ch) ? `\\${ch}` : ch;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function swapCase(code: number): number {
  return code >= 97 ? code - 32 : code + 32;
}

function classItemSource(item: ClassItem, fold: boolean): string {
  if ('shorthand' in item) return `\\${item.shorthand}`;
  let out = item.from === item.to ? charSource(item.from, true) : `${charSource(item.from, true)}-${charSource(item.to, true)}`;
  if (fold) {
    // Add the other case of every letter in the range, as ranges.
    for (const [lo, hi] of [
      [65, 90],
      [97, 122],
    ] as const) {
      const a = Math.max(item.from, lo);
      const b = Math.min(item.to, hi);
      if (a <= b) out += a === b ? charSource(swapCase(a), true) : `${charSource(swapCase(a), true)}-${charSource(swapCase(b), true)}`;
    }
  }
  return out;
}

/**
 * JavaScript source for the tree. Case-insensitivity is spelled out as classes
 * (`[oO]`) because V8's linear-time fallback does not run the `i` flag.
 */
export function toJavaScript(tree: RegexNode, ignoreCase: boolean): string {
  const emit = (node: RegexNode): string => {
    switch (node.type) {
      case 'char':
        return ignoreCase && isLetter(node.code)
          ? `[${String.fromCharCode(node.code)}${String.fromCharCode(swapCase(node.code))}]`
          : charSource(node.code, false);
      case 'class': {
        const only = node.items[0]!;
        if (!node.negated && node.items.length === 1 && 'shorthand' in only) return `\\${only.shorthand}`;
        return `[${node.negated ? '^' : ''}${node.items.map((i) => classItemSource(i, ignoreCase)).join('')}]`;
      }
      case 'any':
        return '.';
      case 'assert':
        return node.kind === 'b' || node.kind === 'B' ? `\\${node.kind}` : node.kind;
      case 'group':
        return `(${node.capture ? (node.name ? `?<${node.name}>` : '') : '?:'}${emit(node.body)})`;
      case 'concat':
        return node.items.map(emit).join('');
      case 'alt':
        return node.branches.map(emit).join('|');
      case 'repeat': {
        const q =
          node.min === 0 && node.max === Infinity
            ? '*'
            : node.min === 1 && node.max === Infinity
              ? '+'
              : node.min === 0 && node.max === 1
                ? '?'
                : node.max === Infinity
                  ? `{${node.min},}`
                  : node.min === node.max
                    ? `{${node.min}}`
                    : `{${node.min},${node.max}}`;
        const body = node.body.type === 'concat' || node.body.type === 'alt' ? `(?:${emit(node.body)})` : emit(node.body);
        return `${body}${q}${node.lazy ? '?' : ''}`;
      }
    }
  };
  return emit(tree);
}

/** The regex source that matches `text` literally. */
export function escapeLiteral(text: string): string {
  let out = '';
  // A slash needs no escape in a pattern's source (only inside a /…/ literal, which this is not
  // written into), and RE2 and ripgrep refuse `\/`: the library's patterns stay in the syntax both read.
  for (let i = 0; i < text.length; i++) out += text[i] === '/' ? '/' : charSource(text.charCodeAt(i), false);
  return out;
}
