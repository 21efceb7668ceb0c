import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import type { Check } from '../../src/checks/types';
import type { Evidence, StepId } from '../../src/model';
import { Journal, investigationsDir } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { planSchema, type Plan } from '../../src/plan/schema';
import { WorkbenchScreen } from '../../views/Workbench';

// A real Session over a real journal in a temp dir, with checks defined here: what the
// views draw is exactly what the engine folds from the journal.

/**
 * What `pick` finds in the session's snapshot, checked now and at each change the session
 * announces (every fold, every answer of the matcher's thread), never by sleeping; an error
 * naming `what` when it has not come within `ms`.
 */
export function whenSession<T>(session: Session, pick: (snapshot: ReturnType<Session['getSnapshot']>) => T | undefined, what: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`waited ${ms / 1000}s for ${what}`));
    }, ms);
    const check = () => {
      const found = pick(session.getSnapshot());
      if (found === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(found);
    };
    unsubscribe = session.subscribe(check);
    check();
  });
}

/** A check that waits for the test to release it (or for the runner to cancel it). */
export function gatedCheck(id: string, step: StepId, title: string) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const check: Check = {
    id,
    step,
    title,
    run: (ctx) =>
      new Promise((resolve, reject) => {
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
        void gate.then(() => resolve({ status: 'pass', summary: 'slow one answered', evidence: [] }));
      }),
  };
  return { check, release: () => release() };
}

function evidenceLines(count: number): Evidence[] {
  return Array.from({ length: count }, (_, i) => ({
    text: `line ${i + 1} of the worker log: restart ${i + 1}`,
    source: 'logs/worker.log',
    time: `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
  }));
}

export function fixedChecks(): Check[] {
  return [
    {
      id: 'environment/api-health',
      step: 'environment',
      title: 'api health',
      run: async () => ({ status: 'pass', summary: 'api answered 200 OK', evidence: [] }),
    },
    {
      id: 'environment/worker-health',
      step: 'environment',
      title: 'worker health',
      run: async () => ({
        status: 'fail',
        summary: 'worker answered 503 Service Unavailable',
        evidence: [{ text: 'restarting after OOMKilled', source: 'http GET http://127.0.0.1:9/health', time: '2024-05-01T10:00:03.250Z' }],
        replay: 'curl -sS -i http://127.0.0.1:9/health',
      }),
    },
    {
      id: 'data-path/results',
      step: 'data-path',
      title: 'results artifact',
      run: async () => ({ status: 'warn', summary: '200 lines, none of them results', evidence: evidenceLines(200) }),
    },
  ];
}

export interface Bench {
  session: Session;
  root: string;
  ui: ReturnType<typeof render>;
  frame: () => string;
  press: (keys: string) => Promise<void>;
  resize: (rows: number, columns?: number) => Promise<void>;
  until: (predicate: (frame: string) => boolean, what: string) => Promise<string>;
  /** Until the frames on their way have landed (a view just opened subscribes to keys in an effect). */
  still: () => Promise<void>;
  close: () => Promise<void>;
}

// Colours are off when the test's stdout is not a terminal; strip them anyway so
// assertions read the text a person sees.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * A session over a journal in a fresh temp dir, holding `journalText` before the session
 * opens it (to replay a walk or a crash); `dispose` quits it and removes the dir.
 */
export function makeSession(checks: Check[] = fixedChecks(), journalText?: string, engine: EngineOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'triage-views-'));
  if (journalText !== undefined) {
    mkdirSync(investigationsDir(root), { recursive: true });
    writeFileSync(join(investigationsDir(root), 'views-test.ndjson'), journalText);
  }
  const journal = Journal.open(root, 'views-test', 'tester');
  const plan = engine.plan ?? planSchema.parse({});
  const session = new Session({ root, journal, plan, baseDir: root, checks, env: {}, signatureDirs: engine.signatureDirs });
  // A seeded journal carries its own history; a fresh one starts with the opening.
  if (journalText === undefined) session.record({ type: 'investigation.opened', title: 'red smoke run', system: 'shop', mode: 'demo' });
  const dispose = async () => {
    await session.quit();
    rmSync(root, { recursive: true, force: true });
  };
  return { session, root, dispose };
}

/** How the engine is set up beyond its checks. */
export interface EngineOptions {
  /** The plan the session runs (default: an empty one); relative paths resolve against the temp dir. */
  plan?: Plan;
  /** Given (even empty), the built-in signature library suggests hypotheses from the evidence. */
  signatureDirs?: readonly string[];
}

export interface BenchOptions extends EngineOptions {
  rows?: number;
  columns?: number;
  journalText?: string;
}

/** How long a key, a resize or the first render may take to draw before the bench goes on without a new frame. */
const FRAME_CAP_MS = 50;

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits on what Ink draws instead of sleeping. ink-testing-library's stdout keeps the last
 * frame but says nothing when one comes, so each write is announced here. In debug mode (what
 * the library renders with) Ink writes a frame on every React commit, unthrottled.
 */
function frameWatch(ui: ReturnType<typeof render>) {
  const drawn = new EventEmitter();
  let count = 0;
  const write = ui.stdout.write;
  ui.stdout.write = (text: string) => {
    write(text);
    count += 1;
    drawn.emit('frame');
  };
  /** True on the next frame, false when none comes within `ms`. */
  const nextFrame = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const done = (seen: boolean) => {
        clearTimeout(timer);
        drawn.off('frame', onFrame);
        resolve(seen);
      };
      const onFrame = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, ms));
      drawn.on('frame', onFrame);
    });
  /**
   * Lets the frames already on their way land: React's effects, and renders they cause, run
   * within a macrotask or two of a commit, so the screen is still once two pass without a frame.
   */
  const drain = async (deadline: number) => {
    let seen: number;
    do {
      seen = count;
      await macrotask();
      await macrotask();
    } while (count !== seen && Date.now() < deadline);
  };
  /** After an input: the frame it draws (or FRAME_CAP_MS without one: the input changed nothing), then the ones it sets off. */
  const settle = async () => {
    const deadline = Date.now() + FRAME_CAP_MS;
    await nextFrame(FRAME_CAP_MS);
    await drain(deadline);
  };
  return { nextFrame, drain, settle };
}

/**
 * Keys in and frames out for any Ink tree under ink-testing-library: `press` types each key
 * once the screen is still and waits for what it draws; `until` wakes on each frame.
 */
export function driveInk(ui: ReturnType<typeof render>) {
  const watch = frameWatch(ui);
  const frame = () => (ui.lastFrame() ?? '').replace(ANSI, '');
  return {
    ...watch,
    frame,
    press: async (...keys: string[]) => {
      for (const key of keys) {
        // What the test did before (a check released, a resize) may still be drawing, and a
        // view just opened subscribes to keys in an effect: let that land first.
        await watch.drain(Date.now() + FRAME_CAP_MS);
        ui.stdin.write(key);
        await watch.settle();
      }
    },
    until: async (predicate: (frame: string) => boolean, what: string, ms = 5000) => {
      const deadline = Date.now() + ms;
      while (!predicate(frame())) {
        if (Date.now() >= deadline) throw new Error(`waited ${ms / 1000}s for ${what}; last frame:\n${frame()}`);
        await watch.nextFrame(deadline - Date.now());
      }
      return frame();
    },
  };
}

export async function openBench(checks: Check[] = fixedChecks(), options: BenchOptions = {}): Promise<Bench> {
  const { session, root, dispose } = makeSession(checks, options.journalText, options);
  const ui = render(<WorkbenchScreen workbench={session} />);
  const { drain, settle, frame, press, until } = driveInk(ui);
  const resize = async (rows: number, columns = 100) => {
    Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
    Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
    ui.stdout.emit('resize');
    await settle();
  };
  if (options.rows) await resize(options.rows, options.columns);
  await drain(Date.now() + FRAME_CAP_MS);
  return {
    session,
    root,
    ui,
    frame,
    resize,
    press: (keys: string) => press(keys),
    until: (predicate, what) => until(predicate, what),
    still: () => drain(Date.now() + FRAME_CAP_MS),
    close: async () => {
      ui.unmount();
      await dispose();
    },
  };
}

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  enter: '\r',
  tab: '\t',
  escape: '\u001B',
} as const;

/** `<number> <title>` of the step the focused selection marker (›) is on in the steps pane. */
export function selectedStep(frame: string): string | undefined {
  for (const line of frame.split('\n')) {
    const cell = /^│ ›\S (\d [^│]*?)(?: ✎)?\s*(?:\d+(?:\.\d+)?m?s)?\s*│/.exec(line);
    if (cell) return cell[1];
  }
  return undefined;
}
