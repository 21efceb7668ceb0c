import { afterEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { probeHttp } from '../../src/checks/http-probe';
import { filesKind } from '../../src/trace/sources/files';
import type { SourceStream } from '../../src/trace/types';
import { serve } from './support';

// A quit during a walk aborts every request and read at once. An error emitted by a request or
// a file stream that has no listener yet ends the process as "internal error" (exit 70): the
// workbench did that on Ctrl-C about a second into `a`. These are the two places it came from.

const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);
const dirs: string[] = [];

afterEach(() => {
  process.off('uncaughtException', record);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Long enough for errors queued on the next ticks and immediates to surface. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

it('an HTTP probe whose signal is already aborted rejects, and nothing is thrown from the event loop', async () => {
  const server = await serve((_req, res) => res.end('ok'));
  process.on('uncaughtException', record);
  uncaught.length = 0;
  const quit = new AbortController();
  quit.abort(new Error('quit'));
  await expect(probeHttp({ method: 'GET', url: server.url, headers: [] }, { signal: quit.signal, connectTimeoutMs: 1000, deadlineMs: 2000 })).rejects.toThrow(
    'quit',
  );
  await settle();
  await server.close();
  expect(uncaught).toEqual([]);
});

it('a file stream handed out but not yet read when the walk quits throws nothing, plain or gzip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'triage-quit-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'a.log'), 'one\ntwo\n');
  writeFileSync(join(dir, 'b.log.gz'), gzipSync('three\n'));
  process.on('uncaughtException', record);
  uncaught.length = 0;
  const quit = new AbortController();
  const source = filesKind.create('dir', dir, `dir:${dir}`, { baseDir: dir, trace: undefined });
  const streams: SourceStream[] = [];
  for await (const batch of source.streams({ ids: ['t'], signal: quit.signal, timeoutMs: 1000, referenceMs: Date.now() })) streams.push(...[batch].flat());
  expect(streams).toHaveLength(2);
  // The merge asks each stream for its reader up front and reads them one by one later.
  const readers = streams.map((s) => s.read()[Symbol.asyncIterator]());
  quit.abort(new Error('quit'));
  await settle();
  expect(uncaught).toEqual([]);
  // Read now, each ends (empty or with the abort) rather than hanging.
  for (const reader of readers) await reader.next().catch((error: Error) => expect(error.name).toBe('AbortError'));
}, 10_000);
