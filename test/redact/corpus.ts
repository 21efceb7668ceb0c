import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

// The secrets corpus of fixtures/secrets/, shared by the redaction, note, export and headless tests.

const dir = fileURLToPath(new URL('../../fixtures/secrets/', import.meta.url));

export const secretKinds = z
  .array(z.strictObject({ kind: z.string(), rule: z.string(), secret: z.string(), text: z.string() }))
  .parse(parse(readFileSync(`${dir}kinds.yaml`, 'utf8')));

export const cleanLines = readFileSync(`${dir}clean.log`, 'utf8').split('\n').filter((l) => l !== '');

/** Every secret of the corpus that still appears in `text`. */
export function leakedSecrets(text: string): string[] {
  return secretKinds.filter((k) => text.includes(k.secret)).map((k) => k.kind);
}
