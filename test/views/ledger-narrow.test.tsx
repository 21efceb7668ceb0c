import { afterEach, describe, expect, it } from 'vitest';
import type { Check } from '../../src/checks/types';
import type { Session } from '../../src/workbench/session';
import { tierOf } from '../../views/ledger/suggestions';
import { KEY, openBench, whenSession, type Bench } from './fixture';

// The hypotheses screen at 80×24: several ranked mechanisms at once, each with its bucket,
// its tier and "check X because Y"; the panes out of focus keep showing what they hold.

const LINES = [
  [
    'shop/pod/payments-worker-5c8d7b9f4-qp9zr',
    'pod shop/payments-worker-5c8d7b9f4-qp9zr container payments-worker last state terminated reason OOMKilled exit code 137',
  ],
  ['shop/pod/cart-84c7f9d6b5-6bn4t', 'Failed to pull image "registry.example.com/shop/cart:1.4.2": rpc error: code = NotFound desc = manifest unknown'],
  ['shop/pod/checkout-7b4d9f6c8-m2j8c', '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available'],
  ['shop/pod/orders-db-0', 'FATAL: password authentication failed for user "orders"'],
] as const;

function checks(): Check[] {
  return [
    {
      id: 'environment/pods',
      step: 'environment',
      title: 'pods',
      run: async () => ({
        status: 'fail',
        summary: '4 pods failing',
        evidence: LINES.map(([source, text]) => ({ text, source, time: '2024-05-01T10:00:03.250Z' })),
      }),
    },
  ];
}

function mechanisms(session: Session, count: number) {
  return whenSession(session, (s) => (s.suggestions.length >= count ? s.suggestions : undefined), `${count} mechanisms`, 8000).catch((e: Error) => {
    throw new Error(
      `${e.message}, saw: ${session
        .getSnapshot()
        .suggestions.map((m) => m.title)
        .join('; ')}`,
    );
  });
}

/** The rows of the pane whose top border carries `title`. */
function pane(frame: string, title: string): string[] {
  const lines = frame.split('\n');
  const top = lines.findIndex((l) => l.startsWith('╭─') && l.includes(title));
  if (top < 0) return [];
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
  return lines.slice(top + 1, bottom).map((l) => l.replace(/^│ ?/, '').replace(/ ?│$/, '').trimEnd());
}

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('the hypotheses screen at 80×24', () => {
  it('shows several ranked mechanisms with bucket, tier and "check X because Y", and scrolls through them', async () => {
    bench = await openBench(checks(), { signatureDirs: [], rows: 24, columns: 80 });
    await bench.press('a');
    const ranked = await mechanisms(bench.session, 3);
    await bench.press('h');
    const rows = pane(bench.frame(), 'Mechanisms ranked by the walk');
    const summaries = rows.filter((r) => /^[› ] +\d+ +\d+ [a-z-]+ · \w+ · /.test(r));
    expect(summaries.length, rows.join('\n')).toBeGreaterThanOrEqual(3);
    for (const [i, m] of ranked.slice(0, 3).entries()) {
      const row = summaries[i]!;
      expect(row).toContain(`${i + 1} ${String(m.score).padStart(3)} ${m.bucket} · ${m.class} · ${tierOf(m)}`);
      // Its "check X because Y" on the row under it.
      expect(rows[rows.indexOf(row) + 1], rows.join('\n')).toMatch(/^ +check \S/);
    }
    // j moves down the ranking and the list follows: the last one comes into view.
    const count = bench.session.getSnapshot().suggestions.length;
    for (let i = 1; i < count; i++) await bench.press('j');
    const last = pane(bench.frame(), 'Mechanisms ranked by the walk');
    expect(
      last.some((r) => r.startsWith(`›${String(count).padStart(3)} `)),
      last.join('\n'),
    ).toBe(true);
  });

  it('keeps the unfocused panes’ content in view', async () => {
    bench = await openBench(checks(), { signatureDirs: [], rows: 24, columns: 80 });
    await bench.press('a');
    await mechanisms(bench.session, 3);
    await bench.press('h');
    // The mechanisms have focus: the evidence out of focus still lists lines.
    expect(pane(bench.frame(), 'Evidence').some((r) => r.includes('[ ]'))).toBe(true);
    expect(pane(bench.frame(), 'Hypotheses').some((r) => r.includes('none yet'))).toBe(true);
    await bench.press(KEY.tab);
    await bench.press(KEY.tab);
    // Focus on the hypotheses: the mechanisms still show their ranked rows, the evidence its lines.
    expect(pane(bench.frame(), 'Mechanisms ranked by the walk').some((r) => /^[› ] +1 +\d+ /.test(r))).toBe(true);
    expect(pane(bench.frame(), 'Evidence').some((r) => r.includes('[ ]'))).toBe(true);
  });
});
