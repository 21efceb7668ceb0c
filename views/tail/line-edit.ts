import type { Key } from 'ink';

// One line of typed text (the picker's query, the tail's filter): what a key does to it.
// Enter and Esc are the caller's; arrows and other control keys leave the text alone.

// Control characters from a paste would corrupt the line; newlines become spaces.
function printable(input: string): string {
  return input.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

/** The text after a key press. */
export function editLine(value: string, input: string, key: Key): string {
  // Terminals send DEL (reported as `delete`) for Backspace.
  if (key.backspace || key.delete) return Array.from(value).slice(0, -1).join('');
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab || key.pageUp || key.pageDown) return value;
  return value + printable(input);
}
