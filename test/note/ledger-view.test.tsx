import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSyncExternalStore, type ReactElement } from 'react';
import { render } from 'ink-testing-library';
import type { Session } from '../../src/workbench/session';
import { LedgerScreen } from '../../views/ledger/LedgerScreen';
import { NotePreview } from '../../views/ledger/NotePreview';
import { fixedCheck, openTestSession, tempRoot } from './support';
import { driveInk } from '../views/fixture';

// The ledger view and the live note preview over a real Session and journal: keys in,
// frames and journal events out. Each key waits for the frame it draws (test/views/fixture.tsx).

const KEY = { down: '\u001B[B', enter: '\r', tab: '\t', escape: '\u001B' } as const;

let root: string;
let cleanup: () => void;
let session: Session;
let ui: ReturnType<typeof render> | undefined;
let drive: ReturnType<typeof driveInk> | undefined;
let closed = 0;

function Ledger({ workbench }: { workbench: Session }) {
  const snapshot = useSyncExternalStore(workbench.subscribe, workbench.getSnapshot);
  return <LedgerScreen workbench={workbench} state={snapshot.state} width={100} height={30} onClose={() => closed++} />;
}

function Preview({ workbench }: { workbench: Session }) {
  useSyncExternalStore(workbench.subscribe, workbench.getSnapshot);
  return <NotePreview markdown={workbench.previewNote()} width={100} height={14} onClose={() => closed++} />;
}

/** Renders `element` and lets the frames its first effects draw land. */
async function show(element: ReactElement): Promise<void> {
  ui = render(element);
  drive = driveInk(ui);
  await drive.drain(Date.now() + 50);
}

const frame = () => drive?.frame() ?? '';
async function press(...keys: string[]): Promise<void> {
  await drive!.press(...keys);
}
async function type(text: string): Promise<void> {
  await press(text, KEY.enter);
}

beforeEach(async () => {
  ({ root, cleanup } = tempRoot('triage-ledger-view-'));
  closed = 0;
  session = openTestSession(root, 'inv', 'alice', {}, [
    fixedCheck('environment', 'worker-health', 'fail', 'worker answered 503', [
      { text: 'agent origin unhealthy: 503 from upstream, restart triggered', source: 'http GET http://worker/healthz', time: '2026-06-15T08:33:46Z' },
    ]),
  ]);
  session.record({ type: 'investigation.opened', title: 'red staging E2E', system: 'shop', mode: 'live' });
  await session.runChecksOf(['environment']);
});
afterEach(async () => {
  ui?.unmount();
  ui = undefined;
  drive = undefined;
  await session.quit();
  cleanup();
});

async function addTimingRaceHypothesis(): Promise<void> {
  // Buckets in DESIGN order: timing-race is the fifth; classes: product is the second.
  await press('a', KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter, KEY.down, KEY.enter);
  await type('check the restart trigger because one 503 restarts the worker');
}

describe('the ledger view', () => {
  it('shows what the note still misses', async () => {
    await show(<Ledger workbench={session} />);
    expect(frame()).toMatch(/Title {5}red staging E2E/);
    expect(frame()).toMatch(/Severity {2}not set \(s\)/);
    expect(frame()).toMatch(/Mechanism not yet named \(m, or M: what is missing\)/);
    expect(frame()).toContain('none yet: a adds one by hand');
    expect(frame()).toMatch(/\[ \] {5}08:33:46 http GET http:\/\/worker\/healthz agent origin unhealthy/);
  });

  it('adds a hypothesis by hand: bucket, class, text', async () => {
    await show(<Ledger workbench={session} />);
    await addTimingRaceHypothesis();
    expect(frame()).toMatch(/› H1 OPEN timing-race · product check the restart trigger/);
    expect(session.getState().ledger.hypotheses[0]).toMatchObject({ bucket: 'timing-race', class: 'product', from: 'person', author: 'alice' });
  });

  it('refuses PINNED without cited evidence and shows what is missing', async () => {
    await show(<Ledger workbench={session} />);
    await addTimingRaceHypothesis();
    await press('P');
    expect(frame()).toMatch(/Why is H1 PINNED \(primary\)\? \(one line; 0 cited\)/);
    await type('one 503 restarts a healthy worker');
    expect(frame()).toMatch(/refused: PINNED H1 needs at least one piece of pinned evidence/);
    expect(session.getState().ledger.hypotheses[0]!.verdict).toBe('OPEN');
  });

  it('pins a line from a check, cites it, and records PINNED as the primary mechanism', async () => {
    await show(<Ledger workbench={session} />);
    await addTimingRaceHypothesis();
    await press(KEY.tab, KEY.down, ' ');
    expect(frame()).toMatch(/\[x\] E1 +08:33:46 http GET/);
    await press(KEY.tab, 'P');
    await type('PONG, then one 503 and a restart that never re-registers');
    expect(frame()).toMatch(/H1 PINNED primary timing-race/);
    expect(frame()).toContain('H1 PINNED (primary)');
    const h = session.getState().ledger.hypotheses[0]!;
    expect(h.history.at(-1)).toMatchObject({ verdict: 'PINNED', primary: true, evidence: [session.getState().ledger.pinned[0]!.id] });
  });

  it('refuses a bare "flaky" mechanism, accepts "not yet named" with what is missing', async () => {
    await show(<Ledger workbench={session} />);
    await press('m');
    await type('flaky');
    expect(frame()).toMatch(/refused: "flaky" is not a mechanism\. Missing:/);
    await press('M');
    await type("the failing run's logs, overwritten by the rerun");
    expect(frame()).toMatch(/Mechanism not yet named — missing: the failing run's logs/);
  });

  it('picks a severity with its response target, sets the fix and owner and the title', async () => {
    await show(<Ledger workbench={session} />);
    await press('s');
    expect(frame()).toMatch(/› SEV-1 {2}blocking regression on main or the release path: assign an owner and post incident context/);
    await press(KEY.down, KEY.enter);
    expect(frame()).toMatch(/Severity {2}SEV-2: assign an owner and post context within 4 hours/);
    await press('f');
    await type('debounce the restart trigger');
    await type('worker runtime owners');
    expect(frame()).toMatch(/Fix {7}debounce the restart trigger — owner: worker runtime owners/);
    await press('T');
    await type('worker restarts itself on one upstream 503');
    expect(frame()).toMatch(/Title {5}worker restarts itself on one upstream 503/);
    await press(KEY.escape);
    expect(closed).toBe(1);
  });
});

describe('the note preview', () => {
  it('shows the note as it would be written and follows the journal live', async () => {
    await show(<Preview workbench={session} />);
    expect(frame()).toMatch(/Note preview \(lines 1–11 of \d+; back on the walk, w writes it\)/);
    expect(frame()).toContain('# red staging E2E');
    session.setTitle('worker restarts itself on one upstream 503');
    await drive!.until((f) => f.includes('# worker restarts itself on one upstream 503'), 'the preview to follow the new title');
    await press('j', 'j');
    expect(frame()).toMatch(/lines 3–13 of/);
    await press('G');
    expect(frame()).toContain('render again with');
    await press('v');
    expect(closed).toBe(1);
  });
});

describe('in the workbench', () => {
  it('opens the ledger with h and the preview with v, each closing with Esc back to the walk', async () => {
    const { openBench, KEY: KEYS } = await import('../views/fixture');
    const bench = await openBench();
    try {
      await bench.press('h');
      expect(bench.frame()).toContain('Hypotheses (discrimination)');
      expect(bench.frame()).toMatch(/Esc\/h back/);
      await bench.press('m');
      await bench.press('the worker restarts on one upstream 503');
      await bench.press(KEYS.enter);
      expect(bench.session.getState().ledger.mechanism).toMatchObject({ status: 'named', text: 'the worker restarts on one upstream 503' });
      await bench.press(KEYS.escape);
      expect(bench.frame()).not.toContain('Hypotheses (discrimination)');
      await bench.press('v');
      expect(bench.frame()).toContain('Note preview');
      expect(bench.frame()).toContain('## Mechanism');
      await bench.press(KEYS.escape);
      expect(bench.frame()).not.toContain('Note preview');
    } finally {
      await bench.close();
    }
  });
});
