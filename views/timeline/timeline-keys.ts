import type { Key } from 'ink';
import { barEntriesOf, commandIn, type Binding } from '../key-table';
import type { BarEntry } from '../components/HelpBar';

// The timeline view's own key table. It opens as a modal layer: while it is open this
// table, not the workbench's, drives input. Esc (or t again) closes it, as Esc closes
// every modal; nothing else here is bound to Esc.

export type TimelineCommand = 'close' | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'end' | 'firstError' | 'stop' | 'nextFilter' | 'allSources' | 'pin';

type TimelineBinding = Binding<TimelineCommand>;

const TIMELINE_KEYMAP: readonly TimelineBinding[] = [
  { keys: ['escape', 't'], command: 'close', description: 'back to the walk', hint: 'back' },
  { keys: ['down', 'j'], command: 'down', description: 'next line', hint: 'move' },
  { keys: ['up', 'k'], command: 'up', description: 'previous line', hint: 'move' },
  { keys: ['pagedown'], command: 'pageDown', description: 'a page down' },
  { keys: ['pageup'], command: 'pageUp', description: 'a page up' },
  { keys: ['g'], command: 'top', description: 'the first line' },
  { keys: ['G'], command: 'end', description: 'the last line' },
  { keys: ['e'], command: 'firstError', description: 'jump to the first error', hint: 'first error' },
  { keys: ['s'], command: 'stop', description: 'jump to where the trace stops', hint: 'stop' },
  { keys: ['f'], command: 'nextFilter', description: 'show one source (service) at a time, in the order crossed', hint: 'filter' },
  { keys: ['a'], command: 'allSources', description: 'show every source again' },
  { keys: ['p', ' '], command: 'pin', description: 'pin the line as evidence in the investigation', hint: 'pin' },
];

export function timelineCommandFor(input: string, key: Key): TimelineCommand | undefined {
  return commandIn(TIMELINE_KEYMAP, input, key, undefined);
}

/** The help bar while the timeline is open. */
export const TIMELINE_BAR: readonly BarEntry[] = barEntriesOf(TIMELINE_KEYMAP, undefined);
