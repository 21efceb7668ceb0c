import { describe, expect, it } from 'vitest';
import { stripControls, stripControlsButOwn } from '../../src/redact/terminal-text';
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
    expect(stripControlsButOwn('\x1b[1;31mred\x1b[39m \r\x1b[2Kcapture: logs 1/2 \x1b]0;x\x07\x1b[3A')).toBe('\x1b[1;31mred\x1b[39m \r\x1b[2Kcapture: logs 1/2 ');
  });

  it('is what the redactor every exit uses does first', () => {
    expect(redactorFor()('\x1b]0;pwned\x07token=ghp_vAquisxL2RxoaXtlfANNXo7PfmyAiW661jH7\x1b[2J')).toBe('token=[REDACTED:github-token]');
  });
});
