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

// The demo walked check by check at 80×24 and 120×40: every word drawn in the evidence
// pane is a piece of a real evidence line (or its source or time). Two rows drawn over
// each other make words that are not (`shsees 2 of 4 pods oftor app=checkout`).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A step row still pending or running (its icon, then its number): titles may be cut, the number is not. */
const UNFINISHED_ROW = new RegExp(`[${STATUS_ICON.pending}${SPINNER_FRAMES.join('')}] \\d `);

let cwd: string;
let tmux: TmuxServer;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-e2e-'));
  tmux = new TmuxServer();
});

afterEach(() => {
  tmux.kill();
  rmSync(cwd, { recursive: true, force: true });
});

function stateOf() {
  const dir = join(cwd, '.triage', 'investigations');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.ndjson')) : undefined;
  if (!file) throw new Error('no investigation');
  const id = file.replace(/\.ndjson$/, '');
  const journal = Journal.open(cwd, id, 'reader');
  try {
    return foldAll(id, journal.readNew().events);
  } finally {
    journal.close();
  }
}

/** The rows inside the right-hand lower pane (the selected check's detail). */
function detailRows(screen: string, width: number): string[] {
  const left = Math.min(36, Math.max(20, Math.floor(width * 0.32)));
  const lines = screen.split('\n').map((l) => Array.from(l).slice(left).join(''));
  const tops = lines.flatMap((l, i) => (l.startsWith('╭') ? [i] : []));
  const top = tops[1];
  if (top === undefined) return [];
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
  return lines.slice(top + 1, bottom).map((l) => l.replace(/^│ ?/, '').replace(/ ?│\s*$/, ''));
}

for (const [width, height] of [
  [80, 24],
  [120, 40],
] as const) {
  describeInTmux(`the demo at ${width}×${height}`, () => {
    it('draws every evidence row of every check as a piece of that check’s evidence', async () => {
      const frames = join(cwd, 'frames.txt');
      const pane = tmux.open(`walk${width}`, ['node', TRIAGE, 'demo'], { cwd, env: { USER: 'alice', TRIAGE_FRAME_LOG: frames }, width, height });
      // Every key pressed here moves a selection or the focus (the `›` marker), so it changes the
      // frame: the next key waits for that frame on screen (the binary keeps its last frame in
      // TRIAGE_FRAME_LOG), not for a fixed time.
      const press = (key: string) => pressAndSettle(pane, frames, key);
      await settled(pane, frames, 'the first frame', showsAllSteps);
      await press('a');
      // At 80 columns step titles are cut, so the journal says when the walk is done.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !STEPS.every((s) => !['pending', 'running'].includes(stateOf().steps[s.id].status))) await sleep(50);
      // The screen with every step's result drawn, nothing still spinning or pending.
      await settled(pane, frames, 'the walk, settled', (s) => !UNFINISHED_ROW.test(s));
      const state = stateOf();
      let checked = 0;
      for (const [index, step] of STEPS.entries()) {
        if (index > 0) await press('j');
        const checks = state.steps[step.id].checks;
        const vocabulary = checks.flatMap((c) => (c.result?.evidence ?? []).flatMap((e) => [e.text.replace(/\s+/g, ' '), e.source, e.time ?? ''])).join('\n');
        if (checks.length === 0) continue;
        await press('Tab');
        for (let i = 0; i < checks.length; i++) {
          const screen = i > 0 ? await press('j') : await settled(pane, frames, `${step.title}, check 1`);
          expect(screen.split('\n').every((l) => Array.from(l).length <= width)).toBe(true);
          const rows = detailRows(screen, width);
          const header = rows.findIndex((r) => r.startsWith('evidence'));
          if (header < 0) continue;
          for (const row of rows.slice(header + 1)) {
            if (row.startsWith('$ ')) break;
            for (const word of row.split(/\s+|…/).filter(Boolean)) {
              checked++;
              expect(vocabulary.includes(word), `"${word}" in "${row}" (${step.title}, check ${i + 1}):\n${screen}`).toBe(true);
            }
          }
        }
        await press('Left');
      }
      expect(checked).toBeGreaterThan(20);
      pane.keys('q');
      await pane.waitForExit();
    }, 150_000);
  });
}
