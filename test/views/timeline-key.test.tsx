import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSchema } from '../../src/plan/schema';
import { KEY, openBench, type Bench } from './fixture';

// `t` on the walk: the Session follows the plan's trace over real log files in the
// session's directory, the timeline opens in place of the panes, and a pinned line is a
// journal event.

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
/** Past the pane's edge: read only in the selected line's full text under the list. */
const LONG_TAIL = 'issuer=acme-bank decline_code=do_not_honor attempt=3 of 3 next_retry=never merchant=shop-eu';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

const tracedPlan = planSchema.parse({
  traceId: ID,
  trace: { sources: ['file:gateway.log', 'file:worker.log'], services: ['gateway', 'worker', 'ledger'] },
});

function writeLogs(root: string) {
  writeFileSync(join(root, 'gateway.log'), [`2021-03-09T08:00:00Z POST /orders ${ID}`, `2021-03-09T08:00:40Z 504 upstream timed out ${ID}`].join('\n') + '\n');
  writeFileSync(
    join(root, 'worker.log'),
    [
      `2021-03-09T08:00:01Z picked up ${ID}`,
      `2021-03-09T08:00:02Z ERROR card declined, retrying ${ID} ${LONG_TAIL}`,
      '2021-03-09T08:00:03Z unrelated line',
    ].join('\n') + '\n',
  );
}

describe('t: the followed trace', () => {
  it('opens the timeline of the plan’s trace and pins the selected line as an evidence.pinned event', async () => {
    bench = await openBench([], { plan: tracedPlan, rows: 30, columns: 110 });
    writeLogs(bench.root);
    await bench.press('t');
    const open = await bench.until((f) => f.includes(`Trace ${ID}`), 'the timeline');
    expect(open).toContain('stops at');
    expect(open).toMatch(/08:00:00\.000 {2}gateway {2}2021-03-09T08:00:00Z POST \/orders/);
    expect(open).toContain('never reached ledger');
    // The timeline's own keys are in the help bar, not the walk's.
    expect(open).toMatch(/Esc\/t back .*first error/);
    await bench.press('e');
    expect(bench.frame()).toContain('next_retry=never merchant=shop-eu');
    await bench.press('g');
    // Typed in one chunk: the jump, then the pin of the line jumped to.
    await bench.press('ep');
    await bench.until((f) => f.includes('pinned as evidence'), 'the pin message');
    const pins = bench.session.eventsSoFar().filter((e) => e.type === 'evidence.pinned');
    expect(pins).toHaveLength(1);
    expect(pins[0]).toMatchObject({ from: 'timeline', step: 'observability', text: `2021-03-09T08:00:02Z ERROR card declined, retrying ${ID} ${LONG_TAIL}` });
    // Esc goes back to the walk.
    await bench.press(KEY.escape);
    expect(bench.frame()).toContain('1 Contract');
    expect(bench.frame()).not.toContain(`Trace ${ID}`);
    // In the ledger the pinned line heads the evidence a verdict can cite.
    await bench.press('h');
    const evidence = bench.frame().split('Evidence (')[1]!;
    expect(evidence.split('\n')[1]).toMatch(/› \[ \] E1 .*worker\.log:2 .*ERROR card declined/);
  });

  it('asks for the trace id when none was given, records it as a trace.set event and follows it', async () => {
    bench = await openBench([], { plan: planSchema.parse({ trace: { sources: ['file:gateway.log', 'file:worker.log'] } }), rows: 24, columns: 80 });
    writeLogs(bench.root);
    await bench.press('t');
    await bench.until((f) => f.includes('Trace id to follow'), 'the trace id prompt');
    await bench.press(ID);
    await bench.press(KEY.enter);
    const open = await bench.until((f) => f.includes(`Trace ${ID}`), 'the timeline of the id given');
    expect(open).toContain('2021-03-09T08:00:00Z POST /orders');
    expect(bench.session.eventsSoFar().filter((e) => e.type === 'trace.set')).toMatchObject([{ traceId: ID }]);
    expect(bench.session.getState().traceId).toBe(ID);
    // The note names it too.
    expect(bench.session.previewNote()).toContain(ID);
    await bench.press(KEY.escape);
    // i gives another one at any time; Esc leaves the first in place.
    await bench.press('i');
    await bench.until((f) => f.includes(`Trace id to follow (now ${ID})`), 'the prompt naming the current id');
    await bench.press(KEY.escape);
    expect(bench.session.getState().traceId).toBe(ID);
  });
});
