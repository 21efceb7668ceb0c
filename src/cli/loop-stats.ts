import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writePrivateFile } from '../files';

/** How late a 10 ms tick may run before the gap counts as a block of the main thread. */
const TICK_MS = 10;
const BLOCK_MS = 20;

let frames: { at: number; ms: number }[] | undefined;

/**
 * What the workbench calls with each frame's drawing time in ms (Ink's renderTime: the frame
 * laid out into rows and turned into text), while stats are recorded; otherwise undefined.
 */
export function frameRecorder(): ((ms: number) => void) | undefined {
  const recorded = frames;
  return recorded && ((ms) => recorded.push({ at: Date.now(), ms: Math.round(ms * 100) / 100 }));
}

/**
 * With TRIAGE_LOOP_STATS=FILE, how long the main thread went without answering: every gap
 * of more than BLOCK_MS between 10 ms ticks, with its wall-clock end (`at`, Date.now()) so a
 * benchmark can tell blocks during a walk from idle ones (and `mono`, µs of the monotonic clock
 * a --cpu-prof profile's timestamps use, to find a block in one), and on exit Node's event-loop delay
 * histogram, each key's time to the next frame (keyLatencies) and each frame's drawing time
 * (frames, from frameRecorder). Written as JSON to FILE at exit (bench/keys.mjs reads it). Unset, nothing runs.
 */
export function recordLoopStats(file: string): void {
  frames = [];
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const blocks: { at: number; ms: number; mono: number }[] = [];
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    if (late > BLOCK_MS) blocks.push({ at: Date.now(), ms: Math.round(now - last), mono: Number(process.hrtime.bigint() / 1000n) });
    last = now;
  }, TICK_MS);
  tick.unref();
  const keys = keyLatencies();
  const write = () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const stats = { max: ms(histogram.max), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), blocks, keys, frames };
    writePrivateFile(file, `${JSON.stringify(stats)}\n`);
  };
  process.on('exit', write);
  // Dumped on demand too, so a benchmark can read it without ending the workbench.
  process.on('SIGUSR2', write);
}

/**
 * From each read of the terminal's input (a key) to the next write of a frame, in ms, with the
 * key's wall-clock time: how long the process took to answer, without the terminal's share.
 */
function keyLatencies(): { at: number; ms: number }[] {
  const keys: { at: number; ms: number }[] = [];
  let pending: { at: number; t: number } | undefined;
  const read = process.stdin.read.bind(process.stdin);
  process.stdin.read = ((size?: number) => {
    const chunk: unknown = read(size);
    if (chunk !== null && !pending) pending = { at: Date.now(), t: performance.now() };
    return chunk;
  }) as typeof process.stdin.read;
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (pending) keys.push({ at: pending.at, ms: Math.round((performance.now() - pending.t) * 10) / 10 });
    pending = undefined;
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  return keys;
}
