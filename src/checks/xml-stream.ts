// A streaming XML reader for the reports triage reads (JUnit): text arrives in chunks of any
// size and leaves as open / close / text calls, so a 100 MB report never sits in memory whole.
// Entity expansion is off: only the five predefined entities and character references are
// decoded; a DOCTYPE that declares entities (XXE, "billion laughs") is refused, as is any
// other entity. Well-formedness is checked as far as the reader needs: tags must nest and
// close, attributes must be quoted, and errors name the line.
import { InputError } from '../errors';

export interface XmlHandler {
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string, line: number): void;
  /** Character data of the innermost open element (CDATA included), decoded. */
  text(text: string): void;
  /** Whether `text` wants the current element's text; skipped text is still checked, never decoded. */
  wantsText(): boolean;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][-A-Za-z0-9_.:]*)?(;)?/g;
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_.:\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;

/**
 * A copy that does not hold on to the chunk it was cut from: V8 keeps a substring as a
 * view of its parent, so one kept test name would otherwise keep a whole 1 MB chunk alive.
 */
function detached(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/** Thrown inside the reader for "need more input"; never leaves it. */
const INCOMPLETE = Symbol('incomplete');

export class XmlStream {
  private buf = '';
  private pos = 0;
  /** Line of `pos`. */
  private line = 1;
  private readonly stack: string[] = [];
  private rootClosed = false;
  private started = false;

  constructor(
    private readonly file: string,
    private readonly handler: XmlHandler,
  ) {}

  write(chunk: string): void {
    if (!this.started) {
      this.started = true;
      chunk = chunk.replace(/^\uFEFF/, '');
    }
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    if (this.stack.length > 0) this.fail(`the file ends inside <${this.stack.at(-1)}> (truncated?)`);
    if (!this.rootClosed) this.fail('no root element');
  }

  private fail(why: string, line = this.line): never {
    throw new InputError(this.file, line, undefined, `malformed XML: ${why}`);
  }

  /** Moves `pos` to `to`, counting the newlines passed. */
  private advance(to: number): void {
    for (let i = this.buf.indexOf('\n', this.pos); i !== -1 && i < to; i = this.buf.indexOf('\n', i + 1)) this.line++;
    this.pos = to;
  }

  private drain(final: boolean): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const lt = buf.indexOf('<', this.pos);
      const textEnd = lt === -1 ? buf.length : lt;
      if (textEnd > this.pos) {
        // Text at the end of a chunk may hold half an entity: wait for the rest.
        let cut = textEnd;
        if (lt === -1 && !final) {
          const amp = buf.lastIndexOf('&', textEnd - 1);
          if (amp >= this.pos && buf.indexOf(';', amp) === -1) cut = amp;
        }
        if (cut > this.pos) this.characters(this.pos, cut);
        if (lt === -1) return;
      }
      try {
        this.markup(lt);
      } catch (error) {
        if (error === INCOMPLETE) {
          if (final) this.fail(`the file ends inside a tag or comment (truncated?)`);
          return;
        }
        throw error;
      }
    }
  }

  private characters(from: number, to: number): void {
    const raw = this.buf.slice(from, to);
    const line = this.line;
    if (this.stack.length === 0) {
      if (raw.trim() !== '') this.fail(`text outside the root element`, line);
      this.advance(to);
      return;
    }
    const wanted = this.handler.wantsText();
    const decoded = decodeReferences(raw, (why) => this.fail(why, line), !wanted);
    this.advance(to);
    if (wanted) this.handler.text(detached(decoded));
  }

  /** One piece of markup starting at `lt`: a tag, comment, CDATA, processing instruction or DOCTYPE. */
  private markup(lt: number): void {
    const buf = this.buf;
    const need = (n: number) => {
      if (lt + n > buf.length) throw INCOMPLETE;
    };
    need(2);
    const next = buf[lt + 1];
    if (next === '!') {
      need(4);
      if (buf.startsWith('<!--', lt)) return this.skipTo(buf.indexOf('-->', lt + 4), 3);
      need(9);
      if (buf.startsWith('<![CDATA[', lt)) {
        const end = buf.indexOf(']]>', lt + 9);
        if (end === -1) throw INCOMPLETE;
        if (this.stack.length === 0) this.fail('CDATA outside the root element');
        const wanted = this.handler.wantsText();
        const text = wanted ? detached(buf.slice(lt + 9, end)) : '';
        this.advance(end + 3);
        if (wanted) this.handler.text(text);
        return;
      }
      if (buf.startsWith('<!DOCTYPE', lt)) return this.doctype(lt);
      this.fail(`unexpected "${buf.slice(lt, lt + 9)}"`);
    }
    if (next === '?') return this.skipTo(buf.indexOf('?>', lt + 2), 2);
    if (next === '/') {
      const end = buf.indexOf('>', lt + 2);
      if (end === -1) throw INCOMPLETE;
      const name = buf.slice(lt + 2, end).trim();
      const open = this.stack.pop();
      if (open !== name) this.fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`);
      const line = this.line;
      this.advance(end + 1);
      if (this.stack.length === 0) this.rootClosed = true;
      this.handler.close(name, line);
      return;
    }
    this.startTag(lt);
  }

  private skipTo(end: number, length: number): void {
    if (end === -1) throw INCOMPLETE;
    this.advance(end + length);
  }

  /** `<!DOCTYPE root [ ... ]>`: allowed (and ignored) unless it declares entities. */
  private doctype(lt: number): void {
    const buf = this.buf;
    let i = lt + 9;
    let depth = 0;
    let quote = '';
    for (; i < buf.length; i++) {
      const c = buf[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) break;
    }
    if (i >= buf.length) throw INCOMPLETE;
    const declaration = buf.slice(lt, i + 1);
    const entity = /<!ENTITY\s+(%\s*)?([^\s>]+)/.exec(declaration);
    if (entity) {
      const line = this.line + countNewlines(declaration.slice(0, entity.index));
      throw new InputError(this.file, line, undefined, `the DOCTYPE declares entity "${entity[2]}": entity expansion is off, so it is refused`);
    }
    if (this.stack.length > 0 || this.rootClosed) this.fail('a DOCTYPE after the root element started');
    this.advance(i + 1);
  }

  private startTag(lt: number): void {
    const buf = this.buf;
    NAME.lastIndex = lt + 1;
    const nameMatch = NAME.exec(buf);
    if (!nameMatch) {
      if (lt + 2 >= buf.length) throw INCOMPLETE;
      this.fail(`"<" must start a tag (write &lt; in text)`);
    }
    const name = detached(nameMatch[0]);
    let i = lt + 1 + name.length;
    if (i >= buf.length) throw INCOMPLETE;
    const attributes: Record<string, string> = {};
    for (;;) {
      SPACE.lastIndex = i;
      SPACE.exec(buf);
      const spaced = SPACE.lastIndex > i;
      i = SPACE.lastIndex;
      if (i >= buf.length) throw INCOMPLETE;
      const c = buf[i];
      if (c === '>' || c === '/') {
        if (c === '/') {
          if (i + 1 >= buf.length) throw INCOMPLETE;
          if (buf[i + 1] !== '>') this.fail(`<${name}: "/" must be followed by ">"`);
        }
        this.openElement(name, attributes, c === '/' ? i + 2 : i + 1, c === '/');
        return;
      }
      if (!spaced) this.fail(`<${name}: attributes must be separated by spaces`);
      NAME.lastIndex = i;
      const attr = NAME.exec(buf);
      if (!attr) this.fail(`<${name}: expected an attribute name, found "${c}"`);
      i += attr[0].length;
      SPACE.lastIndex = i;
      SPACE.exec(buf);
      i = SPACE.lastIndex;
      if (i >= buf.length) throw INCOMPLETE;
      if (buf[i] !== '=') this.fail(`<${name} ${attr[0]}: expected "=" and a quoted value`);
      SPACE.lastIndex = i + 1;
      SPACE.exec(buf);
      i = SPACE.lastIndex;
      if (i >= buf.length) throw INCOMPLETE;
      const quote = buf[i];
      if (quote !== '"' && quote !== "'") this.fail(`<${name} ${attr[0]}: the value must be quoted`);
      const close = buf.indexOf(quote, i + 1);
      if (close === -1) throw INCOMPLETE;
      const raw = buf.slice(i + 1, close);
      if (raw.includes('<')) this.fail(`<${name} ${attr[0]}: "<" in an attribute value (write &lt;)`);
      if (Object.hasOwn(attributes, attr[0])) this.fail(`<${name}: attribute ${attr[0]} given twice`);
      // Attribute values are normalised as XML says: newlines and tabs become spaces.
      attributes[detached(attr[0])] = detached(decodeReferences(raw, (why) => this.fail(why), false).replace(/[\t\n\r]/g, ' '));
      i = close + 1;
    }
  }

  private openElement(name: string, attributes: Record<string, string>, end: number, selfClosing: boolean): void {
    if (this.rootClosed) this.fail(`<${name}> after the root element closed`);
    const line = this.line;
    this.advance(end);
    this.stack.push(name);
    this.handler.open(name, attributes, line);
    if (selfClosing) {
      this.stack.pop();
      if (this.stack.length === 0) this.rootClosed = true;
      this.handler.close(name, line);
    }
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Decodes the predefined entities and character references; anything else is an error. */
function decodeReferences(raw: string, fail: (why: string) => never, checkOnly: boolean): string {
  if (!raw.includes('&')) return raw;
  REFERENCE.lastIndex = 0;
  const out = raw.replace(REFERENCE, (whole, ref: string | undefined, semicolon: string | undefined) => {
    if (ref === undefined || semicolon === undefined) fail(`"&" must start a reference such as &amp; (write &amp; for "&")`);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff))) fail(`${whole} is not a character XML allows`);
      return checkOnly ? '' : String.fromCodePoint(code);
    }
    const known = PREDEFINED[ref];
    if (known === undefined) fail(`entity &${ref}; is not defined (entity expansion is off: only &lt; &gt; &amp; &quot; &apos; and character references)`);
    return known;
  });
  return checkOnly ? raw : out;
}
