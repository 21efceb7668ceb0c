// The cache's file habits: JSON written as ASCII and read back the cheap way, writes that
// replace a file whole (rename over it) and writes the cache can do without.

import { isAscii } from 'node:buffer';
import { readFileSync, renameSync } from 'node:fs';
import { writePrivateFile } from '../files';

/**
 * JSON with every character past ASCII written as a `\u` escape (in JSON they are all inside
 * strings, where the escape means the same). A few hundred arrows and dashes among 2 MB of
 * signatures made the whole text two bytes a character: reading it took four times as long
 * and parsing it twice (readJson).
 */
export function asciiJson(data: unknown): string {
  return JSON.stringify(data).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON file, decoded the cheap way (byte for character) when it is ASCII, as asciiJson writes it. */
export function readJson(path: string): unknown {
  const bytes = readFileSync(path);
  return JSON.parse(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'));
}

/** A write the cache can do without: one that fails only costs time (the entry is matched by content again next time). */
export function bestEffort(write: () => void): void {
  try {
    write();
  } catch {
    // A cache that cannot be written only costs time.
  }
}

export function writeAtomically(path: string, data: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writePrivateFile(tmp, data instanceof Uint8Array ? data : asciiJson(data));
  renameSync(tmp, path);
}
