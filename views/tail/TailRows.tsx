import { memo } from 'react';
import { Box, Text } from 'ink';
import type { TailLine } from '../../src/kube/tail';
import { evidenceTime } from '../format';
import { compactParts, drawable, type StreamLook } from './tail-view';

interface TailRowsProps {
  /** The lines drawn, oldest first: exactly the window, never more than fit. */
  lines: readonly TailLine[];
  /** Index in `lines` of the selected one, or -1. */
  selected: number;
  looks: ReadonlyMap<string, StreamLook>;
  width: number;
  /** Structured lines as the container wrote them instead of `LEVEL message  key=value`. */
  raw: boolean;
  /** Columns of each line's text scrolled past on the left (← →). */
  shift?: number;
}

const LABEL_MAX = 30;
// `09:02:03.412`: the date is the incident's; a line the server sent without a time says so.
const CLOCK_WIDTH = 12;
const LEVEL_COLOR: Record<string, string> = { ERROR: 'red', FATAL: 'red', PANIC: 'red', CRITICAL: 'red', WARN: 'yellow', DEBUG: 'gray', TRACE: 'gray' };

function clockOf(time: string): string {
  const clock = evidenceTime(time);
  return (clock.includes('.') ? clock : `${clock}.`).padEnd(CLOCK_WIDTH, '0');
}

/** The text from column `from`, at most `width` columns. */
function window(text: string, from: number, width: number): string {
  return Array.from(text)
    .slice(from, from + Math.max(0, width))
    .join('');
}

/** A structured line's level and message first, its other fields dimmed after; plain text as it is. */
function LineText({ text, raw, shift, width }: { text: string; raw: boolean; shift: number; width: number }) {
  const parts = raw ? undefined : compactParts(text);
  if (!parts) return <Text>{window(drawable(text), shift, width)}</Text>;
  const level = parts.level ? `${parts.level.padEnd(5)} ` : '';
  const message = drawable(parts.message);
  const rest = parts.rest ? `  ${drawable(parts.rest)}` : '';
  // The level stays put; the message and the fields after it scroll as one string.
  const body = Array.from(window(`${message}${rest}`, shift, width - level.length));
  const messageEnd = Math.max(0, Array.from(message).length - shift);
  return (
    <Text>
      <Text color={LEVEL_COLOR[parts.level ?? '']} bold>
        {level}
      </Text>
      {body.slice(0, messageEnd).join('')}
      <Text dimColor>{body.slice(messageEnd).join('')}</Text>
    </Text>
  );
}

/** A key per line that stays with it as it moves up the window: its row is not drawn again. */
const ids = new WeakMap<TailLine, number>();
let nextId = 0;
function idOf(line: TailLine): number {
  let id = ids.get(line);
  if (id === undefined) ids.set(line, (id = nextId++));
  return id;
}

interface RowProps {
  line: TailLine;
  selected: boolean;
  look: StreamLook | undefined;
  labelWidth: number;
  textWidth: number;
  raw: boolean;
  shift: number;
}

/** One line's row; memoised, so a new batch renders only the rows that are new. */
const Row = memo(function Row({ line, selected, look, labelWidth, textWidth, raw, shift }: RowProps) {
  const label = (look?.label ?? line.stream).slice(-labelWidth).padEnd(labelWidth);
  const clock = line.time ? clockOf(line.time) : 'no time'.padEnd(CLOCK_WIDTH);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <Text dimColor>{clock}</Text>{' '}
      <Text color={look?.color} dimColor={look?.previous}>
        {label}
      </Text>{' '}
      {line.event ? <Text color="yellow">{`— ${line.text}`}</Text> : <LineText text={line.text} raw={raw} shift={shift} width={textWidth} />}
    </Text>
  );
});

/** One row per line: time, the stream in its colour, the text cut at the edge (← → scroll it). */
export function TailRows({ lines, selected, looks, width, raw, shift = 0 }: TailRowsProps) {
  const labelWidth = Math.min(LABEL_MAX, Math.max(0, ...lines.map((l) => looks.get(l.stream)?.label.length ?? 0)));
  const textWidth = Math.max(1, width - CLOCK_WIDTH - labelWidth - 2);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Row
          key={idOf(line)}
          line={line}
          selected={i === selected}
          look={looks.get(line.stream)}
          labelWidth={labelWidth}
          textWidth={textWidth}
          raw={raw}
          shift={shift}
        />
      ))}
    </Box>
  );
}
