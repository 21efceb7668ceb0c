import type { Key } from 'ink';
import type { BarEntry } from '../components/HelpBar';

// The timeline view's own key table. It opens as a modal layer: while it is open this
// table, not the workbench's, drives input. Esc (or t again) closes it, as Esc closes
// every modal; nothing else here is bound to Esc.

export type TimelineCommand = 'close' | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'end' | 'firstError' | 'stop' | 'nextFilter' | 'allSources' | 'pin';

export interface TimelineBinding {
  keys: readonly string[];
  command: TimelineCommand;
  description: string;
  hint?: string;
}

export const TIMELINE_KEYMAP: readonly TimelineBinding[] = [
  { keys: ['escape', 't'], command: 'close', description: 'back to the walk', hint: 'back' },
  { keys: ['down', 'j'], command: 'down', description: 'next line', hint: 'move' },
  { keys: ['up', 'k'], command: 'up', description: 'previous line' },
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

const NAMED: Record<string, { label: string; test: (k: Key) => boolean }> = {
  escape: { label: 'Esc', test: (k) => k.escape },
  down: { label: '↓', test: (k) => k.downArrow },
  up: { label: '↑', test: (k) => k.upArrow },
  pagedown: { label: 'PgDn', test: (k) => k.pageDown },
  pageup: { label: 'PgUp', test: (k) => k.pageUp },
  ' ': { label: 'Space', test: () => false },
};

function matches(binding: string, input: string, key: Key): boolean {
  const named = NAMED[binding];
  if (named?.test(key)) return true;
  return !key.ctrl && !key.meta && input === binding;
}

export function timelineCommandFor(input: string, key: Key): TimelineCommand | undefined {
  return TIMELINE_KEYMAP.find((b) => b.keys.some((k) => matches(k, input, key)))?.command;
}

/** The help bar while the timeline is open. */
export const TIMELINE_BAR: readonly BarEntry[] = TIMELINE_KEYMAP.filter((b) => b.hint).map((b) => ({
  keys: b.command === 'down' ? '↓↑/jk' : b.keys.map((k) => NAMED[k]?.label ?? k).join('/'),
  hint: b.hint!,
}));
