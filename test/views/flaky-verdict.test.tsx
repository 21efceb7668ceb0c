import { afterEach, describe, expect, it } from 'vitest';
import { KEY, makeSession, openBench, type Bench } from './fixture';

// Reference 003 on step verdicts: a reason that calls the failure "flaky" is refused
// while the ledger has no mechanism, named or explicitly not yet named.

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

const verdicts = (b: Bench) => b.session.eventsSoFar().filter((e) => e.type === 'step.verdict');

describe('flaky rule on step verdicts', () => {
  it('refuses a bare "flaky" reason from the engine and records nothing', async () => {
    const { session, dispose } = makeSession([]);
    try {
      const refused = session.markStep('rerun', 'fail', 'just flaky, rerun passed');
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.refusal).toMatch(/calls the failure "flaky", but no mechanism is recorded/);
      expect(session.getState().steps.rerun.verdict).toBeUndefined();
      expect(session.setMechanism({ missing: 'the failing run’s worker logs, rotated before capture' }).ok).toBe(true);
      expect(session.markStep('rerun', 'fail', 'just flaky, rerun passed').ok).toBe(true);
      expect(session.getState().steps.rerun.verdict?.reason).toBe('just flaky, rerun passed');
    } finally {
      await dispose();
    }
  });

  it('keeps the prompt open with the refusal and what to do, then takes the corrected reason', async () => {
    bench = await openBench([], { rows: 30, columns: 100 });
    await bench.press('f');
    await bench.press('flaky');
    await bench.press(KEY.enter);
    const refused = bench.frame();
    expect(refused).toContain('refused: The reason for marking contract fail calls the failure "flaky"');
    expect(refused).toContain('Esc, then h: m names the mechanism');
    expect(refused).toContain('Why is Contract fail?: flaky');
    expect(verdicts(bench)).toHaveLength(0);
    // The typed text is still there to edit: clear it and give a reason that names what happened.
    await bench.press('\u0015');
    await bench.press('stale contract: test expects status DONE, api says COMPLETED');
    await bench.press(KEY.enter);
    const done = bench.frame();
    expect(done).toContain('Contract marked fail');
    expect(done).not.toContain('refused:');
    // The whole reason is on screen under the steps, not cut after two rows.
    expect(done).toContain('COMPLETED”');
    expect(verdicts(bench)).toHaveLength(1);
    expect(bench.session.getState().steps.contract.verdict?.reason).toBe('stale contract: test expects status DONE, api says COMPLETED');
  });
});
