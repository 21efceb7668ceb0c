import { Box, Text } from 'ink';
import type { TailLine } from '../../src/kube/tail';
import { evidenceTime } from '../format';
import { compactText, type StreamLook } from './tail-view';

interface TailRowsProps {
  /** The lines drawn, oldest first: exactly the window, never more than fit. */
  lines: readonly TailLine[];
  /** Index in `lines` of the selected one, or -1. */
  selected: number;
  looks: ReadonlyMap<string, StreamLook>;
  width: number;
  /** JSON lines as the container wrote them instead of `LEVEL message  key=value`. */
  raw: boolean;
}

const LABEL_MAX = 30;
// `09:02:03.412`: the date is the incident's; a line the server sent without a time says so.
const CLOCK_WIDTH = 12;

function clockOf(time: string): string {
  const clock = evidenceTime(time);
  return (clock.includes('.') ? clock : `${clock}.`).padEnd(CLOCK_WIDTH, '0');
}

/** One row per line: time, the stream in its colour, the text cut at the edge. */
export function TailRows({ lines, selected, looks, width, raw }: TailRowsProps) {
  const labelWidth = Math.min(LABEL_MAX, Math.max(0, ...lines.map((l) => looks.get(l.stream)?.label.length ?? 0)));
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => {
        const look = looks.get(line.stream);
        const label = (look?.label ?? line.stream).slice(-labelWidth).padEnd(labelWidth);
        const clock = line.time ? clockOf(line.time) : 'no time'.padEnd(CLOCK_WIDTH);
        const text = raw ? line.text : compactText(line.text);
        return (
          <Text key={i} wrap="truncate-end" inverse={i === selected}>
            <Text dimColor>{clock}</Text> <Text color={look?.color} dimColor={look?.previous}>{label}</Text> {text.slice(0, Math.max(1, width))}
          </Text>
        );
      })}
    </Box>
  );
}
