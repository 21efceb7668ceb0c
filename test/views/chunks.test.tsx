import { afterEach, describe, expect, it } from 'vitest';
import { barEntries, fitBar } from '../../views/keys';
import { KEY, fixedChecks, openBench, selectedStep, type Bench } from './fixture';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

/** The walk with Environment selected and run (j, then Enter): its two checks drawn. */
async function onEnvironmentChecks(): Promise<Bench> {
  const opened = await openBench(fixedChecks());
  await opened.press('j\r');
  await opened.until((f) => f.includes('worker answered 503'), 'the environment checks');
  return opened;
}

describe('keys typed in one chunk', () => {
  it('counts a Tab and an Enter inside a run of keys (tmux send-keys, fast typing)', async () => {
    // j to Environment, Enter runs it (one chunk), Tab focuses its checks, j selects the second.
    bench = await onEnvironmentChecks();
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
    // The prompt's input subscribes in an effect after the frame that shows it.
    await bench.still();
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
  const text = (entries: readonly { keys: string; hint: string }[] | { keys: string; hint: string }) =>
    (Array.isArray(entries) ? entries : [entries]).map((e) => `${e.keys} ${e.hint}`).join('  ');

  it('keeps every key of the walk in two rows at 80 columns, each row within the width', () => {
    for (const context of [onSteps, { ...onSteps, evidenceScrolls: true }, { ...onSteps, focus: 'checks' } as const]) {
      const all = barEntries(context);
      for (const width of [160, 120, 100, 80]) {
        const rows = fitBar(all, width);
        expect(rows.length).toBeLessThanOrEqual(2);
        for (const row of rows) expect(Array.from(text(row)).length).toBeLessThanOrEqual(width);
        expect(rows.flat().map(text)).toEqual(all.map(text));
      }
    }
  });

  it('leaves out the least needed hints when two rows are too few, never help, quit, logs, preview or note', () => {
    const all = barEntries(onSteps);
    const kept = fitBar(all, 60)
      .flat()
      .map((e) => e.hint);
    expect(kept).not.toContain('move');
    expect(kept).toEqual(expect.arrayContaining(['help', 'quit', 'verdict', 'hypotheses', 'trace', 'logs', 'preview', 'note']));
  });

  it('shows l, v and w in the bar of an 80×24 walk', async () => {
    bench = await openBench(fixedChecks(), { rows: 24, columns: 80 });
    const bar = bench.frame().split('\n').slice(-2).join('\n');
    for (const hint of ['l logs', 'v preview', 'w note', '? help', 'q quit', 't trace', 'h hypotheses']) expect(bar).toContain(hint);
    expect(bench.frame().split('\n').length).toBeLessThanOrEqual(23);
  });

  it('shows t trace on a 120-column walk', async () => {
    bench = await openBench(fixedChecks(), { rows: 35, columns: 120 });
    expect(bench.frame().split('\n').slice(-2).join('\n')).toMatch(/h hypotheses .*t trace/);
  });
});

describe('a key typed as soon as the frame before it is drawn', () => {
  it('goes to the handler of that frame: ← then j moves the steps, not the checks it left', async () => {
    bench = await onEnvironmentChecks();
    await bench.press('\tj');
    expect(bench.frame()).toContain('worker health environment/worker-health');
    // Ink swaps its input listener in a passive effect, after the frame is written: j typed
    // the moment ← is drawn (a fast typist, tmux) must still see the steps focused.
    const ui = bench.ui;
    const write = ui.stdout.write;
    let armed = true;
    ui.stdout.write = (text: string) => {
      write(text);
      if (armed) {
        armed = false;
        queueMicrotask(() => ui.stdin.write('j'));
      }
    };
    ui.stdin.write(KEY.left);
    await bench.until((f) => selectedStep(f) !== undefined && !selectedStep(f)!.startsWith('2 '), 'the step after Environment');
    expect(selectedStep(bench.frame())).toMatch(/^3 /);
  });
});

describe('one chunk that Ink hands over as several inputs', () => {
  it('gives each key the focus the keys before it left: j ← j moves the steps after the checks', async () => {
    bench = await onEnvironmentChecks();
    await bench.press('\t');
    // tmux send-keys j Left j: one read, three inputs (text, an escape sequence, text).
    bench.ui.stdin.write(`j${KEY.left}j`);
    await bench.until((f) => selectedStep(f)?.startsWith('3 ') === true, 'the step after Environment');
    await bench.still();
    expect(selectedStep(bench.frame())).toMatch(/^3 /);
  });
});
