import { Box, Text } from 'ink';
import type { StepDefinition } from '../../src/plan/steps';
import type { CheckRow } from '../check-rows';
import { STATUS_COLOR, statusIcon } from '../status';
import { durationText, elapsedSince } from '../format';
import { BORDER_ROWS } from '../layout';
import { windowAround } from '../window';
import { Pane, innerWidth } from './Pane';

interface CheckListProps {
  step: StepDefinition;
  rows: readonly CheckRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  now: number;
}

/** The selected step's question and its checks, windowed around the selected one. */
export function CheckList({ step, rows, selected, focused, width, height, now }: CheckListProps) {
  const inner = innerWidth(width);
  const listRows = height - BORDER_ROWS - 1;
  const { start, end } = windowAround(rows.length, selected, listRows);
  return (
    <Pane width={width} height={height} focused={focused}>
      <Text bold wrap="truncate-end">
        {`${step.number} ${step.title} — ${step.question}`}
        {rows.length > listRows ? <Text dimColor>{` (${start + 1}–${end} of ${rows.length})`}</Text> : null}
      </Text>
      {rows.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          No checks in the plan for this step: look for it by hand, then mark it.
        </Text>
      ) : (
        rows.slice(start, end).map((row, i) => <CheckLine key={row.id} row={row} selected={start + i === selected} focused={focused} width={inner} now={now} />)
      )}
    </Pane>
  );
}

interface CheckLineProps {
  row: CheckRow;
  selected: boolean;
  focused: boolean;
  width: number;
  now: number;
}

function CheckLine({ row, selected, focused, width, now }: CheckLineProps) {
  const time = row.running ? elapsedSince(row.startedAt, now) : durationText(row.result?.durationMs);
  const summary = row.running ? 'running…' : (row.result?.summary ?? 'not run yet');
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end" inverse={selected && focused} bold={selected}>
          {selected ? (focused ? '›' : '·') : ' '}
          <Text color={STATUS_COLOR[row.status]}>{statusIcon(row.status, now)}</Text>
          {` ${row.title}  `}
          <Text dimColor={!selected}>{summary}</Text>
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text dimColor>{time ? ` ${time}` : ''}</Text>
      </Box>
    </Box>
  );
}
