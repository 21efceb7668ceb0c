import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { KEYMAP, barEntries, commandFor, type KeyContext } from '../../views/keys';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const onSteps: KeyContext = { focus: 'steps', hasChecks: true, evidenceScrolls: false };
const onChecks: KeyContext = { ...onSteps, focus: 'checks' };

describe('keymap', () => {
  it('makes j and ↓ move the step or the check depending on focus', () => {
    expect(commandFor('j', noKey, onSteps)).toBe('stepDown');
    expect(commandFor('', { ...noKey, downArrow: true }, onSteps)).toBe('stepDown');
    expect(commandFor('j', noKey, onChecks)).toBe('checkDown');
    expect(commandFor('k', noKey, onChecks)).toBe('checkUp');
  });

  it('ignores letters typed with Ctrl and keys it does not bind', () => {
    expect(commandFor('q', { ...noKey, ctrl: true }, onSteps)).toBeUndefined();
    expect(commandFor('x', noKey, onSteps)).toBeUndefined();
  });

  it('offers evidence scrolling only when the evidence does not fit', () => {
    const pageDown = { ...noKey, pageDown: true };
    expect(commandFor('', pageDown, onSteps)).toBeUndefined();
    expect(commandFor('', pageDown, { ...onSteps, evidenceScrolls: true })).toBe('evidenceDown');
    // The evidence pane's header names them; the bar keeps its rows for the walk's keys.
    expect(commandFor('', { ...noKey, pageUp: true }, { ...onSteps, evidenceScrolls: true })).toBe('evidenceUp');
  });

  it('joins bindings that share a hint into one bar entry', () => {
    const bar = barEntries(onSteps).map((e) => `${e.keys} ${e.hint}`);
    expect(bar).toContain('↓↑/jk move');
    expect(bar).toContain('p/f/s verdict');
    expect(bar.slice(0, 2)).toEqual(['? help', 'q quit']);
  });

  it('binds every key at most once in any focus', () => {
    for (const context of [onSteps, onChecks]) {
      const keys = KEYMAP.filter((b) => b.when?.(context) ?? true).flatMap((b) => b.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
