import { closeSync, existsSync, fstatSync, fsync, fsyncSync, readdirSync, readSync, statSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { journalEventSchema, type JournalEvent, type NewEvent } from './events';
import { makePrivateDir, openPrivateForAppend } from '../files';
import { InputError } from '../errors';

/** A line of the journal that could not be read, kept so the person is told. */
export interface JournalProblem {
  line: number;
  reason: string;
}

export interface JournalRead {
  events: JournalEvent[];
  problems: JournalProblem[];
}

export function investigationsDir(root: string): string {
  return join(root, '.triage', 'investigations');
}

/** A short, sortable, collision-resistant id: time first so `ls` lists oldest first. */
export function newInvestigationId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  return `${stamp}-${randomUUID().slice(0, 6)}`;
}

/**
 * The append-only event log of one investigation. Appends are one `write` of a whole
 * line to a file opened with O_APPEND: several processes can append at once without
 * interleaving, and an event returned from `append` is in the file, whatever happens to
 * this process after. The fsync that puts it on the disk (against a machine's crash) runs
 * off this thread, one for all the lines written meanwhile, and `close` waits for it: an
 * fsync per event cost a walk ~50 of them, 2–8 ms each on a busy disk, on the main thread.
 */
/** How many of its own appended events a journal keeps for readNew (see Journal.appended). */
const APPENDED_KEPT = 64;

/**
 * How many appends a process checks without zod's fast path, which compiles a function per
 * object schema (new Function, never in V8's code cache) on its first parse: a walk's few dozen
 * events parsed ~40% faster without it; only a long session's later events gain from it.
 * The same checks, the same issues, the same output either way (yaml-input.ts's ONCE).
 */
const APPENDS_WITHOUT_JIT = 64;
let appends = 0;

export class Journal {
  readonly path: string;
  private readonly fd: number;
  private offset = 0;
  private lineNumber = 0;
  /** Bytes after the last newline read: a writer mid-line, or a torn tail. Kept as bytes so a split UTF-8 character survives. */
  private partial: Buffer = Buffer.alloc(0);
  /** Where a torn tail found at open was ended with a newline, so its line is named as torn. */
  private sealedAt = -1;
  private readonly redactLine: (line: string) => string;
  /** The append that failed (a full disk): the journal may end mid-line, so nothing more is written. */
  private broken?: Error;
  /** An fsync is running; lines were written since it began; close waits for it. */
  private syncing = false;
  private unsynced = false;
  private closing = false;
  /**
   * The lines this journal appended (without their newline) and the events append made of
   * them, until readNew reads them back: a finished check's event is parsed and validated once,
   * not again when the session folds it. Bounded: a writer that never reads keeps the last few.
   */
  private readonly appended = new Map<string, JournalEvent>();

  private constructor(
    path: string,
    readonly id: string,
    readonly author: string,
    redactLine: (l: string) => string,
  ) {
    this.path = path;
    this.fd = openJournalFile(path);
    this.redactLine = redactLine;
    this.sealTornTail();
  }

  /**
   * A journal that does not end in a newline was torn by a crash mid-write. End that
   * line, so the next event starts on its own line instead of being glued to the
   * fragment and lost; the fragment is then reported and skipped like any bad line.
   */
  private sealTornTail(): void {
    const size = fstatSync(this.fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) {
      this.sealedAt = size;
      writeSync(this.fd, '\n');
      fsyncSync(this.fd);
    }
  }

  /** Open (creating if needed) the journal `<root>/.triage/investigations/<id>.ndjson`. */
  static open(root: string, id: string, author: string, redactLine: (line: string) => string = (l) => l): Journal {
    const dir = investigationsDir(root);
    try {
      makePrivateDir(dir);
    } catch (error) {
      throw new InputError(
        dir,
        undefined,
        undefined,
        `cannot create the journal folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    return new Journal(join(dir, `${id}.ndjson`), id, author, redactLine);
  }

  static exists(root: string, id: string): boolean {
    return existsSync(join(investigationsDir(root), `${id}.ndjson`));
  }

  /** Investigations under root, most recently written first. */
  static list(root: string): { id: string; path: string; mtimeMs: number }[] {
    const dir = investigationsDir(root);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => {
        const path = join(dir, f);
        return { id: f.slice(0, -'.ndjson'.length), path, mtimeMs: statSync(path).mtimeMs };
      })
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
  }

  /** Stamp, write and fsync one event; returns it once it is durable. */
  append(event: NewEvent): JournalEvent {
    const stamped = { id: randomUUID(), at: new Date().toISOString(), author: this.author, ...event } as JournalEvent;
    const line = this.redactLine(JSON.stringify(stamped)) + '\n';
    if (this.broken) throw this.broken;
    if (this.closing) throw new Error(`cannot append to the journal ${this.path}: it is closed`);
    const bytes = Buffer.from(line, 'utf8');
    try {
      // A nearly full disk takes part of a write without an error; the rest must follow or fail.
      for (let written = 0; written < bytes.length;) written += writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.broken = new Error(
        `cannot append to the journal ${this.path}: ${code === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : (error as Error).message}`,
      );
      throw this.broken;
    }
    this.syncSoon();
    const written = journalEventSchema.parse(JSON.parse(line), appends++ < APPENDS_WITHOUT_JIT ? { jitless: true } : undefined);
    this.appended.set(line.slice(0, -1), written);
    if (this.appended.size > APPENDED_KEPT) this.appended.delete(this.appended.keys().next().value!);
    return written;
  }

  /** One fsync for every line written since the last began, on the thread pool. */
  private syncSoon(): void {
    this.unsynced = true;
    if (this.syncing) return;
    this.syncing = true;
    this.unsynced = false;
    fsync(this.fd, (error) => {
      this.syncing = false;
      if (error && !this.closing) this.broken ??= new Error(`cannot append to the journal ${this.path}: ${error.message}`);
      if (this.closing) closeSync(this.fd);
      else if (this.unsynced) this.syncSoon();
    });
  }

  /** Events written since the last read (by this or any other process). */
  readNew(): JournalRead {
    const size = fstatSync(this.fd).size;
    const events: JournalEvent[] = [];
    const problems: JournalProblem[] = [];
    if (size <= this.offset) return { events, problems };
    const buffer = Buffer.alloc(size - this.offset);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(this.fd, buffer, read, buffer.length - read, this.offset + read);
      if (n === 0) break;
      read += n;
    }
    const chunk = Buffer.concat([this.partial, buffer.subarray(0, read)]);
    let lineStart = this.offset - this.partial.length;
    this.offset += read;
    let cursor = 0;
    for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, cursor)) {
      const line = chunk.subarray(cursor, newline).toString('utf8');
      const lineEnd = lineStart + (newline - cursor);
      cursor = newline + 1;
      lineStart = lineEnd + 1;
      this.lineNumber += 1;
      if (line.trim() === '') continue;
      const own = this.appended.get(line);
      if (own) {
        this.appended.delete(line);
        events.push(own);
        continue;
      }
      const parsed = parseLine(line);
      if (parsed.ok) events.push(parsed.event);
      else if (lineEnd === this.sealedAt) problems.push({ line: this.lineNumber, reason: `torn last line (a crash mid-write) skipped: ${parsed.reason}` });
      else problems.push({ line: this.lineNumber, reason: parsed.reason });
    }
    // The rest has no newline yet: a writer may be mid-line, or it is torn.
    this.partial = Buffer.from(chunk.subarray(cursor));
    return { events, problems };
  }

  /**
   * A trailing line without a newline that is still there after writers are done is
   * torn (a crash mid-write): report it and skip it.
   */
  tornTail(): JournalProblem | undefined {
    const text = this.partial.toString('utf8');
    if (text.trim() === '') return undefined;
    const parsed = parseLine(text);
    return {
      line: this.lineNumber + 1,
      reason: parsed.ok ? 'last line has no newline (write interrupted); skipped' : `torn last line skipped: ${parsed.reason}`,
    };
  }

  /** Call `onChange` when another writer appends; fs.watch with a polling fallback. */
  watch(onChange: () => void, pollMs = 250): () => void {
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(this.path, { persistent: false }, () => onChange());
    } catch {
      watcher = undefined;
    }
    // fs.watch misses events on some filesystems; a light poll keeps pairing under a second.
    let lastSize = fstatSync(this.fd).size;
    const timer = setInterval(() => {
      const size = fstatSync(this.fd).size;
      if (size !== lastSize) {
        lastSize = size;
        onChange();
      }
    }, pollMs);
    timer.unref();
    return () => {
      watcher?.close();
      clearInterval(timer);
    };
  }

  /** Everything written is on the disk when it returns; the file closes once a running fsync ends. */
  close(): void {
    if (this.closing) return;
    if (this.syncing || this.unsynced) fsyncSync(this.fd);
    this.closing = true;
    if (!this.syncing) closeSync(this.fd);
  }
}

/** Open for appending; a folder or an unwritable file in its place is the person's to fix. */
function openJournalFile(path: string): number {
  try {
    return openPrivateForAppend(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR'
        ? 'is a folder, not a journal file'
        : code === 'ENOTDIR'
          ? 'a part of its path is a file, not a folder'
          : `cannot be opened (${code ?? (error as Error).message})`;
    throw new InputError(path, undefined, undefined, why);
  }
}

function parseLine(line: string): { ok: true; event: JournalEvent } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  const result = journalEventSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'event'}: ${issue.message}` };
  }
  return { ok: true, event: result.data };
}
