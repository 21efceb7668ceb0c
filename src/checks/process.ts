// The one place checks start processes: argv only (never a shell), no stdin, a deadline
// that kills, cancellation through the check's signal, bounded output.
import { existsSync } from 'node:fs';
import { formatDuration } from '../plan/duration';

export interface ProcessResult {
  /** undefined when the process did not exit by itself (killed, or never started). */
  exitCode?: number;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  timedOut: boolean;
  /** The signal that ended it, when one did. */
  signal?: string;
  /** Why it could not start at all (missing binary or working directory). */
  notStarted?: string;
}

export interface ProcessOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  timeoutMs: number;
}

const OUTPUT_LIMIT = 8 * 1024 * 1024;
/** Time between SIGTERM and SIGKILL for a process that outlives its deadline. */
const KILL_GRACE_MS = 1000;

/** Run argv. Rejects only when `signal` aborts; a missing binary, a timeout or an exit code are data. */
export async function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  if (!existsSync(options.cwd)) return { output: '', timedOut: false, notStarted: `working directory not found: ${options.cwd}` };
  const [file, ...args] = argv as [string, ...string[]];
  // Loaded on first use: a walk draws its first frame before any process runs.
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    all: true,
    reject: false,
    stripFinalNewline: true,
    timeout: options.timeoutMs,
    forceKillAfterDelay: KILL_GRACE_MS,
    cancelSignal: options.signal,
    maxBuffer: OUTPUT_LIMIT,
  });
  if (result.isCanceled) throw options.signal.reason ?? new Error('cancelled');
  const output = typeof result.all === 'string' ? result.all : '';
  if (result.exitCode === undefined && result.code === 'ENOENT' && !result.timedOut) {
    return { output, timedOut: false, notStarted: `binary not found: ${file}` };
  }
  if (result.exitCode === undefined && !result.timedOut && !result.signal && result.failed && !result.isMaxBuffer) {
    return { output, timedOut: false, notStarted: result.shortMessage };
  }
  return {
    ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
    output,
    timedOut: result.timedOut,
    ...(result.signal ? { signal: result.signal } : {}),
  };
}

/** "exited 1", "killed by SIGTERM after the 2.0s deadline", ... */
export function describeEnd(result: ProcessResult, timeoutMs: number): string {
  if (result.notStarted) return result.notStarted;
  if (result.timedOut) return `killed${result.signal ? ` by ${result.signal}` : ''} after the ${formatDuration(timeoutMs)} deadline`;
  if (result.exitCode === undefined) return `ended by ${result.signal ?? 'a signal'}`;
  return `exited ${result.exitCode}`;
}

/** The last `count` non-empty lines, each cut to a readable length. */
export function lastLines(output: string, count: number): string[] {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(-count).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
}
