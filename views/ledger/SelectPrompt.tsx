import { useState } from 'react';
import { Box, Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import { windowAround } from '../window';

export interface Choice<T> {
  value: T;
  label: string;
  /** A dimmed explanation after the label (a bucket's meaning, a severity's response target). */
  detail?: string;
}

interface SelectPromptProps<T> {
  title: string;
  choices: readonly Choice<T>[];
  /** Rows available for the list. */
  rows: number;
  onSelect: (value: T) => void;
  onCancel: () => void;
}

/** Pick one of a short list: ↑/↓ (or j/k), Enter, Esc. The only active input while open. */
export function SelectPrompt<T>({ title, choices, rows, onSelect, onCancel }: SelectPromptProps<T>) {
  const [selected, setSelected] = useState(0);
  useLatestInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onSelect(choices[selected]!.value);
    if (key.downArrow || input === 'j') setSelected((s) => Math.min(choices.length - 1, s + 1));
    if (key.upArrow || input === 'k') setSelected((s) => Math.max(0, s - 1));
  });
  const { start, end } = windowAround(choices.length, selected, Math.max(1, rows - 1));
  return (
    <Box flexDirection="column">
      <Text bold color="cyan" wrap="truncate-end">
        {title}
      </Text>
      {choices.slice(start, end).map((c, i) => (
        <Text key={c.label} wrap="truncate-end" inverse={start + i === selected}>
          {`${start + i === selected ? '›' : ' '} ${c.label}`}
          {c.detail ? <Text dimColor>{`  ${c.detail}`}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
