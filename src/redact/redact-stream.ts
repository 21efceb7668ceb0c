// Redaction of a byte stream (a container log on its way into a bundle): text is held until
// a line ends, so a secret split across two chunks is whole when the rules see it.
import { StringDecoder } from 'node:string_decoder';
import { Transform } from 'node:stream';

/** A line longer than this is passed on in parts rather than held. */
const MAX_HELD_CHARS = 1 << 20;

export function redactingLines(redactText: (text: string) => string): Transform {
  const decoder = new StringDecoder('utf8');
  let held = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      held += decoder.write(chunk);
      const end = held.lastIndexOf('\n');
      let out = '';
      if (end >= 0) {
        out = redactText(held.slice(0, end + 1));
        held = held.slice(end + 1);
      }
      if (held.length > MAX_HELD_CHARS) {
        out += redactText(held);
        held = '';
      }
      done(null, out === '' ? undefined : out);
    },
    flush(done) {
      held += decoder.end();
      done(null, held === '' ? undefined : redactText(held));
    },
  });
}
