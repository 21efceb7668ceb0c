import { Box, Text } from 'ink';
import { clockOf } from '../../src/trace/render';
import type { TraceEntry } from '../../src/trace/types';
import { windowAround } from '../window';

interface TimelineRowsProps {
  entries: readonly TraceEntry[];
  selected: number;
  /** Rows it may use. */
  rows: number;
  width: number;
  firstError: number;
  stop: number;
  redact: (text: string) => string;
}

/** The timeline's lines, windowed around the selection: never more rows than given. */
export function TimelineRows({ entries, selected, rows, width, firstError, stop, redact }: TimelineRowsProps) {
  if (rows <= 0) return null;
  if (entries.length === 0) return <Text dimColor>nothing on the trace here</Text>;
  const { start, end } = windowAround(entries.length, selected, rows);
  const serviceWidth = Math.min(18, Math.max(0, ...entries.map((e) => (e.service ?? '').length)));
  return (
    <Box flexDirection="column">
      {entries.slice(start, end).map((entry, i) => {
        const index = start + i;
        const mark = index === firstError ? '✗' : index === stop ? '■' : entry.error ? '!' : ' ';
        const color = index === stop ? 'yellow' : entry.error ? 'red' : entry.via ? 'gray' : undefined;
        return (
          <Text key={index} wrap="truncate-end" inverse={index === selected} color={color} bold={index === firstError || index === stop}>
            {`${mark} ${clockOf(entry.time)}${entry.inferred ? '~' : ' '} ${(entry.service ?? '').slice(0, serviceWidth).padEnd(serviceWidth)}  ${redact(entry.text)}`.slice(
              0,
              Math.max(1, width),
            )}
          </Text>
        );
      })}
    </Box>
  );
}
