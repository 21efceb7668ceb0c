import type { Key } from 'ink';
import { barEntriesOf, commandIn, type Binding } from '../key-table';
import type { HypothesisVerdict } from '../../src/investigation/ledger-state';
import type { BarEntry } from '../components/HelpBar';

// The ledger view's own key table: it is open as a modal layer, so while it is open this
// table, not the workbench's, drives input; any prompt it opens takes over in turn.
// Esc closes the view (never bound to anything else here), as it closes every modal.

/** The suggestions pane is there only while the signature library has something to suggest. */
export type LedgerPane = 'hypotheses' | 'suggestions' | 'evidence';

export type LedgerCommand =
  | 'up'
  | 'down'
  | 'switchPane'
  | 'choose'
  | 'adopt'
  | 'verdictPinned'
  | 'verdictPrimary'
  | 'verdictExonerated'
  | 'verdictNotEvidenced'
  | 'verdictOpen'
  | 'addHypothesis'
  | 'mechanism'
  | 'notYetNamed'
  | 'fix'
  | 'title'
  | 'severity'
  | 'followup'
  | 'close';

type LedgerBinding = Binding<LedgerCommand, LedgerPane>;

const onHypotheses = (p: LedgerPane) => p === 'hypotheses';
const onEvidence = (p: LedgerPane) => p === 'evidence';
const onSuggestions = (p: LedgerPane) => p === 'suggestions';

const LEDGER_KEYMAP: readonly LedgerBinding[] = [
  { keys: ['escape', 'h'], command: 'close', description: 'back to the walk', hint: 'back' },
  { keys: ['down', 'j'], command: 'down', description: 'next row', hint: 'move' },
  { keys: ['up', 'k'], command: 'up', description: 'previous row' },
  { keys: ['tab'], command: 'switchPane', description: "move between hypotheses, the signatures' suggestions and evidence", hint: 'pane' },
  {
    keys: ['return', ' '],
    command: 'adopt',
    description: 'adopt the suggestion as a hypothesis (OPEN, from its signature)',
    hint: 'adopt',
    when: onSuggestions,
  },
  { keys: [' '], command: 'choose', description: 'pin the line and cite it in the next verdict (again: stop citing it)', hint: 'pin/cite', when: onEvidence },
  { keys: ['P'], command: 'verdictPrimary', description: 'PINNED as the primary mechanism (reason, cited evidence)', hint: 'primary', when: onHypotheses },
  { keys: ['p'], command: 'verdictPinned', description: 'PINNED as secondary (reason, cited evidence)', hint: 'pinned', when: onHypotheses },
  { keys: ['x'], command: 'verdictExonerated', description: 'EXONERATED (reason, cited evidence)', hint: 'exonerate', when: onHypotheses },
  { keys: ['u'], command: 'verdictNotEvidenced', description: 'NOT EVIDENCED (reason)', hint: 'not evidenced', when: onHypotheses },
  { keys: ['o'], command: 'verdictOpen', description: 'back to OPEN', when: onHypotheses },
  { keys: ['a'], command: 'addHypothesis', description: 'add a hypothesis by hand: bucket, class, "check X because Y"', hint: 'add' },
  { keys: ['m'], command: 'mechanism', description: 'write the mechanism', hint: 'mechanism' },
  { keys: ['M'], command: 'notYetNamed', description: 'say the mechanism is not yet named, and what is missing' },
  { keys: ['f'], command: 'fix', description: 'the fix shape (the lever) and its owner', hint: 'fix' },
  { keys: ['T'], command: 'title', description: 'the note title', hint: 'title' },
  { keys: ['s'], command: 'severity', description: 'severity: SEV-1/2/3 and the response each asks for', hint: 'severity' },
  { keys: ['n'], command: 'followup', description: 'a dated follow-up for the note', hint: 'follow-up' },
];

export const VERDICT_OF: Partial<Record<LedgerCommand, { verdict: HypothesisVerdict; primary: boolean }>> = {
  verdictPrimary: { verdict: 'PINNED', primary: true },
  verdictPinned: { verdict: 'PINNED', primary: false },
  verdictExonerated: { verdict: 'EXONERATED', primary: false },
  verdictNotEvidenced: { verdict: 'NOT EVIDENCED', primary: false },
  verdictOpen: { verdict: 'OPEN', primary: false },
};

export function ledgerCommandFor(input: string, key: Key, pane: LedgerPane): LedgerCommand | undefined {
  return commandIn(LEDGER_KEYMAP, input, key, pane);
}

/** The help bar while the ledger view is open. */
export function ledgerBar(pane: LedgerPane): BarEntry[] {
  return barEntriesOf(LEDGER_KEYMAP, pane);
}
