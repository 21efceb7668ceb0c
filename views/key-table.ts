import type { Key } from 'ink';
import type { BarEntry } from './components/HelpBar';

// Keys as data: every key table (the walk's, and each layer's own) is a list of bindings
// read by the same functions here, so naming, matching and the help bar agree everywhere.
// The first applying binding wins; a named key matches only Ink's flag for it, any other
// binding one printable character typed without Ctrl or Meta (case-sensitive).

/** A named key Ink reports; anything else in `keys` is one printable character. */
type KeyName = 'up' | 'down' | 'left' | 'right' | 'return' | 'tab' | 'pageup' | 'pagedown' | 'escape' | 'home' | 'end';

export interface Binding<Command, Context = void> {
  keys: readonly (KeyName | string)[];
  command: Command;
  description: string;
  /** Short word for the help bar; bindings without one appear only in the full help. */
  hint?: string;
  /** How the bar spells the keys when it names fewer than `keys` (`Enter` for Enter/G/End). */
  barLabel?: string;
  when?: (context: Context) => boolean;
}

const NAMED: Record<KeyName, { label: string; test: (key: Key) => boolean }> = {
  up: { label: '↑', test: (k) => k.upArrow },
  down: { label: '↓', test: (k) => k.downArrow },
  left: { label: '←', test: (k) => k.leftArrow },
  right: { label: '→', test: (k) => k.rightArrow },
  return: { label: 'Enter', test: (k) => k.return },
  tab: { label: 'Tab', test: (k) => k.tab },
  pageup: { label: 'PgUp', test: (k) => k.pageUp },
  pagedown: { label: 'PgDn', test: (k) => k.pageDown },
  escape: { label: 'Esc', test: (k) => k.escape },
  home: { label: 'Home', test: (k) => k.home },
  end: { label: 'End', test: (k) => k.end },
};

function isKeyName(key: string): key is KeyName {
  return Object.hasOwn(NAMED, key);
}

function keyLabel(key: KeyName | string): string {
  return isKeyName(key) ? NAMED[key].label : key === ' ' ? 'Space' : key;
}

export function bindingLabel(binding: Pick<Binding<unknown, never>, 'keys'>): string {
  return binding.keys.map(keyLabel).join('/');
}

function matchesKey(key: KeyName | string, input: string, pressed: Key): boolean {
  if (isKeyName(key)) return NAMED[key].test(pressed);
  return !pressed.ctrl && !pressed.meta && input === key;
}

function applies<C, X>(binding: Binding<C, X>, context: X): boolean {
  return binding.when?.(context) ?? true;
}

/** The command a key press means in this context, if any: the first applying binding wins. */
export function commandIn<C, X>(keymap: readonly Binding<C, X>[], input: string, pressed: Key, context: X): C | undefined {
  return keymap.find((b) => applies(b, context) && b.keys.some((k) => matchesKey(k, input, pressed)))?.command;
}

/**
 * The help bar: applying bindings with a hint. Adjacent bindings sharing a hint are one
 * entry: pairs of keys join per position ("↓↑/jk move"), single keys with a slash
 * ("p/f/s verdict").
 */
export function barEntriesOf<C, X>(keymap: readonly Binding<C, X>[], context: X): BarEntry[] {
  const groups: Binding<C, X>[][] = [];
  for (const b of keymap) {
    if (!b.hint || !applies(b, context)) continue;
    const last = groups.at(-1);
    if (last && last[0]!.hint === b.hint) last.push(b);
    else groups.push([b]);
  }
  return groups.map((group) => ({ keys: group[0]!.barLabel ?? groupLabel(group), hint: group[0]!.hint! }));
}

function groupLabel(group: readonly Binding<unknown, never>[]): string {
  const labels = group.map((b) => b.keys.map(keyLabel));
  const width = labels[0]!.length;
  const pairs = width > 1 && labels.every((l) => l.length === width && l.every((k) => k.length === 1));
  if (!pairs) return labels.flat().join('/');
  return Array.from({ length: width }, (_, i) => labels.map((l) => l[i]).join('')).join('/');
}
