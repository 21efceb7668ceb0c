import { describe, expect, it } from 'vitest';
import { foldAll } from '../../src/investigation/fold';
import type { JournalEvent } from '../../src/investigation/events';
import { renderNote } from '../../src/note/render';

// `triage note render` and `note export` run in another process than the walk, often
// without the plan the walk used (the demo's is in memory): the journal must carry what
// the note needs to say the same thing.

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const KUBECONFIG = '/tmp/triage-replay-AbC123/kubeconfig';
let n = 0;
const ev = (e: Record<string, unknown>): JournalEvent => ({ id: `e${++n}`, at: '2026-11-22T10:00:00.000Z', author: 'alice', ...e }) as JournalEvent;

function walk(opened: Record<string, unknown>): JournalEvent[] {
  const result = {
    status: 'fail',
    summary: 'trace stops at payments-worker',
    durationMs: 9,
    replay: `kubectl --kubeconfig ${KUBECONFIG} logs -n shop payments-worker-5c8d7b9f4-x7k2m -c payments-worker --previous`,
    evidence: [
      { time: '2026-06-15T09:01:58.204Z', source: 'shop/api-gateway-5f7d8c9b6-2kq9x/api-gateway', text: `POST /api/orders 202 trace_id=${ID}` },
      {
        time: '2026-06-15T09:02:03.412Z',
        source: 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)',
        text: `loading settlement batch trace_id=${ID}`,
      },
      { time: '2026-06-15T09:03:58.511Z', source: 'shop-e2e/e2e-checkout-flow-1907-k8v2n/e2e', text: `AssertionError: expected PAID (trace_id=${ID})` },
    ],
  };
  return [
    ev({ type: 'investigation.opened', title: 'red checkout', system: 'shop', mode: 'bundle', traceId: ID, ...opened }),
    ev({ type: 'check.finished', step: 'observability', checkId: 'observability/trace', title: 'Follow the trace end to end', result }),
  ];
}

describe('a note rendered later, without the plan', () => {
  it("places the stop by the walk's own service order, kept in the journal", () => {
    const note = renderNote(foldAll('i', walk({ traceServices: ['api-gateway', 'checkout', 'payments-worker'] })));
    expect(note).toContain('The trace stops at `payments-worker`');
  });

  it('without that order, can only take the last line (what the journal alone says)', () => {
    const note = renderNote(foldAll('i', walk({})));
    expect(note).toContain('The trace stops at `e2e-checkout-flow`');
  });

  it("says how to bring back the bundle's replay server, at a kubeconfig that outlives the walk's temporary one", () => {
    const note = renderNote(foldAll('i', walk({ bundle: '/srv/incidents/4711' })));
    expect(note).toContain('triage replay /srv/incidents/4711 --write-kubeconfig .triage/replay.kubeconfig --force');
    expect(note).toContain('kubectl --kubeconfig .triage/replay.kubeconfig logs -n shop payments-worker-5c8d7b9f4-x7k2m -c payments-worker --previous');
    expect(note).not.toContain(KUBECONFIG);
    expect(renderNote(foldAll('i', walk({})))).not.toContain('triage replay');
  });
});
