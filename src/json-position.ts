// Where a value sits in JSON text, so a schema error can name the line as well as the field.
// JSON.parse keeps no positions; this walks the text once (only on the error path) and stops
// at the value the path names — or at the deepest part of the path that exists, for a missing key.

type Segment = PropertyKey;

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class Walker {
  private i = 0;
  /** Offset of the deepest value on the path seen so far, and how many segments it matched. */
  best = { at: 0, depth: -1 };

  constructor(
    private readonly text: string,
    private readonly path: readonly Segment[],
  ) {}

  private skip(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i]!)) this.i++;
  }

  private string(): string {
    const start = this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  /** Walk one value; `depth` is how many path segments lead to it (-1 once off the path). */
  value(depth: number): boolean {
    this.skip();
    if (depth >= 0 && depth > this.best.depth) this.best = { at: this.i, depth };
    if (depth === this.path.length) return true;
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') this.string();
    else while (this.i < this.text.length && !',]}'.includes(this.text[this.i]!) && !WHITESPACE.has(this.text[this.i]!)) this.i++;
    return false;
  }

  private object(depth: number): boolean {
    this.i++;
    for (;;) {
      this.skip();
      if (this.text[this.i] === '}' || this.i >= this.text.length) {
        this.i++;
        return false;
      }
      if (this.text[this.i] === ',') {
        this.i++;
        this.skip();
      }
      const key = this.string();
      this.skip();
      this.i++; // ':'
      const onPath = depth >= 0 && this.path[depth] === key;
      if (this.value(onPath ? depth + 1 : -1)) return true;
    }
  }

  private array(depth: number): boolean {
    this.i++;
    for (let index = 0; ; index++) {
      this.skip();
      if (this.text[this.i] === ']' || this.i >= this.text.length) {
        this.i++;
        return false;
      }
      if (this.text[this.i] === ',') this.i++;
      const onPath = depth >= 0 && this.path[depth] === index;
      if (this.value(onPath ? depth + 1 : -1)) return true;
    }
  }
}

/** The 1-based line of the value at `path` in valid JSON text (or of its nearest existing parent). */
export function jsonPathLine(text: string, path: readonly Segment[]): number | undefined {
  const walker = new Walker(text, path);
  try {
    walker.value(0);
  } catch {
    return undefined; // deeper than the stack: the field alone still names it
  }
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < walker.best.at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
