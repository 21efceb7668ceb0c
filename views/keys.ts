import type { Key } from 'ink';
import { barEntriesOf, bindingLabel, commandIn, type Binding } from './key-table';
import { VIEWS, type ViewCommand } from './layers';
import type { KeyContext, ViewBinding } from './view';

// One table drives both input handling and the help (bar and full): the walk's own bindings
// here, and those of each view (views/layers/), which register themselves. Deliberate choices:
// - While a modal (reason/finding prompt, full help) is open it owns the ONLY active
//   `useInput`; this table is inactive until the modal closes. Esc closes a modal and is
//   never bound in the main view, so it cannot "go back" past anything by accident.
// - Focus between the steps and checks panes is a plain state value moved by Tab/←/→;
//   Ink's `useFocus` is not used, so its own Tab handling never competes with this table.

export type { KeyContext } from './view';

/** The walk's own commands; the views (views/layers/) add the commands that open them. */
type WalkCommand =
  | 'stepUp'
  | 'stepDown'
  | 'checkUp'
  | 'checkDown'
  | 'toggleFocus'
  | 'focusSteps'
  | 'focusChecks'
  | 'evidenceUp'
  | 'evidenceDown'
  | 'runStep'
  | 'runAll'
  | 'markPass'
  | 'markFail'
  | 'markSkip'
  | 'addFinding'
  | 'writeNote'
  | 'quit';

export type KeyCommand = WalkCommand | ViewCommand;

export type KeyBinding = Binding<KeyCommand, KeyContext>;

const onSteps = (c: KeyContext) => c.focus === 'steps';
const onChecks = (c: KeyContext) => c.focus === 'checks';

const WALK: readonly Binding<WalkCommand, KeyContext>[] = [
  { keys: ['q'], command: 'quit', description: 'quit (the journal is already safe; Ctrl-C too)', hint: 'quit' },
  { keys: ['down', 'j'], command: 'stepDown', description: 'select the next step', hint: 'move', when: onSteps },
  { keys: ['up', 'k'], command: 'stepUp', description: 'select the previous step', hint: 'move', when: onSteps },
  { keys: ['down', 'j'], command: 'checkDown', description: 'select the next check', hint: 'move', when: onChecks },
  { keys: ['up', 'k'], command: 'checkUp', description: 'select the previous check', hint: 'move', when: onChecks },
  { keys: ['tab'], command: 'toggleFocus', description: 'move focus between steps and checks', hint: 'focus' },
  { keys: ['left'], command: 'focusSteps', description: 'focus the steps', hint: 'focus' },
  { keys: ['right'], command: 'focusChecks', description: 'focus the checks', hint: 'focus', when: (c) => c.hasChecks },
  // No hint: the evidence pane names PgUp/PgDn in its header whenever they apply.
  { keys: ['pagedown'], command: 'evidenceDown', description: 'scroll the evidence down', when: (c) => c.evidenceScrolls },
  { keys: ['pageup'], command: 'evidenceUp', description: 'scroll the evidence up', when: (c) => c.evidenceScrolls },
  { keys: ['return'], command: 'runStep', description: "run the selected step's checks", hint: 'run' },
  { keys: ['a'], command: 'runAll', description: "run every step's checks", hint: 'run all' },
  { keys: ['p'], command: 'markPass', description: 'mark the step pass (asks for a reason)', hint: 'verdict' },
  { keys: ['f'], command: 'markFail', description: 'mark the step fail (asks for a reason)', hint: 'verdict' },
  { keys: ['s'], command: 'markSkip', description: 'mark the step skip (asks for a reason)', hint: 'verdict' },
  { keys: ['n'], command: 'addFinding', description: 'add a finding to the step', hint: 'finding' },
];

const WRITE_NOTE: Binding<WalkCommand, KeyContext> = { keys: ['w'], command: 'writeNote', description: 'write the note and show its path', hint: 'note' };

const VIEW_BINDINGS = VIEWS.flatMap((v): readonly ViewBinding<ViewCommand>[] => v.bindings);

// The views' lead keys (help) come first, then quit: a narrow terminal cuts the bar's end,
// never these. The views' other keys follow the walk's, the note's key last.
export const KEYMAP: readonly KeyBinding[] = [...VIEW_BINDINGS.filter((b) => b.lead), ...WALK, ...VIEW_BINDINGS.filter((b) => !b.lead), WRITE_NOTE];

/**
 * The presses in one chunk of input. Keys typed faster than a frame (a held j, tmux
 * send-keys) arrive as one string; Ink parses only its escape sequences apart, so a Tab
 * or Enter inside the run is a control character here, not a flag on the key.
 */
export function pressesOf(input: string, key: Key): [string, Key][] {
  if (input.length <= 1) return [[input, key]];
  return Array.from(input, (char): [string, Key] => [char, { ...key, tab: char === '\t', return: char === '\r' }]);
}

/** The command a key press means in this context, if any: the first applying binding wins. */
export function commandFor(input: string, pressed: Key, context: KeyContext, keymap = KEYMAP): KeyCommand | undefined {
  return commandIn(keymap, input, pressed, context);
}

/** The help bar on the walk: see `barEntriesOf`. */
export function barEntries(context: KeyContext, keymap = KEYMAP): { keys: string; hint: string }[] {
  return barEntriesOf(keymap, context);
}

/** Bar hints left out first when even two rows are too few; `?` still lists them all. */
const DROPPED_FIRST = ['move', 'focus', 'finding', 'trace id', 'run all'];

/** Rows the help bar may take: two keep every key of the walk in sight at 80 columns. */
const BAR_ROWS = 2;

const entryWidth = (e: { keys: string; hint: string }) => Array.from(`${e.keys} ${e.hint}`).length;

/** Entries in rows of at most `width` columns, two spaces apart, in order; an entry is never split. */
function packBar<T extends { keys: string; hint: string }>(entries: readonly T[], width: number): T[][] {
  const rows: T[][] = [];
  let used = 0;
  for (const e of entries) {
    const w = entryWidth(e);
    const row = rows.at(-1);
    if (row && used + 2 + w <= width) {
      row.push(e);
      used += 2 + w;
    } else {
      rows.push([e]);
      used = w;
    }
  }
  return rows;
}

/**
 * The bar's rows at `width`: every entry when they fit in `maxRows`, else the least
 * needed go first (help and quit never); a last row that still overflows is cut.
 */
export function fitBar<T extends { keys: string; hint: string }>(entries: readonly T[], width: number, maxRows = BAR_ROWS): T[][] {
  let kept = [...entries];
  for (const hint of DROPPED_FIRST) {
    if (packBar(kept, width).length <= maxRows) break;
    kept = kept.filter((e) => e.hint !== hint);
  }
  return packBar(kept, width).slice(0, maxRows);
}

/** How the keymap spells the keys of a command, for hints inside panes. */
export function keysOf(command: KeyCommand, keymap = KEYMAP): string {
  return keymap
    .filter((b) => b.command === command)
    .map(bindingLabel)
    .join('/');
}
