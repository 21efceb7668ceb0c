import { describe, expect, it } from 'vitest';
import { stripControls, stripControlsButOwn, stripEscapes } from '../../src/redact/terminal-text';
import { redactorFor } from '../../src/redact/redact';

// Untrusted text loses every terminal control but tab and newline before it is drawn or printed.

describe('stripControls', () => {
  it.each([
    ['an OSC that retitles the window (BEL)', 'a\x1b]0;pwned\x07b', 'ab'],
    ['an OSC 52 clipboard write (ST)', 'a\x1b]52;c;ZXZpbA==\x1b\\b', 'ab'],
    ['a CSI cursor move and screen clear', 'a\x1b[2J\x1b[1;1Hb', 'ab'],
    ['colours from a log', '\x1b[31merror\x1b[0m', 'error'],
    ['a DCS string', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['a C1 CSI and other C1 controls', 'a\x9b31mb\x85c', 'a31mbc'],
    ['a bare ESC, BEL, backspace and a lone CR', 'a\x1bb\x07c\bd\re', 'abcde'],
    ['bidi overrides and isolates', 'a\u202eb\u2066c\u2069', 'abc'],
    ['DEL', 'a\x7fb', 'ab'],
  ])('removes %s', (_what, input, output) => {
    expect(stripControls(input)).toBe(output);
  });

  it('keeps tab, newline and text in any script; CRLF becomes LF', () => {
    expect(stripControls('a\tb\r\nc\nü 日本 ✓')).toBe('a\tb\nc\nü 日本 ✓');
  });

  it("keeps the tool's own colours and progress line when asked, and nothing else", () => {
    expect(stripControlsButOwn('\x1b[1;31mred\x1b[39m \r\x1b[2Kcapture: logs 1/2 \x1b]0;x\x07\x1b[3A')).toBe(
      '\x1b[1;31mred\x1b[39m \r\x1b[2Kcapture: logs 1/2 ',
    );
  });

  it('is what the redactor every exit uses does first', () => {
    expect(redactorFor()('\x1b]0;pwned\x07token=ghp_vAquisxL2RxoaXtlfANNXo7PfmyAiW661jH7\x1b[2J')).toBe('token=[REDACTED:github-token]');
  });
});

// One stripper for every caller. The copies it replaced disagreed on exactly these: a CSI with
// private parameters or a final byte that is not a letter, a non-colour CSI, an OSC title, a
// character-set designation and the keypad and cursor-save escapes.
describe('stripEscapes', () => {
  it.each([
    ['colours, 256 and true colour', '\x1b[1;31mred\x1b[38;5;196m!\x1b[38;2;1;2;3mx\x1b[0m', 'red!x'],
    ['a CSI with private parameters (hide and show the cursor)', '\x1b[?25la\x1b[?25h', 'a'],
    ['a CSI whose final byte is not a letter', 'a\x1b[3~b\x1b[200~c', 'abc'],
    ['erase-line and cursor moves', 'a\x1b[2K\x1b[1Ab\x1b[10;4Hc', 'abc'],
    ['synchronized output, as Ink writes it', '\x1b[?2026ha\x1b[?2026l', 'a'],
    ['an OSC title ended by BEL and an OSC 8 link ended by ST', '\x1b]0;title\x07a\x1b]8;;http://x\x1b\\b\x1b]8;;\x1b\\', 'ab'],
    ['a DCS string', 'a\x1bPq#0\x1b\\b', 'ab'],
    ['a character-set designation', '\x1b(Ba\x1b)0b', 'ab'],
    ['keypad modes and cursor save and restore', '\x1b=a\x1b>b\x1b7c\x1b8', 'abc'],
  ])('removes %s', (_what, input, output) => {
    expect(stripEscapes(input)).toBe(output);
  });

  it('keeps every other character: CR, tab, newline, a bare ESC before a letter, text in any script', () => {
    expect(stripEscapes('a\r\n\tb\x1bc ü 日本')).toBe('a\r\n\tb\x1bc ü 日本');
  });

  it('removes the same sequences stripControls removes, so the two cannot drift apart', () => {
    const mixed = '\x1b[?25l\x1b(B\x1b[3~\x1b]0;t\x07\x1b=\x1b7log line\x1b[0m';
    expect(stripControls(mixed)).toBe('log line');
    expect(stripEscapes(mixed)).toBe('log line');
  });
});
