import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

// The secrets corpus of fixtures/secrets/, shared by the redaction, note, export and headless tests.

const dir = fileURLToPath(new URL('../../fixtures/secrets/', import.meta.url));

export const secretKinds = z
  .array(z.strictObject({ kind: z.string(), rule: z.string(), secret: z.string(), text: z.string() }))
  .parse(parse(readFileSync(`${dir}kinds.yaml`, 'utf8')));

/** Domain values every exit must keep as they are: trace ids, digests, SHAs, pod names, uids. */
export const keptValues = z
  .array(z.strictObject({ what: z.string(), value: z.string(), text: z.string() }))
  .parse(parse(readFileSync(`${dir}keep.yaml`, 'utf8')));

export const cleanLines = readFileSync(`${dir}clean.log`, 'utf8').split('\n').filter((l) => l !== '');

/** The parts of a secret that must never appear: the whole, and each line of a multi-line one (a key block's body). */
function pieces(secret: string): string[] {
  const lines = secret.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return lines.length > 1 ? [secret, ...lines] : [secret];
}

/** Every kind of the corpus whose secret, or a line of it, still appears in `text`. */
export function leakedSecrets(text: string): string[] {
  return secretKinds.filter((k) => pieces(k.secret).some((p) => text.includes(p))).map((k) => k.kind);
}

/** Each line of every corpus text on its own, as a log tail shows them. */
export const secretLines = secretKinds.flatMap((k) => k.text.split('\n'));
