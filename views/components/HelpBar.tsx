import { Text } from 'ink';

export interface BarEntry {
  keys: string;
  hint: string;
}

/** One line of `keys hint` pairs; what does not fit is cut, never wrapped. */
export function HelpBar({ entries }: { entries: readonly BarEntry[] }) {
  return (
    <Text wrap="truncate-end">
      {entries.map((e, i) => (
        <Text key={`${e.keys} ${e.hint}`}>
          {i > 0 ? '  ' : ''}
          <Text bold color="cyan">
            {e.keys}
          </Text>
          <Text dimColor>{` ${e.hint}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
