// Every file and folder the tool writes — .triage/, journals, notes, bundles, kubeconfigs,
// exports, the signature cache — may hold what it saw of a system, so only its owner may
// read it: files 0600, folders 0700, whatever the umask (a umask only ever takes bits away).
// Everything under src/ writes through here (test/architecture.test.ts keeps it so).
import { appendFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';

const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/**
 * The folder and every missing parent, each 0700 when created here. Made one level at a time:
 * Node's recursive mkdirSync never returns when a parent exists but refuses a child (a cache
 * folder under /proc: ENOENT, then the parent's EEXIST, again and again).
 */
export function makePrivateDir(path: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !existsSync(dir); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  // Nothing missing: what is there answers (a file in the way is EEXIST, as before).
  if (missing.length === 0) mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A new temporary folder (mkdtemp makes it 0700). */
export function makePrivateTempDir(prefix: string): string {
  return mkdtempSync(prefix);
}

/** Write (or replace the content of) a file; a file created here is 0600. */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE });
}

/** Append to a file; a file created here is 0600. */
export function appendPrivateFile(path: string, data: string | Uint8Array): void {
  appendFileSync(path, data, { mode: PRIVATE_FILE_MODE });
}

/** A write stream to a new or truncated file, 0600 when created here. */
export function privateWriteStream(path: string): WriteStream {
  return createWriteStream(path, { mode: PRIVATE_FILE_MODE });
}

/** Open for appending and reading (a journal); 0600 when created here. */
export function openPrivateForAppend(path: string): number {
  return openSync(path, 'a+', PRIVATE_FILE_MODE);
}
