// Follow a local log file as `tail -F` does: the last lines first, then what is appended,
// reopened from its start when it is truncated or replaced (rotation), and watched for
// while it is missing. fs.watch wakes it at once; a short poll catches what watch misses
// (network filesystems, editors that replace the file, a watcher that errored).
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/** Something that happened to the file rather than a line in it. */
export type FileEvent =
  /** The file cannot be read (absent, a directory, no permission); it is looked for again. */
  | { kind: 'missing'; reason: string }
  /** The file is readable again after `missing`: it is read from its start. */
  | { kind: 'appeared' }
  /** The file shrank below what was read: it is read again from its start. */
  | { kind: 'truncated' }
  /** Another file now has the path (rename-and-create rotation): it is read from its start. */
  | { kind: 'rotated' };

export interface FollowFileOptions {
  /** Lines of history the follow starts with. */
  tailLines: number;
  /** How often the file is looked at when no watch event came. */
  pollMs: number;
  /** Complete lines, oldest first, without their line ends. */
  onLines: (lines: string[]) => void;
  onEvent: (event: FileEvent) => void;
}

export interface FileFollower {
  /** Stops the watcher and the poll; idempotent. No callback runs after it. */
  close(): void;
  /** Settles once a read in flight when `close` was called has ended and closed its file. */
  readonly closed: Promise<void>;
}

const CHUNK = 1 << 16;
/** Bytes read in one go before yielding: a huge append arrives in several batches, not one. */
const STEP_BYTES = 1 << 20;
const BEHIND_BYTES = 64;

export function followFile(path: string, options: FollowFileOptions): FileFollower {
  let stopped = false;
  let identity: string | undefined;
  let position = 0;
  let decoder = new StringDecoder('utf8');
  let partial = '';
  /** The last bytes read, ending at `position`: content that changes under them was rewritten (copytruncate). */
  let behind: Buffer = Buffer.alloc(0);
  let missing: string | undefined;
  let watcher: FSWatcher | undefined;
  let busy = false;
  let again = false;
  let settle: () => void = () => {};
  const closed = new Promise<void>((resolve) => (settle = resolve));

  const emitLines = (lines: string[]) => {
    if (!stopped && lines.length) options.onLines(lines);
  };
  const emitEvent = (event: FileEvent) => {
    if (!stopped) options.onEvent(event);
  };

  const unwatch = () => {
    watcher?.close();
    watcher = undefined;
  };
  const rewatch = () => {
    unwatch();
    try {
      watcher = watch(path, () => check());
      // A watcher that fails leaves the poll to do its work.
      watcher.on('error', unwatch);
    } catch {
      watcher = undefined;
    }
  };

  /** Start again at byte 0, handing on a last line the old content left unterminated. */
  const restart = () => {
    const rest = partial + decoder.end();
    emitLines(rest ? [rest.replace(/\r$/, '')] : []);
    partial = '';
    decoder = new StringDecoder('utf8');
    position = 0;
    behind = Buffer.alloc(0);
  };

  const decode = (bytes: Buffer) => {
    const text = partial + decoder.write(bytes);
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      partial = text;
      return;
    }
    partial = text.slice(cut + 1);
    emitLines(
      text
        .slice(0, cut)
        .split('\n')
        .map((l) => l.replace(/\r$/, '')),
    );
  };

  /** One look at the file: notice what happened to it, then read what is new (at most STEP_BYTES). */
  const step = async (): Promise<boolean> => {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (error) {
      return gone(reasonOf(error));
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return gone('not a regular file');
      const id = `${st.dev}:${st.ino}`;
      if (identity === undefined) {
        identity = id;
        rewatch();
        if (missing !== undefined) {
          missing = undefined;
          restart();
          emitEvent({ kind: 'appeared' });
        } else {
          position = await startOfLastLines(fh, st.size, options.tailLines);
          behind = await bytesBefore(fh, position);
        }
      } else if (id !== identity) {
        identity = id;
        rewatch();
        restart();
        emitEvent({ kind: 'rotated' });
      } else if (st.size < position || !(await still(fh, behind, position))) {
        // Shrunk, or truncated and written past where it was read before this look.
        restart();
        emitEvent({ kind: 'truncated' });
      }
      const end = Math.min(st.size, position + STEP_BYTES);
      while (position < end && !stopped) {
        const buffer = Buffer.alloc(Math.min(CHUNK, end - position));
        const { bytesRead } = await fh.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const read = buffer.subarray(0, bytesRead);
        behind = Buffer.concat([behind, read]).subarray(-BEHIND_BYTES);
        decode(read);
      }
      return position < st.size;
    } finally {
      await fh.close();
    }
  };

  const gone = (reason: string): false => {
    if (missing === undefined) {
      missing = reason;
      emitEvent({ kind: 'missing', reason });
    }
    identity = undefined;
    unwatch();
    return false;
  };

  /** Reads run one at a time; a wake-up during one makes it look again when it ends. */
  function check() {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    void (async () => {
      do {
        again = false;
        try {
          if (await step()) again = true;
        } catch (error) {
          gone(reasonOf(error));
        }
      } while (again && !stopped);
      busy = false;
      if (stopped) settle();
    })();
  }

  const poll = setInterval(check, options.pollMs);
  check();

  return {
    close() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      unwatch();
      if (!busy) settle();
    },
    closed,
  };
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'not a regular file';
  return (error as Error).message;
}

/** Up to BEHIND_BYTES bytes that end at `position`. */
async function bytesBefore(fh: FileHandle, position: number): Promise<Buffer> {
  const length = Math.min(BEHIND_BYTES, position);
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position - length);
  return buffer.subarray(0, bytesRead);
}

/** Whether the file still holds `behind` just before `position`. */
async function still(fh: FileHandle, behind: Buffer, position: number): Promise<boolean> {
  if (!behind.length) return true;
  return (await bytesBefore(fh, position)).equals(behind);
}

/** Where the last `lines` lines of the first `size` bytes start, read backwards in chunks. */
async function startOfLastLines(fh: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  let pos = size;
  let found = 0;
  const buffer = Buffer.alloc(CHUNK);
  while (pos > 0) {
    const length = Math.min(CHUNK, pos);
    pos -= length;
    await fh.read(buffer, 0, length, pos);
    for (let i = length - 1; i >= 0; i--) {
      // A final newline ends the last line; it does not start another.
      if (buffer[i] !== 10 || pos + i === size - 1) continue;
      if (++found === lines) return pos + i + 1;
    }
  }
  return 0;
}
