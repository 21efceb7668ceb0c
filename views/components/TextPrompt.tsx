import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import type { BarEntry } from './HelpBar';

/** The prompt's own keys, shown in the help bar while it is open. */
export const PROMPT_KEYS: readonly BarEntry[] = [
  { keys: 'Enter', hint: 'confirm' },
  { keys: 'Esc', hint: 'cancel' },
  { keys: 'Ctrl-U', hint: 'clear' },
];

interface TextPromptProps {
  label: string;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

// Control characters from a paste would corrupt the line; newlines become spaces.
function printable(input: string): string {
  return input.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

/**
 * A one-line text input. While it is mounted its `useInput` is the only active one
 * (the workbench turns its keymap off), so every key is text until Enter or Esc.
 */
export function TextPrompt({ label, onSubmit, onCancel }: TextPromptProps) {
  const [value, setValue] = useState('');
  const [empty, setEmpty] = useState(false);
  // Keys can arrive faster than a render (a paste, then Enter): the ref always has what was typed.
  const typed = useRef('');
  const change = (next: string) => {
    typed.current = next;
    setValue(next);
  };
  const submit = () => {
    const text = typed.current.trim();
    if (text === '') return setEmpty(true);
    onSubmit(text);
  };
  useLatestInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return submit();
    // Terminals send DEL (reported as `delete`) for Backspace.
    if (key.backspace || key.delete) return change(Array.from(typed.current).slice(0, -1).join(''));
    if (key.ctrl && input === 'u') return change('');
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
    // Text and Enter in one chunk (typed fast, sent by tmux): the line, then its Enter.
    const entered = input.length > 1 && input.endsWith('\r');
    const text = printable(entered ? input.slice(0, -1) : input);
    if (text) {
      setEmpty(false);
      change(typed.current + text);
    }
    if (entered) submit();
  });
  return (
    <Text wrap="truncate-start">
      <Text bold color="cyan">{`${label}: `}</Text>
      {value}
      <Text inverse> </Text>
      {empty ? <Text color="yellow"> (required)</Text> : null}
    </Text>
  );
}
