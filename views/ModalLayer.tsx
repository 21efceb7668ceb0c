import type { Workbench, WorkbenchSnapshot } from '../src/workbench/session';
import { barEntries, fitBar, KEYMAP, type KeyContext } from './keys';
import { isPrompt, type LayerModal, type Modal } from './ui-state';
import type { BarEntry } from './components/HelpBar';
import { PROMPT_KEYS } from './components/TextPrompt';
import { viewOf } from './layers';

interface ModalLayerProps {
  modal: LayerModal;
  workbench: Workbench;
  snapshot: WorkbenchSnapshot;
  width: number;
  height: number;
  onClose: () => void;
  /** Changes the open view's state (the ledger's focused pane, for the help bar). */
  onState: (change: (state: LayerModal) => LayerModal) => void;
}

/** The open view (views/layers/), drawn in place of the panes. */
export function ModalLayer({ modal, ...props }: ModalLayerProps) {
  return viewOf(modal).draw({ ...props, state: modal, keymap: KEYMAP });
}

/** The help bar's rows: the keymap's on the walk, a prompt's, or the open view's own. */
export function barFor(modal: Modal | undefined, context: KeyContext, width: number): BarEntry[][] {
  return fitBar(barEntriesFor(modal, context), width);
}

function barEntriesFor(modal: Modal | undefined, context: KeyContext): readonly BarEntry[] {
  if (modal === undefined) return barEntries(context);
  if (isPrompt(modal)) return PROMPT_KEYS;
  return viewOf(modal).bar(modal);
}
