import type { Key } from 'ink';
import { barEntriesOf, commandIn as commandInTable, type Binding } from '../key-table';
import type { BarEntry } from '../components/HelpBar';

// The log tail's own key tables: one for the workload picker, one for the tail window.
// The layer opens as a modal: while it is open these, not the workbench's table, drive
// input. Esc steps back (window → picker → walk); `l` closes the layer from either.
// The same key means the same thing in both where it can (Enter and p follow, / filters),
// so one help bar serves both.

export type PickerCommand = 'close' | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'end' | 'follow' | 'followPrevious' | 'type';
export type TailCommand =
  'back' | 'close' | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'follow' | 'filter' | 'previous' | 'pin' | 'raw' | 'left' | 'right';

export const PICKER_KEYMAP: readonly Binding<PickerCommand>[] = [
  { keys: ['escape', 'l'], command: 'close', description: 'back to the walk' },
  { keys: ['down', 'j'], command: 'down', description: 'next workload' },
  { keys: ['up', 'k'], command: 'up', description: 'previous workload' },
  { keys: ['pagedown'], command: 'pageDown', description: 'a page down' },
  { keys: ['pageup'], command: 'pageUp', description: 'a page up' },
  { keys: ['g'], command: 'top', description: 'the first workload' },
  { keys: ['G'], command: 'end', description: 'the last workload' },
  { keys: ['return'], command: 'follow', description: "follow the selected workload's pods, or the selected log file from its last lines" },
  { keys: ['p'], command: 'followPrevious', description: "follow them with every container's previous instance" },
  { keys: ['/'], command: 'type', description: 'type to filter the workloads and files, or type a label selector (app=cart) and Enter' },
];

export const TAIL_KEYMAP: readonly Binding<TailCommand>[] = [
  { keys: ['escape'], command: 'back', description: 'stop the tail, back to the workloads', hint: 'back' },
  { keys: ['down', 'j'], command: 'down', description: 'next line (stops following)', hint: 'move' },
  { keys: ['up', 'k'], command: 'up', description: 'previous line (stops following)', hint: 'move' },
  { keys: ['pagedown'], command: 'pageDown', description: 'a page down' },
  { keys: ['pageup'], command: 'pageUp', description: 'a page up' },
  { keys: ['g', 'home'], command: 'top', description: 'the oldest line kept' },
  { keys: ['return', 'G', 'end'], command: 'follow', description: 'follow: stick to the newest line', hint: 'follow', barLabel: 'Enter' },
  {
    keys: ['/'],
    command: 'filter',
    description: 'show only lines matching a pattern (RE2/JavaScript syntax, case ignored unless it has capitals; Esc clears it)',
    hint: 'filter',
  },
  { keys: ['p'], command: 'previous', description: "show or hide the previous instance of the selected line's container", hint: 'previous' },
  { keys: [' ', 'e'], command: 'pin', description: 'pin the selected line as evidence in the investigation', hint: 'pin', barLabel: 'Space' },
  { keys: ['r'], command: 'raw', description: 'structured lines (JSON, logfmt, klog, zap) raw, or time, level and message first', hint: 'raw' },
  { keys: ['right'], command: 'right', description: 'scroll the lines right, to what a long line says past the edge', hint: 'scroll', barLabel: '←→' },
  { keys: ['left'], command: 'left', description: 'scroll the lines back left' },
  // Last, so the bar ends with it; no key here is bound twice, so the order changes no match.
  { keys: ['l'], command: 'close', description: 'stop the tail, back to the walk', hint: 'close' },
];

export function commandIn<C>(keymap: readonly Binding<C>[], input: string, key: Key): C | undefined {
  return commandInTable(keymap, input, key, undefined);
}

/** The help bar while the log tail is open: the tail window's hints, which the picker shares. */
export const TAIL_BAR: readonly BarEntry[] = barEntriesOf(TAIL_KEYMAP, undefined);
