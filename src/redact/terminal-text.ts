// Text from the system under investigation (logs, events, JUnit messages, HTTP bodies) may
// carry terminal control sequences: an OSC that retitles the window or writes the clipboard,
// cursor moves that overwrite what the screen shows, a bidi override that reorders a line.
// Before such text is drawn or printed it loses every control but tab and newline.

// Whole sequences first, so their parameters do not remain as litter: CSI in its full form
// (private parameters such as `?25l`, intermediates, any final byte: `m`, `K`, `~`), OSC
// (ended by BEL or ST), DCS/SOS/PM/APC strings (ended by ST), a character-set designation
// (`ESC ( B`), keypad modes and cursor save/restore (`ESC =`, `ESC >`, `ESC 7`, `ESC 8`).
const SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[()*+][0-9A-Za-z]|\x1b[=>78]/g;
// Then any control left: C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const ANY = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

// The tool's own output on a terminal: colours (SGR) and the progress line's return-and-erase.
const OWN = /\x1b\[[0-9;]*m|\r\x1b\[2K/g;

/**
 * `text` without its escape sequences (colours, cursor moves, titles), every other character
 * kept as it is, `\r` included: for text whose lines and columns still matter (a frame Ink
 * drew, a log line a signature is drafted from). Untrusted text to show: `stripControls`.
 */
export function stripEscapes(text: string): string {
  return text.includes('\x1b') ? text.replace(SEQUENCES, '') : text;
}

/** `text` without terminal control sequences: only tab and newline remain; CRLF becomes LF. */
export function stripControls(text: string): string {
  if (!ANY.test(text)) return text;
  return text.replace(/\r\n/g, '\n').replace(SEQUENCES, '').replace(CONTROLS, '');
}

/**
 * The same, keeping the colours and the progress line's `\r` + erase-line that the tool
 * itself writes: the last guard on what reaches stdout and stderr, after untrusted text was
 * stripped where it entered.
 */
export function stripControlsButOwn(text: string): string {
  if (!ANY.test(text)) return text;
  const kept: string[] = [];
  // Park the tool's own sequences behind a marker no control can spell, strip, restore.
  const parked = text.replace(/\uE000/g, '').replace(OWN, (own) => `\uE000${kept.push(own) - 1}\uE000`);
  return stripControls(parked).replace(/\uE000(\d+)\uE000/g, (_m, i: string) => kept[Number(i)]!);
}
