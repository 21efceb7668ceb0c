import { createReadStream, openSync, readSync, closeSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../errors';
import type { SourceStream, TraceSource } from '../types';
import type { SourceRefKind, TraceSourceKind } from './kind';
import { lineBlocks } from './lines';

// 64 KiB reads measured fastest and smallest (bench/trace.mjs): bigger blocks cost more to concatenate and collect.
const CHUNK = 1 << 16;

/** A file's lines, gunzipped on the fly when it is gzip (by its magic bytes, whatever its name). */
function fileStream(path: string, shown: string, signal?: AbortSignal): SourceStream {
  return {
    source: { kind: 'file', path: shown } satisfies FileRef,
    // Opened when first read, not when asked for: a stream that errs (an abort on quit, a file
    // gone) before anyone reads it has no listener, and its error would end the process.
    async *read() {
      const raw = createReadStream(path, { highWaterMark: CHUNK, signal });
      // pipeline, not pipe(): a read error reaches the gunzip stream read here.
      yield* lineBlocks(isGzip(path) ? pipeline(raw, createGunzip({ chunkSize: CHUNK }), () => {}) : raw);
    },
  };
}

export function isGzip(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Text files only: a NUL byte in the first 8 KiB marks a binary file (gzip is text once unpacked). */
function isText(path: string): boolean {
  const head = Buffer.alloc(8192);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    return (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) || !head.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Every regular text file under a directory, in name order, recursively; hidden entries skipped. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile() && isText(path)) out.push(path);
  }
  return out;
}

function statOf(spec: string, path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw new InputError(spec, undefined, 'source', `no such file or directory: ${path}`);
  }
}

/** A file, by the path as given (or under the directory given). */
type FileRef = { kind: 'file'; path: string };

const fileRef: SourceRefKind<FileRef> = {
  kind: 'file',
  label: (ref) => ref.path,
  lineLabel: (ref, line) => `${ref.path}:${line}`,
  service: (ref) => (ref.path.split('/').pop() ?? ref.path).replace(/(\.gz)?$/, '').replace(/\.(log|txt|out|json|ndjson)$/, ''),
};

export const filesKind: TraceSourceKind = {
  prefixes: ['file', 'dir'],
  usage: 'file:PATH | dir:PATH',
  help: 'a log file or every file under a directory, plain or .gz, streamed',
  refs: [fileRef],
  create(prefix, argument, spec, env): TraceSource {
    const path = resolve(env.baseDir, argument);
    const st = statOf(spec, path);
    if (prefix === 'file' && !st.isFile()) throw new InputError(spec, undefined, 'source', `not a file: ${argument}`);
    if (prefix === 'dir' && !st.isDirectory()) throw new InputError(spec, undefined, 'source', `not a directory: ${argument}`);
    return {
      spec,
      description: prefix === 'file' ? `file ${argument}` : `files under ${argument}`,
      async *streams(context) {
        if (prefix === 'file') {
          yield fileStream(path, argument, context.signal);
          return;
        }
        for (const file of filesUnder(path)) yield fileStream(file, join(argument, relative(path, file)), context.signal);
      },
    };
  },
};
