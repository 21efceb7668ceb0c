import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describeWith, onPath } from '../support/requires';

// A real terminal for the end-to-end tests: a private tmux server (its own socket, no
// user config) whose panes run the built binary. Keys go in with send-keys, the screen
// comes out with capture-pane.

const REPO = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const TRIAGE = `${REPO}/bin/triage.js`;

/** `describe` for tests in a real terminal: they need tmux. */
export const describeInTmux = describeWith('tmux', onPath('tmux'), 'apt-get install tmux');

export interface PaneOptions {
  cwd: string;
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function zombieExitStatus(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] !== 'Z') return undefined;
  const code = Number(fields[52 - 3]);
  return code & 0x7f ? 128 + (code & 0x7f) : (code >> 8) & 0xff;
}

export class TmuxServer {
  readonly socket = `triage-e2e-${process.pid}-${randomUUID().slice(0, 8)}`;
  private started = false;

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  /** A detached session whose only pane runs `argv` (exec'd, so the pane's pid is the program's). */
  open(name: string, argv: string[], options: PaneOptions): Pane {
    const env = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const command = `exec ${argv.map(quote).join(' ')}`;
    const size = ['-x', String(options.width ?? 120), '-y', String(options.height ?? 40)];
    this.tmux('new-session', '-d', '-s', name, ...size, '-c', options.cwd, ...env, command, ';', 'set-option', '-t', name, 'remain-on-exit', 'on');
    this.started = true;
    return new Pane(this, name);
  }

  /** Ends every pane and the server itself. */
  kill(): void {
    if (!this.started) return;
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone: every pane exited and the server with them.
    }
  }
}

export class Pane {
  constructor(
    private readonly server: TmuxServer,
    readonly target: string,
  ) {}

  /** Named keys as tmux spells them (`Enter`, `Up`, `C-c`) or single characters. */
  keys(...keys: string[]): void {
    this.server.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** Literal text, typed as it is. */
  type(text: string): void {
    this.server.tmux('send-keys', '-t', this.target, '-l', text);
  }

  screen(): string {
    return this.server.tmux('capture-pane', '-p', '-t', this.target);
  }

  pid(): number {
    return Number(this.server.tmux('display-message', '-p', '-t', this.target, '#{pane_pid}').trim());
  }

  /** The program's exit code once it has exited (128 + N when signal N ended it), else undefined. */
  exitStatus(): number | undefined {
    const [dead, status, signal] = this.server
      .tmux('display-message', '-p', '-t', this.target, '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}')
      .trim()
      .split(':');
    if (dead === '1' && status && /^\d+$/.test(status)) return Number(status);
    if (dead === '1' && signal && /^\d+$/.test(signal)) return 128 + Number(signal);
    // tmux can be slow to reap its child: an exited program waits as a zombie whose
    // exit code Linux shows in /proc/PID/stat (field 52, in waitpid's encoding).
    return zombieExitStatus(this.pid());
  }

  /** Poll the screen until `test` holds; fails with the last screen when it never does. */
  async waitFor(test: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 15_000): Promise<string> {
    const holds = typeof test === 'function' ? test : (s: string) => test.test(s);
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (holds(screen)) return screen;
      await sleep(25);
    }
    const status = this.exitStatus();
    const state = status === undefined ? 'still running' : `exited with ${status}`;
    throw new Error(`timed out waiting for ${what} (${this.target} ${state}); the screen was:\n${screen}`);
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      await sleep(25);
    }
    throw new Error(`${this.target} did not exit; the screen was:\n${this.screen()}`);
  }
}

const rowsOf = (text: string) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((r) => r.trimEnd());

/** The text of the last frame the binary drew, kept in its TRIAGE_FRAME_LOG file ('' before the first). */
function lastFrame(frames: string): string {
  return existsSync(frames) ? readFileSync(frames, 'utf8') : '';
}

/**
 * The screen once it shows exactly the last frame the view drew (the binary runs with
 * TRIAGE_FRAME_LOG=`frames`), row for row, and `holds` of it: what a test reads is then the
 * whole frame, however long the binary or tmux took to draw it.
 */
export async function settled(pane: Pane, frames: string, what: string, holds: (screen: string) => boolean = () => true, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  let meant: string[] = [];
  while (Date.now() < deadline) {
    screen = pane.screen();
    meant = rowsOf(lastFrame(frames));
    const shown = rowsOf(screen);
    const same = meant.length > 0 && meant.every((row, i) => shown[i] === row) && shown.slice(meant.length).every((r) => r === '');
    if (same && holds(screen)) return screen;
    await sleep(25);
  }
  const shown = rowsOf(screen);
  const diff = meant.flatMap((row, i) => (shown[i] === row ? [] : [`row ${i + 1}\n  meant: ${row}\n  shown: ${shown[i]}`]));
  const why = diff.length > 0 ? 'the screen is not the frame the view drew' : 'the screen never showed it';
  throw new Error(`${what}: ${why}\n${diff.join('\n')}\n${screen}`);
}

/**
 * Press a key that changes what the view draws, and wait for that frame on screen: the next
 * key goes to the handlers of the frame it answers, on a loaded machine as on an idle one.
 */
export async function pressAndSettle(pane: Pane, frames: string, key: string, what = `the frame after ${key}`): Promise<string> {
  const before = lastFrame(frames);
  pane.keys(key);
  return settled(pane, frames, what, () => lastFrame(frames) !== before);
}
