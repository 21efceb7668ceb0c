// The one place checks start processes: argv only (never a shell), no stdin, a deadline
// that kills the whole process group, cancellation through the check's signal, bounded output.
import { existsSync } from 'node:fs';
import { formatDuration } from '../model/duration';
import { endGroup, spawnInGroup, stopGroup } from './process-group';

export interface ProcessResult {
  /** undefined when the process did not exit by itself (killed, or never started). */
  exitCode?: number;
  /** stdout and stderr interleaved as they arrived (the first OUTPUT_LIMIT bytes, then the last ones). */
  output: string;
  timedOut: boolean;
  /** The signal that ended it, when one did. */
  signal?: string;
  /** Why it could not start at all (missing binary or working directory). */
  notStarted?: string;
  /** The output went past the limit: bytes beyond it were dropped, except the last few lines. */
  truncatedAt?: number;
}

export interface ProcessOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  timeoutMs: number;
}

const OUTPUT_LIMIT = 8 * 1024 * 1024;
/** After the limit, the end of the output is still kept: the last lines are what a person reads. */
const TAIL_KEPT = 64 * 1024;
/** Time between SIGTERM and SIGKILL for a process that outlives its deadline. */
const KILL_GRACE_MS = 1000;

/** `8 MB`, `512 KB`. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Run argv in its own process group. Rejects only when `signal` aborts for a cancel; a missing
 * binary, a timeout (its own, or the signal's TimeoutError) or an exit code are data. The whole group is killed at the deadline, on
 * cancel, and when the command exits leaving children behind.
 */
export async function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  if (!existsSync(options.cwd)) return { output: '', timedOut: false, notStarted: `working directory not found: ${options.cwd}` };
  if (options.signal.aborted) throw options.signal.reason ?? new Error('cancelled');
  const [file, ...args] = argv as [string, ...string[]];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawnInGroup(file, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const head: Buffer[] = [];
    let headBytes = 0;
    const tail: Buffer[] = [];
    let tailBytes = 0;
    let total = 0;
    let timedOut = false;
    let settled = false;
    const collect = (chunk: Buffer) => {
      total += chunk.length;
      if (headBytes < OUTPUT_LIMIT) {
        const take = chunk.subarray(0, OUTPUT_LIMIT - headBytes);
        head.push(take);
        headBytes += take.length;
        chunk = chunk.subarray(take.length);
        if (chunk.length === 0) return;
      }
      // Past the limit: keep reading (a full pipe would stall the command) but only the end.
      tail.push(chunk);
      tailBytes += chunk.length;
      while (tail.length > 1 && tailBytes - tail[0]!.length >= TAIL_KEPT) tailBytes -= tail.shift()!.length;
    };
    const output = () => {
      const text = Buffer.concat(head).toString('utf8');
      if (total <= OUTPUT_LIMIT) return text;
      const end = Buffer.concat(tail);
      const lastLines = end.subarray(Math.max(0, end.indexOf(10, Math.max(0, end.length - TAIL_KEPT)) + 1)).toString('utf8');
      return `${text}\n[output truncated at ${formatBytes(OUTPUT_LIMIT)} of ${formatBytes(total)}; its last lines follow]\n${lastLines}`;
    };
    const finish = (result: ProcessResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const stop = () => {
      timedOut = true;
      if (child.pid !== undefined) stopGroup(child.pid, KILL_GRACE_MS);
    };
    const onAbort = () => {
      // The check's deadline passed: on a loaded machine it can come before this deadline's
      // timer (started after the spawn) or before the process it stopped has closed. The process
      // is stopped as the timer would and its output kept; the runner waits a grace for it.
      if ((options.signal.reason as Error | undefined)?.name === 'TimeoutError' && !settled) {
        clearTimeout(timer);
        if (!timedOut) stop();
        return;
      }
      // Cancelled: the group ends at once, and so does the call.
      if (child.pid !== undefined) endGroup(child.pid);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(options.signal.reason ?? new Error('cancelled'));
    };
    const timer = setTimeout(stop, options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notStarted = error.code === 'ENOENT' ? `binary not found: ${file}` : `${file} could not start: ${error.message}`;
      finish({ output: output(), timedOut: false, notStarted });
    });
    // 'close' comes after the output pipes are drained; the group is gone by then.
    child.once('close', (code, signal) => {
      finish({
        ...(code === null ? {} : { exitCode: code }),
        output: output().replace(/\r?\n$/, ''),
        timedOut,
        ...(signal ? { signal } : {}),
        ...(total > OUTPUT_LIMIT ? { truncatedAt: OUTPUT_LIMIT } : {}),
      });
    });
  });
}

/** "exited 1", "killed by SIGTERM after the 2.0s deadline", ... and whether the output was cut. */
export function describeEnd(result: ProcessResult, timeoutMs: number): string {
  if (result.notStarted) return result.notStarted;
  const cut = result.truncatedAt === undefined ? '' : `, output truncated at ${formatBytes(result.truncatedAt)}`;
  if (result.timedOut) return `killed${result.signal ? ` by ${result.signal}` : ''} after the ${formatDuration(timeoutMs)} deadline${cut}`;
  if (result.exitCode === undefined) return `ended by ${result.signal ?? 'a signal'}${cut}`;
  return `exited ${result.exitCode}${cut}`;
}

/** The last `count` non-empty lines, each cut to a readable length. */
export function lastLines(output: string, count: number): string[] {
  // Only the end is read: 8 MB of output is a million lines nobody asked to split.
  const window = Math.max(64 * 1024, count * 1024);
  const end = output.length > window ? output.slice(output.indexOf('\n', output.length - window) + 1) : output;
  const lines = end.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(-count).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
}

/** What a finished command or kubectl run is held to: its exit code and what its output must (not) match. */
export interface OutputExpectation {
  expectExit: number;
  outputMatches?: string | undefined;
  outputMustNotMatch?: string | undefined;
}

/** Pass or fail for a run that ended, and its one-line summary: `<shown> exited 1, expected exit 0; …` or the last line. */
export function judgeOutput(spec: OutputExpectation, result: ProcessResult, shown: string, end: string, lastLine: string | undefined) {
  const problems: string[] = [];
  if (result.exitCode !== spec.expectExit) problems.push(`expected exit ${spec.expectExit}`);
  if (spec.outputMatches !== undefined && !new RegExp(spec.outputMatches, 'm').test(result.output))
    problems.push(`output does not match /${spec.outputMatches}/`);
  if (spec.outputMustNotMatch !== undefined) {
    const re = new RegExp(spec.outputMustNotMatch);
    const hit = result.output.split(/\r?\n/).find((line) => re.test(line));
    if (hit !== undefined) problems.push(`output has /${spec.outputMustNotMatch}/: ${hit.trim().slice(0, 120)}`);
  }
  const summary = problems.length ? `${shown} ${end}, ${problems.join('; ')}` : `${shown} ${end}${lastLine ? `: ${lastLine.slice(0, 120)}` : ''}`;
  return { status: problems.length ? ('fail' as const) : ('pass' as const), summary };
}
