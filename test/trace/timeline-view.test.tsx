import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Journal } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { planSchema } from '../../src/plan/schema';
import { parseSourceSpec } from '../../src/trace/sources';
import { runTrace, type TraceResult } from '../../src/trace/timeline';
import type { MetricAtOnset } from '../../src/trace/metrics';
import { TimelineScreen } from '../../views/timeline/TimelineScreen';
import { filesIn } from './support';
import { driveInk } from '../views/fixture';

// The timeline view over a real trace result and a real Session (pins are journal
// events): keys in, frames and events out. Keys wait on the frames they draw (driveInk), not on fixed ticks.

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

let result: TraceResult;
let session: Session;
let ui: ReturnType<typeof render> | undefined;
let closed = 0;

beforeEach(async () => {
  const dir = filesIn({
    'gateway.log': [`2021-03-09T08:00:00Z POST /orders password=hunter2 ${ID}`, `2021-03-09T08:00:40Z 504 upstream timed out ${ID}`],
    'worker.log': [
      `2021-03-09T08:00:01Z picked up ${ID}`,
      `2021-03-09T08:00:02Z ERROR card declined, retrying ${ID}`,
      ...Array.from({ length: 30 }, (_, i) => `2021-03-09T08:00:${String(3 + i).padStart(2, '0')}Z retry ${i + 1} ${ID}`),
    ],
  });
  result = await runTrace({
    traceId: ID,
    sources: ['file:gateway.log', 'file:worker.log'].map((s) => parseSourceSpec(s, { baseDir: dir, trace: undefined })),
    services: ['gateway', 'worker', 'ledger'],
    endMs: Date.parse('2021-03-09T08:05:00Z'),
    timeoutMs: 5000,
    signal: new AbortController().signal,
  });
  const journal = Journal.open(dir, 'timeline-test', 'alice');
  session = new Session({ root: dir, journal, plan: planSchema.parse({}), baseDir: dir, checks: [], env: {} });
  closed = 0;
});

afterEach(async () => {
  ui?.unmount();
  ui = undefined;
  await session.quit();
});

const frame = () => (ui?.lastFrame() ?? '').replace(ANSI, '');
const lastLine = () => frame().split('\n').at(-2)!;
/** One driver per rendered tree: it wraps the tree's stdout to hear each frame. */
const drivers = new WeakMap<object, ReturnType<typeof driveInk>>();
function drive() {
  let driver = drivers.get(ui!);
  if (!driver) drivers.set(ui!, (driver = driveInk(ui!)));
  return driver;
}
/** Each key typed once the screen is still, then what it draws. */
const press = (...keys: string[]) => drive().press(...keys);
/** The first render and the frames its effects set off have landed. */
const drawn = () => drive().drain(Date.now() + 50);
function show(height: number, width = 100) {
  ui = render(
    <TimelineScreen timeline={{ result }} width={width} height={height} onPin={session.pinEvidence} redact={session.redactText} onClose={() => closed++} />,
  );
}

describe('the timeline view', () => {
  it('draws a lane per service with the stop marked and the service never reached, within its height', async () => {
    show(24);
    await drawn();
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(frame()).toMatch(/gateway +●/);
    expect(frame()).toMatch(/worker +[●✗·]*■/);
    expect(frame()).toMatch(/ledger +·+/);
    expect(frame()).toContain('stops at worker 4m28s before the end · never reached ledger · first error 08:00:02.000');
  });

  it('stays within a small terminal and scrolls the lines it cannot show', async () => {
    show(10);
    await drawn();
    expect(frame().split('\n').length).toBeLessThanOrEqual(10);
    await press('G');
    expect(frame()).toContain('504 upstream timed out');
    expect(frame()).not.toContain('POST /orders');
  });

  it('jumps to the first error and to the stop', async () => {
    show(14);
    await press('G', 'e');
    expect(frame()).toMatch(/✗ 08:00:02\.000  worker +2021-03-09T08:00:02Z ERROR card declined/);
    expect(lastLine()).toContain('worker.log:2');
    await press('s');
    expect(frame()).toMatch(/■ 08:00:32\.000  worker +2021-03-09T08:00:32Z retry 30/);
    expect(lastLine()).toContain('worker.log:32');
  });

  it('filters to one source at a time and back to all', async () => {
    show(40);
    await press('f');
    expect(frame()).toContain('only gateway');
    expect(frame()).not.toContain('picked up');
    await press('f');
    expect(frame()).toContain('picked up');
    expect(frame()).not.toContain('POST /orders');
    await press('a');
    expect(frame()).toContain('POST /orders');
  });

  it('pins the selected line as evidence in the journal', async () => {
    show(24);
    await press('e', 'p');
    expect(lastLine()).toMatch(/pinned as evidence e-[0-9a-f]+: worker\.log:2/);
    const pinned = session.getState().ledger.pinned;
    expect(pinned).toEqual([
      expect.objectContaining({
        from: 'timeline',
        source: 'worker.log:2',
        time: '2021-03-09T08:00:02.000Z',
        text: `2021-03-09T08:00:02Z ERROR card declined, retrying ${ID}`,
      }),
    ]);
  });

  it('draws and pins lines read live redacted', async () => {
    show(24);
    await drawn();
    expect(frame()).toContain('password=[REDACTED:password]');
    expect(frame()).not.toContain('hunter2');
    await press('g', 'p');
    expect(session.getState().ledger.pinned[0]!.text).toBe(`2021-03-09T08:00:00Z POST /orders password=[REDACTED:password] ${ID}`);
  });

  it('closes on Esc', async () => {
    show(24);
    await press('\u001B');
    expect(closed).toBe(1);
  });

  const metric = (name: string, verdict: MetricAtOnset['verdict'], summary: string): MetricAtOnset => ({
    name,
    query: `${name}_seconds`,
    source: 'prometheus http://127.0.0.1:9090',
    onset: '2021-03-09T08:00:02.000Z',
    window: '15m',
    verdict,
    summary,
    timing: 'before: dns — · connect 1ms · tls — · first byte 3ms · total 4ms; at onset: dns — · connect 1ms · tls — · first byte 2ms · total 3ms',
    tookMs: 4,
    replay: `curl -sS --max-time 10 'http://127.0.0.1:9090/api/v1/query?query=${name}_seconds&time=1615276802'`,
  });
  const metrics = [
    metric('queue', 'steady', '5 before (median of 60 over 15m) → 5 at onset (×1, +0), steady'),
    metric('latency', 'moved', '0.1 before (median of 60 over 15m) → 0.9 at onset (×9, +0.8): moved'),
    metric('errors', 'bad-query', 'bad query (bad_data): parse error'),
  ];

  it("shows the metrics at onset under the stop line, the moved first, and still the trace's lines", async () => {
    ui = render(
      <TimelineScreen timeline={{ result, metrics }} width={100} height={24} onPin={session.pinEvidence} redact={session.redactText} onClose={() => {}} />,
    );
    await drawn();
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    const title = lines.findIndex((l) => l.includes('metrics at onset 08:00:02.000'));
    expect(title).toBeGreaterThan(lines.findIndex((l) => l.includes('stops at worker')));
    expect(lines[title + 1]).toMatch(/▲ latency +0\.1 before \(median of 60 over 15m\) → 0\.9 at onset \(×9, \+0\.8\): moved/);
    expect(lines[title + 2]).toMatch(/\? errors +bad query \(bad_data\): parse error/);
    expect(lines[title + 3]).toMatch(/· queue +5 before/);
    expect(frame()).toContain('POST /orders');
  });

  it('keeps the metrics to their rows: "… more" past three, none in a small terminal', async () => {
    ui = render(
      <TimelineScreen
        timeline={{ result, metrics: [...metrics, metric('memory', 'steady', '1 before → 1 at onset, steady')] }}
        width={100}
        height={24}
        onPin={session.pinEvidence}
        redact={session.redactText}
        onClose={() => {}}
      />,
    );
    await drawn();
    expect(frame()).toContain('… 2 more');
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
    ui.unmount();
    ui = render(
      <TimelineScreen timeline={{ result, metrics }} width={100} height={10} onPin={session.pinEvidence} redact={session.redactText} onClose={() => {}} />,
    );
    await drawn();
    expect(frame()).not.toContain('metrics at onset');
    expect(frame().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('says why there is no timeline when there is none', async () => {
    ui = render(
      <TimelineScreen
        timeline={{ problem: 'no trace id to follow' }}
        width={80}
        height={8}
        onPin={session.pinEvidence}
        redact={session.redactText}
        onClose={() => {}}
      />,
    );
    await drawn();
    expect(frame()).toContain('no trace id to follow');
  });
});
