import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../../src/checks/types';
import type { Session } from '../../src/workbench/session';
import { KEY, makeSession, openBench, whenSession, type Bench } from './fixture';

// Mechanisms in the walk: a real Session with the built-in library matches every failing
// check's lines; the facts merge into ranked mechanisms; the main screen shows the most
// likely three, the ledger lists them all with their points, and adopting one makes it a
// hypothesis the note carries, its evidence pinned and cited.

const OOM = 'pod shop/payments-worker-5c8d7b9f4-qp9zr container payments-worker last state terminated reason OOMKilled exit code 137';
const ASSERTION = 'AssertionError: expected order ord_7Hc2Qm status PAID, got PENDING_PAYMENT after 120s';

function incidentChecks(): Check[] {
  return [
    {
      id: 'environment/pods',
      step: 'environment',
      title: 'pods',
      run: async () => ({
        status: 'fail',
        summary: '1 pod restarted',
        evidence: [{ text: OOM, source: 'shop/pod/payments-worker-5c8d7b9f4-qp9zr', time: '2024-05-01T10:00:03.250Z' }],
      }),
    },
    {
      id: 'contract/junit',
      step: 'contract',
      title: 'junit',
      run: async () => ({ status: 'fail', summary: '1 of 3 tests failed', evidence: [{ text: ASSERTION, source: 'reports/junit.xml:7' }] }),
    },
  ];
}

/** Longer than a cold compile of the library takes with another suite running beside this one. */
const LIBRARY_MS = 100_000;

/**
 * The mechanisms once the signatures named one (the matcher answers off the drawing thread).
 * The first to ask compiles the whole library and trains its fallback model (no cache here):
 * seconds of CPU, and many more on a loaded machine, so the limit only ends a hang.
 */
function suggested(session: Session) {
  return whenSession(
    session,
    (s) => (s.suggestions.some((m) => m.namedBy === 'signature') ? s.suggestions : undefined),
    'a mechanism named by a signature',
    LIBRARY_MS,
  );
}

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('mechanisms in the engine', () => {
  it(
    'names mechanisms from the failing checks’ lines through the signatures, and only when the library is asked for',
    async () => {
      const withLibrary = makeSession(incidentChecks(), undefined, { signatureDirs: [] });
      const without = makeSession(incidentChecks());
      try {
        expect(withLibrary.session.getSnapshot().suggestions).toEqual([]);
        await withLibrary.session.runChecksOf(['environment', 'contract']);
        await without.session.runChecksOf(['environment', 'contract']);
        const suggestions = await suggested(withLibrary.session);
        expect(suggestions.map((s) => [s.bucket, s.class])).toEqual(
          expect.arrayContaining([
            ['resource-pressure', 'environment'],
            ['stale-contract', 'contract'],
          ]),
        );
        const oom = suggestions.find((s) => s.bucket === 'resource-pressure')!;
        expect(oom).toMatchObject({ subject: 'payments-worker', namespace: 'shop', namedBy: 'signature' });
        expect(oom.points[0]!.reason).toContain('container-oom-killed');
        expect(oom.points[0]!.evidence?.text).toBe(OOM);
        // Without the library the checks' own findings still rank, but nothing is named by a signature.
        expect(without.session.getSnapshot().suggestions.some((m) => m.namedBy === 'signature')).toBe(false);
        // A verdict is not a new result: the ranking is the same.
        withLibrary.session.markStep('environment', 'fail', 'payments-worker is OOM killed');
        expect(withLibrary.session.getSnapshot().suggestions.map((m) => m.id)).toEqual(suggestions.map((m) => m.id));
      } finally {
        await withLibrary.dispose();
        await without.dispose();
      }
    },
    LIBRARY_MS + 20_000,
  );

  it(
    'adds the team’s own signatures from .triage/signatures under the root',
    async () => {
      const { session, root, dispose } = makeSession(
        [
          {
            id: 'rerun/lock',
            step: 'rerun',
            title: 'lock',
            run: async () => ({ status: 'fail', summary: 'locked', evidence: [{ text: 'ledger-sync: batch 42 held by fence token 7', source: 'state/lock' }] }),
          },
        ],
        undefined,
        { signatureDirs: [] },
      );
      try {
        mkdirSync(join(root, '.triage', 'signatures'), { recursive: true });
        writeFileSync(
          join(root, '.triage', 'signatures', 'fence.yaml'),
          [
            'id: ledger-sync-fence-held',
            'title: a ledger sync batch is held by an old fence token',
            'bucket: replay-dedupe',
            'class: product',
            'step: rerun',
            'severity: high',
            'match:',
            "  any: [{ regex: 'held by fence token \\d+' }]",
            'hypothesis: check the fence table for the earlier run, because a held fence blocks every later batch',
            'next: the ledger_fences table',
            'examples:',
            "  match: ['batch 1 held by fence token 3', 'held by fence token 12']",
            "  nomatch: ['fence token released', 'batch 1 done']",
          ].join('\n'),
        );
        await session.runChecksOf(['rerun']);
        const fence = (await suggested(session)).find((s) => s.points.some((p) => p.reason.includes('ledger-sync-fence-held')));
        expect(fence).toMatchObject({ bucket: 'replay-dedupe', class: 'product', hypothesis: expect.stringContaining('check the fence table') });
      } finally {
        await dispose();
      }
    },
    LIBRARY_MS + 20_000,
  );
});

describe('mechanisms on screen', () => {
  it('shows the most likely mechanisms under the steps once the checks have run: title, then bucket, class and score', async () => {
    bench = await openBench(incidentChecks(), { signatureDirs: [], rows: 35, columns: 120 });
    expect(bench.frame()).not.toContain('Most likely');
    await bench.press('a');
    const frame = await bench.until((f) => f.includes('Most likely') && f.includes('payments-worker'), 'the most likely pane');
    expect(frame).toMatch(/│ 1 payments-worker/);
    expect(frame).toMatch(/│ +\d+ · resource-pressure · env/);
    // The top one is named whole: its title is not cut.
    const top = (await suggested(bench.session))[0]!;
    const column = frame
      .split('\n')
      .map((l) => l.slice(2, 34))
      .join('')
      .replace(/\s+/g, '');
    expect(column).toContain(top.title.replace(/\s+/g, ''));
    expect(frame).toMatch(/stale-contract · contrac/);
  });

  it('names the top mechanism whole, with its score, across an 80×24 screen', async () => {
    bench = await openBench(incidentChecks(), { signatureDirs: [], rows: 24, columns: 80 });
    await bench.press('a');
    const frame = await bench.until((f) => f.includes('Most likely') && f.includes('payments-worker'), 'the most likely strip');
    const top = (await suggested(bench.session))[0]!;
    const lines = frame.split('\n');
    const heading = lines.findIndex((l) => l.startsWith('Most likely'));
    expect(lines[heading]).toContain(`Most likely ${top.score} ${top.bucket} · env · signature`);
    // The whole name, not two cut slivers of a narrow column.
    expect(
      lines
        .slice(heading + 1, heading + 3)
        .map((l) => l.trim())
        .join(' '),
    ).toBe(top.title);
    expect(lines.length).toBeLessThanOrEqual(23);
  });

  it('lists them in the ledger with their points, blockers apart from contract problems; Enter adopts one with its lines pinned and cited', async () => {
    bench = await openBench(incidentChecks(), { signatureDirs: [], rows: 40, columns: 120 });
    await bench.press('a');
    await bench.until((f) => f.includes('Most likely') && f.includes('payments-worker'), 'the mechanisms');
    await bench.press('h');
    const listed = bench.frame();
    expect(listed).toContain('Mechanisms ranked by the walk');
    // The selected mechanism shows every point of its score.
    expect(listed).toMatch(/\+30 known failure container-oom-killed/);
    const blockers = listed.indexOf('most likely blockers');
    const contract = listed.indexOf('contract: the test may be stale');
    expect(blockers).toBeGreaterThan(-1);
    expect(contract).toBeGreaterThan(blockers);
    await bench.press(KEY.enter);
    // Each key waits for the screen that takes it: under load a frame can lag the key before it.
    await bench.until((f) => f.includes('line(s) behind it pinned and cited'), 'the adopted mechanism');
    const state = bench.session.getState().ledger;
    expect(state.hypotheses[0]).toMatchObject({
      id: 'sig-mechanism:runtime/shop/payments-worker',
      from: 'mechanism:runtime/shop/payments-worker',
      bucket: 'resource-pressure',
      verdict: 'OPEN',
    });
    expect(state.pinned.map((p) => p.text)).toContain(OOM);
    expect(bench.frame()).toContain('line(s) behind it pinned and cited');
    // The hypotheses pane now has focus on it: P and a reason pin it with the cited line.
    await bench.press('P');
    await bench.until((f) => f.includes('Why is H1 PINNED (primary)?'), 'the reason prompt');
    await bench.press('payments-worker is OOM killed mid-request at 10:00:03');
    await bench.until((f) => f.includes('mid-request at 10:00:03'), 'the typed reason');
    await bench.press(KEY.enter);
    await bench.until(() => bench!.session.getState().ledger.hypotheses[0]?.verdict === 'PINNED', 'H1 pinned');
    const pinned = bench.session.getState().ledger.hypotheses[0]!;
    expect(pinned.verdict).toBe('PINNED');
    expect(pinned.history.at(-1)!.evidence).toHaveLength(1);
    await bench.press(KEY.escape);
    expect(bench.frame()).toMatch(/│ +PINNED \d+ · resource-pressur/);
    // The note carries the adopted hypothesis, its verdict and the mechanism it came from.
    const note = readFileSync(await bench.session.writeNote(), 'utf8');
    expect(note).toMatch(/\*\*H1 — PINNED \(primary\)\*\* · `resource-pressure` · environment: payments-worker: .*check the killed container's memory limit/);
    expect(note).toContain("the walk's ranked mechanism `runtime/shop/payments-worker`");
  });
});
