import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { userInfo } from 'node:os';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';
import { authorOf } from '../../src/cli/investigation';
import { evidenceDisplayRows, MAX_ROWS_PER_LINE } from '../../views/evidence-rows';
import { fitHypothesis } from '../../views/components/MostLikely';
import { paneHeights, panesOf } from '../../views/ledger/pane-heights';

const ASSERTION =
  'AssertionError: expected order ord_7Hc2Qm to have status "PAID" after the payment webhook, but it was "PENDING_PAYMENT" after 120s; ' +
  'last webhook delivery 503 from payments-worker (trace_id=4bf92f3577b34da6a3ce929d0e0e4736)';

describe('evidence rows', () => {
  it('wraps a 200-character assertion so every word is on screen, first row beside its time and source', () => {
    expect(ASSERTION.length).toBeGreaterThan(200);
    const rows = evidenceDisplayRows([{ text: ASSERTION, source: 'reports/junit.xml:7', time: '2024-05-01T10:00:03.250Z' }], 80);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows[0]).toMatchObject({ item: 0, first: true });
    expect(rows.slice(1).every((r) => !r.first && r.item === 0)).toBe(true);
    expect(rows.map((r) => r.text).join(' ')).toBe(ASSERTION);
    // The first row leaves room for the time (13) and source (24 of 80) columns.
    expect(rows[0]!.text.length).toBeLessThanOrEqual(80 - 13 - 24 - 1);
    expect(rows.slice(1).every((r) => r.text.length <= 80 - 13 - 2)).toBe(true);
  });

  it('cuts an endless line after a few rows, marked with …', () => {
    const rows = evidenceDisplayRows([{ text: 'x'.repeat(64 * 1024), source: 'logs/app.log' }], 60);
    expect(rows).toHaveLength(MAX_ROWS_PER_LINE);
    expect(rows.at(-1)!.text.endsWith('…')).toBe(true);
  });
});

describe('most likely pane', () => {
  const text =
    "check the killed container's memory limit against its working set, because an OOM kill restarts the process mid-request and every caller downstream then sees timeouts and 5xx";

  it('keeps "check X" and "because Y" both in view when the text does not fit', () => {
    const lines = fitHypothesis(text, 32, 4);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^check the killed container's/);
    expect(lines.some((l) => l.startsWith('because an OOM kill'))).toBe(true);
    expect(lines.every((l) => Array.from(l).length <= 32)).toBe(true);
  });

  it('shows the whole text when it fits', () => {
    expect(fitHypothesis(text, 32, 10).join(' ')).toBe(text);
  });
});

describe('ledger panes', () => {
  it('gives the focused pane at least half the rows, never blanks the others, and always sums to the rows', () => {
    for (const rows of [12, 16, 23, 40]) {
      for (const pane of ['hypotheses', 'suggestions', 'evidence'] as const) {
        const h = paneHeights(rows, pane, panesOf(true));
        expect(h.hypotheses + h.suggestions + h.evidence).toBe(rows);
        expect(h[pane]).toBeGreaterThanOrEqual(Math.floor(rows / 2));
        // Out of focus: the titled border and at least one row of content, two from 16 rows.
        for (const other of panesOf(true).filter((p) => p !== pane)) expect(h[other]).toBeGreaterThanOrEqual(rows >= 16 ? 4 : 3);
      }
    }
    expect(paneHeights(20, 'hypotheses', panesOf(false))).toEqual({ hypotheses: 9, suggestions: 0, evidence: 11 });
  });
});

describe('author', () => {
  it('falls back to the OS account when neither --author nor $USER nor $LOGNAME is set', () => {
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: {}, cwd: '/' };
    expect(authorOf(parseArgs([], GLOBAL_FLAGS), io)).toBe(userInfo().username);
    expect(authorOf(parseArgs([], GLOBAL_FLAGS), { ...io, env: { USER: 'alice' } })).toBe('alice');
  });
});
