import { afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/investigation/journal';
import { foldAll } from '../../src/investigation/fold';
import { STEPS } from '../../src/plan/steps';
import { SPINNER_FRAMES, STATUS_ICON } from '../../views/status';
import { TRIAGE, TmuxServer, describeInTmux, pressAndSettle, settled } from './terminal';
import { showsAllSteps } from './screen';

// Every screen of the demo at 80×24 and 120×40, walked with keys in a real terminal. On
// each, every row tmux shows is the row the view meant to draw (the binary keeps its last
// frame in TRIAGE_FRAME_LOG): a row drawn over another, a tab or a wide character that
// shifts the rest, or a frame taller than the terminal makes them differ.

let cwd: string;
let tmux: TmuxServer;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-screens-'));
  tmux = new TmuxServer();
});

afterEach(() => {
  tmux.kill();
  rmSync(cwd, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A step row still pending or running (its icon, then its number): titles may be cut, the number is not. */
const UNFINISHED_ROW = new RegExp(`[${STATUS_ICON.pending}${SPINNER_FRAMES.join('')}] \\d `);

/** Every step of the walk has its result in the journal: nothing pending, nothing running. */
function walkRecorded(): boolean {
  const dir = join(cwd, '.triage', 'investigations');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.ndjson')) : undefined;
  if (!file) return false;
  const id = file.replace(/\.ndjson$/, '');
  const journal = Journal.open(cwd, id, 'reader');
  try {
    const state = foldAll(id, journal.readNew().events);
    return STEPS.every((s) => !['pending', 'running'].includes(state.steps[s.id].status));
  } finally {
    journal.close();
  }
}

async function walkDone(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!walkRecorded()) {
    if (Date.now() > deadline) throw new Error('the walk did not finish within 60 s');
    await sleep(50);
  }
}

for (const [width, height] of [
  [80, 24],
  [120, 40],
] as const) {
  describeInTmux(`every screen of the demo at ${width}×${height}`, () => {
    it('draws each row as the view meant it, and keeps l, v and w in the help bar', async () => {
      const frames = join(cwd, 'frames.txt');
      const pane = tmux.open(`screens${width}`, ['node', TRIAGE, 'demo'], { cwd, env: { USER: 'alice', TRIAGE_FRAME_LOG: frames }, width, height });
      const at = async (keys: string[], what: string, holds?: (screen: string) => boolean) => {
        // Each key changes the frame; the next goes once that frame is drawn, so an Esc and the
        // key after it are never read as one Alt chord, however slowly the binary reads.
        for (const k of keys) await pressAndSettle(pane, frames, k, `${what}: the frame after ${k}`);
        return settled(pane, frames, what, holds);
      };
      const first = await settled(pane, frames, 'the first frame', showsAllSteps);
      const bar = first.trimEnd().split('\n').slice(-2).join('\n');
      for (const key of ['l logs', 'v preview', 'w note', '? help', 'q quit']) expect(bar, first).toContain(key);

      // The steps after the walk, and the evidence of each step's first check.
      await at(['a'], 'the walk', (s) => s.includes('Most likely'));
      // The walk runs on after the strip is up: the checks are settled once the journal has
      // every step's result and the screen shows no step still spinning or pending.
      await walkDone();
      await at([], 'the walk, settled', (s) => !UNFINISHED_ROW.test(s));
      await at(['Tab'], 'the checks in focus');
      for (let step = 1; step < 7; step++) await at(['Left', 'j', 'Tab'], `step ${step + 1}'s checks`);
      await at(['Left', 'n'], 'the finding prompt', (s) => s.includes('Finding for'));
      await at(['Escape', '?'], 'the full help', (s) => s.includes('notices') || s.includes('show all keys'));
      await at(['Escape', 'h'], 'the hypotheses', (s) => s.includes('Mechanisms ranked by the walk'));
      await at(['j', 'j'], 'the mechanisms scrolled');
      await at(['Tab'], 'the evidence in focus');
      await at(['Tab'], 'the hypotheses in focus');
      await at(['s'], 'the severity picker', (s) => s.includes('SEV-1'));
      await at(['Escape', 'a'], 'the bucket picker', (s) => s.includes('stale-contract'));
      // At 80 columns step titles are cut: the walk is back when its first step and the strip are.
      await at(['Escape', 'Escape'], 'back to the walk', (s) => s.includes('1 Contract') && s.includes('Most likely'));
      await at(['t'], 'the trace', (s) => /Trace \S+/.test(s) && /stops at|first error/.test(s));
      await at(['Escape', 'v'], 'the note preview', (s) => s.includes('Mechanism'));
      await at(['Escape', 'l'], 'the workload picker', (s) => /\d+ of \d+ workloads/.test(s));
      await at(['/', 'payments-worker', 'Enter'], 'the payments-worker tail', (s) => /payments-worker (INFO|WARN|ERROR)/.test(s));
      await at(['Escape', '/', 'opentelemetry', 'Enter'], 'the collector tail', (s) => /otc-container (INFO|WARN|ERROR)/.test(s));
      await at(['r'], 'the collector tail raw');
      await at(['Escape', 'Escape', 'i'], 'the trace id prompt', (s) => s.includes('Trace id to follow'));
      await at(['Escape', 'w'], 'the note written', (s) => s.includes('note written'));
      pane.keys('q');
      await pane.waitForExit();
    }, 180_000);
  });
}
