import type { LedgerPane } from './ledger-keys';

const MIN_PANE = 3;

/** The panes Tab moves through, top to bottom. */
export function panesOf(hasSuggestions: boolean): LedgerPane[] {
  return hasSuggestions ? ['hypotheses', 'suggestions', 'evidence'] : ['hypotheses', 'evidence'];
}

/**
 * Rows of each pane, borders included, summing to `rows`. With two panes the hypotheses
 * get 45%; with three the focused one gets half and the others share the rest.
 */
export function paneHeights(rows: number, focused: LedgerPane, panes: readonly LedgerPane[]): Record<LedgerPane, number> {
  if (panes.length === 2) {
    const hypotheses = Math.max(MIN_PANE, Math.floor(rows * 0.45));
    return { hypotheses, suggestions: 0, evidence: rows - hypotheses };
  }
  const big = Math.max(MIN_PANE, Math.floor(rows / 2));
  const rest = rows - big;
  const small = Math.max(MIN_PANE, Math.floor(rest / 2));
  const [first, second] = panes.filter((p) => p !== focused) as [LedgerPane, LedgerPane];
  return { [focused]: big, [first]: small, [second]: Math.max(0, rest - small) } as Record<LedgerPane, number>;
}
