// The one boundary between a command and the terminal: everything a command writes to
// stdout or stderr — reports, JSON, ndjson, help, error messages that echo input — passes
// through a writer that redacts secrets and strips terminal controls (but the tool's own
// colours). A new command cannot forget it: main() hands every command these writers.
import { Writable } from 'node:stream';
import { BUILTIN, redact, redactKnown, type RuleSet } from '../redact/redact';
import { stripControlsButOwn } from '../redact/terminal-text';

/** A line longer than this is written in parts (redacted part by part) rather than held. */
const MAX_HELD_CHARS = 1 << 20;

/** The rules the writers apply: the built-in ones, and the plan's once a command loaded it. */
export class OutputRedaction {
  private rules: RuleSet = BUILTIN;
  private readonly known = new Set<string>();

  use(rules: RuleSet): void {
    this.rules = rules;
  }

  /** A value the command holds that is secret (a tracker token): never printed, rule or no rule. */
  hide(value: string): void {
    this.known.add(value);
  }

  readonly redact = (text: string): string => redact(redactKnown(stripControlsButOwn(text), this.known), this.rules);
}

/**
 * Holds text until a line ends (a secret split across two writes is whole when redacted),
 * then writes it redacted. A `\r` also ends a line: a progress line on a terminal shows at once.
 */
export class RedactingWriter extends Writable {
  private held = '';

  constructor(
    readonly target: NodeJS.WritableStream,
    private readonly redaction: OutputRedaction,
  ) {
    super({ decodeStrings: false });
  }

  /** What the target says about itself: commands size their output by it. */
  get isTTY(): boolean {
    return (this.target as NodeJS.WriteStream).isTTY === true;
  }

  get columns(): number | undefined {
    return (this.target as NodeJS.WriteStream).columns;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.held += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const end = Math.max(this.held.lastIndexOf('\n'), this.held.lastIndexOf('\r'));
    if (end >= 0) {
      this.pass(this.held.slice(0, end + 1));
      this.held = this.held.slice(end + 1);
    }
    if (this.held.length > MAX_HELD_CHARS) this.flush();
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.flush();
    done();
  }

  /** Write what is held (the last line had no newline). */
  flush(): void {
    if (this.held === '') return;
    this.pass(this.held);
    this.held = '';
  }

  private pass(text: string): void {
    this.target.write(this.redaction.redact(text));
  }
}

/** What of a command's Io the writers wrap (the Io of ./command.ts names this module's OutputRedaction, so not the reverse). */
interface WrittenIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redaction?: OutputRedaction;
}

/** The Io a command gets: its stdout and stderr behind the redacting writers. Idempotent. */
export function redactingIo<I extends WrittenIo>(io: I): I & { redaction: OutputRedaction; flush(): void } {
  if (io.stdout instanceof RedactingWriter && io.stderr instanceof RedactingWriter && io.redaction) {
    const stdout = io.stdout;
    const stderr = io.stderr;
    return { ...io, redaction: io.redaction, flush: () => (stdout.flush(), stderr.flush()) };
  }
  const redaction = io.redaction ?? new OutputRedaction();
  const stdout = new RedactingWriter(io.stdout, redaction);
  const stderr = new RedactingWriter(io.stderr, redaction);
  return {
    ...io,
    stdout,
    stderr,
    redaction,
    flush: () => {
      stdout.flush();
      stderr.flush();
    },
  };
}
