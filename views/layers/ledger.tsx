import { LedgerScreen } from '../ledger/LedgerScreen';
import { ledgerBar, type LedgerPane } from '../ledger/ledger-keys';
import { defineView } from '../view';

/** The verdict ledger: hypotheses, what the signatures suggest, pinned evidence. `pane` is where its focus is (for the help bar). */
export const ledger = defineView<{ kind: 'ledger'; pane: LedgerPane }>()({
  id: 'ledger',
  bindings: [
    { keys: ['h'], command: 'ledger', description: 'hypotheses and verdicts: pin evidence, mechanism, fix and owner, title, severity', hint: 'hypotheses' },
  ],
  // With nothing adopted yet, the ledger opens on what the signatures suggest.
  open: (_command, { snapshot, show }) =>
    show({ kind: 'ledger', pane: snapshot.state.ledger.hypotheses.length === 0 && snapshot.suggestions.length > 0 ? 'suggestions' : 'hypotheses' }),
  draw: ({ state, workbench, snapshot, width, height, onClose, onState }) => (
    <LedgerScreen
      workbench={workbench}
      state={snapshot.state}
      suggestions={snapshot.suggestions}
      initialPane={state.pane}
      width={width}
      height={height}
      onClose={onClose}
      onPane={(pane) => onState((s) => ({ ...s, pane }))}
    />
  ),
  bar: (state) => ledgerBar(state.pane),
});
