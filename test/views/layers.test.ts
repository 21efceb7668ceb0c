import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEYMAP, type KeyBinding } from '../../views/keys';
import { VIEWS } from '../../views/layers';

// A view registers itself in one place (issue 12): its file under views/layers/ and one line
// in views/layers/index.ts. The walk's key table is built from that list.

describe('the view registry', () => {
  it('lists every view file under views/layers/, once, by its file name', () => {
    const files = readdirSync(join(process.cwd(), 'views', 'layers'))
      .filter((name) => name !== 'index.ts')
      .map((name) => name.replace(/\.tsx?$/, ''))
      .sort();
    expect(VIEWS.map((v) => v.id).sort()).toEqual(files);
  });

  it('puts every view key in the walk key table, bound to nothing else', () => {
    const viewBindings: readonly KeyBinding[] = VIEWS.flatMap((v): readonly KeyBinding[] => v.bindings);
    for (const binding of viewBindings) {
      expect(KEYMAP).toContain(binding);
      const others = KEYMAP.filter((b) => b !== binding && b.keys.some((k) => binding.keys.includes(k)));
      expect(others.map((b) => b.command)).toEqual([]);
    }
  });

  it('keeps help and quit first and the note last, the other views between in their order', () => {
    expect(KEYMAP.map((b) => b.keys.join('/'))).toEqual([
      '?',
      'q',
      'down/j',
      'up/k',
      'down/j',
      'up/k',
      'tab',
      'left',
      'right',
      'pagedown',
      'pageup',
      'return',
      'a',
      'p',
      'f',
      's',
      'n',
      'h',
      't',
      'i',
      'l',
      'v',
      'w',
    ]);
  });
});
