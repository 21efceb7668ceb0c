import { afterEach, describe, expect, it } from 'vitest';
import { barEntries, fitBar } from '../../views/keys';
import { fixedChecks, openBench, selectedStep, tick, type Bench } from './fixture';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('keys typed in one chunk', () => {
  it('counts a Tab and an Enter inside a run of keys (tmux send-keys, fast typing)', async () => {
    bench = await openBench(fixedChecks());
    // j to Environment, Enter runs it, Tab focuses its checks, j selects the second.
    await bench.press('j\r');
    await bench.until((f) => f.includes('worker answered 503'), 'the environment checks');
    await bench.press('\tj');
    expect(selectedStep(bench.frame())).toBeUndefined();
    expect(bench.frame()).toContain('worker health environment/worker-health');
  });
});

describe('a reason typed fast', () => {
  it('takes a line and its Enter in one chunk, and an Enter that arrives before the line is drawn', async () => {
    bench = await openBench(fixedChecks());
    await bench.press('f');
    await bench.press('stale contract: the test expects DONE\r');
    expect(bench.session.getState().steps.contract.verdict?.reason).toBe('stale contract: the test expects DONE');
    await bench.press('j');
    await bench.press('p');
    await bench.until((f) => f.includes('Why is Environment pass?'), 'the prompt');
    await tick(50);
    // Two events before a render: the Enter must see the line the first one typed.
    bench.ui.stdin.write('api and worker answer 200');
    bench.ui.stdin.write('\r');
    await bench.until(() => bench!.session.getState().steps.environment.verdict !== undefined, 'the environment verdict');
    expect(bench.session.getState().steps.environment.verdict).toMatchObject({ status: 'pass', reason: 'api and worker answer 200' });
    expect(bench.frame()).not.toContain('(required)');
  });
});

describe('the help bar', () => {
  const onSteps = { focus: 'steps', hasChecks: true, evidenceScrolls: false } as const;

  it('leaves out the least needed hints to fit, never help, quit, the verdicts or the trace', () => {
    const all = barEntries(onSteps);
    const text = (entries: readonly { keys: string; hint: string }[]) => entries.map((e) => `${e.keys} ${e.hint}`).join('  ');
    expect(text(fitBar(all, 500))).toBe(text(all));
    for (const width of [120, 100, 80]) {
      const kept = fitBar(all, width);
      expect(Array.from(text(kept)).length).toBeLessThanOrEqual(width);
      expect(kept.map((e) => e.hint)).toEqual(expect.arrayContaining(['help', 'quit', 'verdict', 'hypotheses', 'trace']));
    }
    expect(fitBar(all, 120).map((e) => e.hint)).not.toContain('move');
  });

  it('shows t trace on a 120-column walk', async () => {
    bench = await openBench(fixedChecks(), { rows: 35, columns: 120 });
    expect(bench.frame().split('\n').at(-1)).toMatch(/h hypotheses .*t trace/);
  });
});
