import type { StepStatus } from '../src/model';

// Every status has a glyph as well as a colour, so the screen reads the same with --no-color.
export const STATUS_ICON: Record<Exclude<StepStatus, 'running'>, string> = {
  pass: '✔',
  fail: '✘',
  warn: '▲',
  error: '●',
  skip: '–',
  pending: '○',
};

export const STATUS_COLOR: Record<StepStatus, string> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  error: 'magenta',
  skip: 'gray',
  pending: 'gray',
  running: 'cyan',
};

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const SPINNER_FRAME_MS = 80;

/** The spinner frame for a clock reading: every spinner on screen turns together. */
function spinnerFrame(now: number): string {
  return SPINNER_FRAMES[Math.floor(now / SPINNER_FRAME_MS) % SPINNER_FRAMES.length]!;
}

export function statusIcon(status: StepStatus, now: number): string {
  return status === 'running' ? spinnerFrame(now) : STATUS_ICON[status];
}

/** Marks a step whose shown status is a person's verdict rather than its checks'. */
export const VERDICT_MARK = '✎';
