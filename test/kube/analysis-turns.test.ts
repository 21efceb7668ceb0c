import { describe, expect, it } from 'vitest';
import { runInTurns, runNow, type Steps } from '../../src/kube/analyze/resources';

// A check's analysis runs in steps: through at once for a caller that wants the outcome now, in
// turns of the event loop for a check, so the workbench's keys and frames get in between.

/** `count` steps of `ms` of work each (by the clock), summing their indexes; `onStep` told of each. */
function* busy(count: number, ms: number, onStep = () => {}): Steps<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    yield;
    onStep();
    const until = performance.now() + ms;
    while (performance.now() < until);
    sum += i;
  }
  return sum;
}

describe('analysis in steps', () => {
  it('lets the event loop turn during a long analysis, and gives what running it at once gives', async () => {
    let turns = 0;
    let steps = 0;
    let most = 0;
    let done = false;
    const tick = () => {
      turns++;
      most = Math.max(most, steps);
      steps = 0;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const outcome = await runInTurns(busy(200, 1, () => steps++));
    done = true;
    most = Math.max(most, steps);
    expect(outcome).toBe(runNow(busy(200, 0)));
    // 1 ms steps and a turn once 8 ms have passed: never more than 9 steps without one.
    expect(most).toBeLessThanOrEqual(9);
    expect(turns).toBeGreaterThanOrEqual(200 / 9);
  });

  it('lets one slice run per turn when analyses run in turns at once', async () => {
    let steps = 0;
    let most = 0;
    let turns = 0;
    let done = false;
    const tick = () => {
      // Both analyses start in the same turn, each with a slice of its own: counted from the next.
      if (turns++ > 0) most = Math.max(most, steps);
      steps = 0;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => runInTurns(busy(60, 1, () => steps++))));
    done = true;
    expect(outcomes).toEqual([0, 1, 2, 3].map(() => runNow(busy(60, 0))));
    // Four at once, as a walk runs its checks: still never more than one slice (9 steps) between turns.
    expect(most).toBeLessThanOrEqual(9);
  });

  it('does not wait for a turn when the analysis is short', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    expect(await runInTurns(busy(50, 0))).toBe(1225);
    expect(turned).toBe(false);
  });
});
