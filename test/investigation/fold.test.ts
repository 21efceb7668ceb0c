import { describe, expect, it } from 'vitest';
import { fold, foldAll, initialState, interruptedChecks } from '../../src/investigation/fold';
import type { JournalEvent } from '../../src/investigation/events';

let n = 0;
const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;
function ev<E extends Omit<JournalEvent, 'id' | 'at' | 'author'>>(e: E, minute = n, author = 'alice'): JournalEvent {
  n += 1;
  return { id: `e${n}`, at: at(minute), author, ...e } as JournalEvent;
}
const result = (status: 'pass' | 'fail' | 'warn' | 'error' | 'skip', summary: string = status) => ({ status, summary, evidence: [], durationMs: 5 });

describe('fold', () => {
  it("derives a step's status from its checks, worst first", () => {
    const state = foldAll('i', [
      ev({ type: 'check.finished', step: 'environment', checkId: 'environment/a', title: 'a', result: result('pass') }),
      ev({ type: 'check.finished', step: 'environment', checkId: 'environment/b', title: 'b', result: result('warn') }),
    ]);
    expect(state.steps.environment.status).toBe('warn');
    const failed = fold(state, ev({ type: 'check.finished', step: 'environment', checkId: 'environment/c', title: 'c', result: result('fail') }));
    expect(failed.steps.environment.status).toBe('fail');
    expect(failed.steps.environment.durationMs).toBe(15);
  });

  it('shows a step as running while any of its checks runs, even over a verdict', () => {
    const state = foldAll('i', [
      ev({ type: 'step.verdict', step: 'versions', status: 'pass', reason: 'looked by hand' }),
      ev({ type: 'check.started', step: 'versions', checkId: 'versions/sha', title: 'sha' }),
    ]);
    expect(state.steps.versions.status).toBe('running');
    expect(interruptedChecks(state).map((c) => c.id)).toEqual(['versions/sha']);
  });

  it("lets a person's verdict override the derived status, keeping both", () => {
    const state = foldAll('i', [
      ev({ type: 'check.finished', step: 'rerun', checkId: 'rerun/lock', title: 'lock', result: result('fail') }),
      ev({ type: 'step.verdict', step: 'rerun', status: 'pass', reason: 'lock belongs to the current run' }, 3, 'bob'),
    ]);
    expect(state.steps.rerun.derived).toBe('fail');
    expect(state.steps.rerun.status).toBe('pass');
    expect(state.steps.rerun.verdict).toMatchObject({ reason: 'lock belongs to the current run', author: 'bob' });
    expect(state.authors).toEqual(['alice', 'bob']);
  });

  it('ignores an event it has already folded (two writers, one event)', () => {
    const finding = ev({ type: 'finding.added', step: 'contract', text: 'status renamed' });
    const state = foldAll('i', [finding, finding]);
    expect(state.steps.contract.findings).toHaveLength(1);
  });

  it('keeps the earliest start and latest update whatever the order', () => {
    const state = foldAll('i', [
      ev({ type: 'finding.added', step: 'contract', text: 'b' }, 30),
      ev({ type: 'finding.added', step: 'contract', text: 'a' }, 10),
    ]);
    expect(state.startedAt).toBe(at(10));
    expect(state.updatedAt).toBe(at(30));
  });

  it('replaying the same journal gives the same state', () => {
    const events = [
      ev({ type: 'investigation.opened', title: 'red staging', system: 'shop', mode: 'demo', traceId: 't1' }),
      ev({ type: 'check.started', step: 'contract', checkId: 'contract/junit', title: 'junit' }),
      ev({ type: 'check.finished', step: 'contract', checkId: 'contract/junit', title: 'junit', result: result('fail', '1 failing test') }),
      ev({ type: 'note.written', path: '/tmp/n.md' }),
    ];
    const once = foldAll('i', events);
    const twice = foldAll('i', events);
    expect(twice).toEqual(once);
    expect(once.title).toBe('red staging');
    expect(once.steps.contract.checks[0]).toMatchObject({ running: false, result: { summary: '1 failing test' } });
    expect(initialState('i').steps.contract.status).toBe('pending');
  });
});

describe("a step's duration", () => {
  const timed = (checkId: string, start: string, end: string, durationMs: number): JournalEvent[] => [
    { id: `${checkId}-s`, at: start, author: 'alice', type: 'check.started', step: 'environment', checkId, title: checkId },
    {
      id: `${checkId}-f`,
      at: end,
      author: 'alice',
      type: 'check.finished',
      step: 'environment',
      checkId,
      title: checkId,
      result: { status: 'fail', summary: 'x', evidence: [], durationMs },
    },
  ];

  it('is the wall clock of checks that ran side by side, not the sum of their durations', () => {
    // Four checks of 3s, 4s, 12s and 14s, all started within a second: the clock showed 14s, not 33s.
    const state = foldAll('i', [
      ...timed('environment/pods', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:03.000Z', 3000),
      ...timed('environment/nodes', '2026-11-22T10:00:00.200Z', '2026-11-22T10:00:04.200Z', 4000),
      ...timed('environment/events', '2026-11-22T10:00:00.500Z', '2026-11-22T10:00:12.500Z', 12000),
      ...timed('environment/health', '2026-11-22T10:00:01.000Z', '2026-11-22T10:00:15.000Z', 14000),
    ]);
    expect(state.steps.environment.durationMs).toBe(15000);
  });

  it('does not count the idle time between a run and a later rerun of one check', () => {
    const state = foldAll('i', [
      ...timed('environment/pods', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:02.000Z', 2000),
      ...timed('environment/nodes', '2026-11-22T10:30:00.000Z', '2026-11-22T10:30:01.000Z', 1000),
    ]);
    expect(state.steps.environment.durationMs).toBe(3000);
  });
});
