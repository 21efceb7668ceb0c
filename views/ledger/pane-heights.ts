import type { LedgerPane } from './ledger-keys';

/** A pane out of focus keeps its heading and two rows of what it holds: it never goes blank. */
const UNFOCUSED_MIN = 4;
const MIN_PANE = 3;

/** The panes Tab moves through, top to bottom. */
export function panesOf(hasSuggestions: boolean): LedgerPane[] {
  return hasSuggestions ? ['hypotheses', 'suggestions', 'evidence'] : ['hypotheses', 'evidence'];
}

/**
 * Rows of each pane, borders included, summing to `rows`. With two panes the hypotheses
 * get 45%; with three the focused one gets half, but never so much that another pane
 * drops below its heading and two rows.
 */
export function paneHeights(rows: number, focused: LedgerPane, panes: readonly LedgerPane[]): Record<LedgerPane, number> {
  if (panes.length === 2) {
    const hypotheses = Math.max(MIN_PANE, Math.floor(rows * 0.45));
    return { hypotheses, suggestions: 0, evidence: rows - hypotheses };
  }
  const wanted = Math.max(Math.floor(rows / 2), rows - 2 * UNFOCUSED_MIN);
  const big = Math.max(MIN_PANE, Math.min(wanted, rows - 2 * MIN_PANE));
  const rest = rows - big;
  const small = Math.floor(rest / 2);
  const [first, second] = panes.filter((p) => p !== focused) as [LedgerPane, LedgerPane];
  return { [focused]: big, [first]: small, [second]: Math.max(0, rest - small) } as Record<LedgerPane, number>;
}
