import { Box, Text } from 'ink';
import type { StepId } from '../../src/model';
import type { StepState } from '../../src/investigation/fold';
import type { StepDefinition } from '../../src/plan/steps';
import { STATUS_COLOR, VERDICT_MARK, statusIcon } from '../status';
import { durationText, earliest, elapsedSince } from '../format';
import { BORDER_ROWS } from '../layout';
import { windowAround } from '../window';
import { Pane, innerWidth } from './Pane';

interface StepListProps {
  steps: readonly StepDefinition[];
  states: Record<StepId, StepState>;
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  now: number;
}

/** The seven steps, each with its status, duration and whether a person set the status. */
export function StepList({ steps, states, selected, focused, width, height, now }: StepListProps) {
  const { start, end } = windowAround(steps.length, selected, height - BORDER_ROWS);
  return (
    <Pane width={width} height={height} focused={focused}>
      {steps.slice(start, end).map((step, i) => (
        <StepRow key={step.id} step={step} state={states[step.id]} selected={start + i === selected} focused={focused} width={innerWidth(width)} now={now} />
      ))}
    </Pane>
  );
}

interface StepRowProps {
  step: StepDefinition;
  state: StepState;
  selected: boolean;
  focused: boolean;
  width: number;
  now: number;
}

function StepRow({ step, state, selected, focused, width, now }: StepRowProps) {
  const running = state.status === 'running';
  const byPerson = !running && state.verdict !== undefined && state.status === state.verdict.status;
  const time = running ? elapsedSince(earliest(state.checks.filter((c) => c.running).map((c) => c.startedAt)), now) : durationText(state.durationMs);
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end" inverse={selected && focused} bold={selected}>
          {selected ? (focused ? '›' : '·') : ' '}
          <Text color={STATUS_COLOR[state.status]}>{statusIcon(state.status, now)}</Text>
          {` ${step.number} ${step.title}`}
          {byPerson ? ` ${VERDICT_MARK}` : ''}
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text dimColor>{time ? ` ${time}` : ''}</Text>
      </Box>
    </Box>
  );
}
