import { Box, Text } from 'ink';

export interface BarEntry {
  keys: string;
  hint: string;
}

/** Rows of `keys hint` pairs, as packed to fit (views/keys.ts fitBar); a row never wraps. */
export function HelpBar({ rows }: { rows: readonly (readonly BarEntry[])[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {rows.map((entries, r) => (
        <Text key={r} wrap="truncate-end">
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
      ))}
    </Box>
  );
}
