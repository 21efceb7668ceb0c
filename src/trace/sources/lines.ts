import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is handed on in pieces (each counted as a line), so one endless line cannot fill memory. */
const LONGEST_LINE = 1 << 23;

/**
 * Turn a byte stream into blocks of whole lines: each chunk is decoded and cut at its
 * last newline, the rest carried to the next. Lines are never split one by one here.
 */
export async function* lineBlocks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ lines: string }> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      carry = text;
      if (carry.length > LONGEST_LINE) {
        yield { lines: carry };
        carry = '';
      }
      continue;
    }
    carry = text.slice(cut + 1);
    // An empty block is an empty line: it still counts for the line numbers after it.
    yield { lines: text.slice(0, cut) };
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) yield { lines: rest };
}
