import { clamp } from './window';

/** Rows of every pane, so the live region is never taller than the terminal. */
export interface Layout {
  width: number;
  /** Rows the whole workbench draws. */
  height: number;
  /** Rows between the header and the status line. */
  main: number;
  leftWidth: number;
  rightWidth: number;
  /** Pane heights include their borders; 0 means the pane is not drawn. */
  stepsHeight: number;
  stepInfoHeight: number;
  /** The "most likely" pane under the step's verdict: 0 until the signatures suggest something. */
  likelyHeight: number;
  /**
   * Rows of the full-width "most likely" strip under the panes, in a terminal too narrow
   * for the left column to name the top mechanism readably (then `likelyHeight` is 0).
   */
  likelyStrip: number;
  /** Rows of the panes: `main` less the strip. */
  panes: number;
  checksHeight: number;
  detailHeight: number;
}

/** Header and status line; the help bar's rows come on top. */
const CHROME_ROWS = 2;
/** Top and bottom border of a pane. */
export const BORDER_ROWS = 2;
const STEP_ROWS = 7;
const MIN_PANE = 4;
/** Below this the left column cuts a mechanism's name into slivers: the strip names it across the screen. */
const LIKELY_COLUMN_MIN = 36;
/** The strip: its heading with the score, then the top mechanism's name in two rows. */
const STRIP_ROWS = 3;

/**
 * One row short of the terminal: Ink clears the whole screen when a frame reaches the
 * terminal's height, which flickers and eats scrollback.
 */
export function layoutFor(rows: number, columns: number, checkCount: number, likely = false, barRows = 1): Layout {
  const height = Math.max(1, rows - 1);
  const main = Math.max(0, height - CHROME_ROWS - barRows);
  const width = Math.max(20, columns);
  const leftWidth = clamp(Math.floor(width * 0.32), Math.min(20, width), 36);
  const rightWidth = width - leftWidth;
  const likelyStrip = likely && leftWidth < LIKELY_COLUMN_MIN && main >= STEP_ROWS + BORDER_ROWS + STRIP_ROWS + MIN_PANE ? STRIP_ROWS : 0;
  const panes = main - likelyStrip;
  return { width, height, main, leftWidth, rightWidth, likelyStrip, panes, ...paneRows(panes, checkCount, likely && likelyStrip === 0) };
}

function paneRows(main: number, checkCount: number, likely: boolean) {
  const stepsHeight = Math.min(main, STEP_ROWS + BORDER_ROWS);
  const rest = main - stepsHeight;
  // Suggestions share the rows under the steps: the step's verdict keeps a few, the rest is theirs.
  // In a short terminal the verdict pane gives up its spare rows: the mechanisms need two rows each to be read.
  const verdictRows = rest < 14 ? MIN_PANE : Math.max(MIN_PANE + 2, Math.floor(rest * 0.3));
  const likelyHeight = likely && rest >= 2 * MIN_PANE + 2 ? rest - verdictRows : 0;
  const stepInfoHeight = rest - likelyHeight >= MIN_PANE ? rest - likelyHeight : 0;

  // Checks take what their list needs up to half the rows; the detail pane the remainder.
  const checksWanted = BORDER_ROWS + 1 + Math.max(1, checkCount);
  const splits = main >= 2 * MIN_PANE + 2;
  const checksHeight = splits ? clamp(checksWanted, MIN_PANE, Math.floor(main / 2)) : main;
  const detailHeight = main - checksHeight;
  return { stepsHeight, stepInfoHeight, likelyHeight, checksHeight, detailHeight };
}
