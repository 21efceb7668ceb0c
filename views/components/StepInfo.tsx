import { Text } from 'ink';
import type { StepState } from '../../src/investigation/fold';
import { STATUS_COLOR, STATUS_ICON } from '../status';
import { keysOf } from '../keys';
import { BORDER_ROWS } from '../layout';
import { windowFrom } from '../window';
import { Pane } from './Pane';

const MARK_COMMANDS = ['markPass', 'markFail', 'markSkip'] as const;

interface StepInfoProps {
  state: StepState;
  width: number;
  height: number;
}

/** The person's verdict on the selected step, with its reason, and the step's findings (latest last). */
export function StepInfo({ state, width, height }: StepInfoProps) {
  const verdict = state.verdict;
  // The checks' own status is shown when the person's verdict overrides it.
  const overruled = verdict !== undefined && state.derived !== 'pending' && state.derived !== 'running' && verdict.status !== state.derived;
  const verdictRows = verdict ? (overruled ? 3 : 2) : 1;
  const findingRows = Math.max(0, height - BORDER_ROWS - verdictRows - 1);
  // Latest findings stay in view: the window ends at the list's end.
  const { start, end } = windowFrom(state.findings.length, state.findings.length - findingRows, findingRows);
  return (
    <Pane width={width} height={height}>
      {verdict ? (
        <>
          <Text wrap="truncate-end">
            {'verdict '}
            <Text color={STATUS_COLOR[verdict.status]} bold>{`${STATUS_ICON[verdict.status]} ${verdict.status}`}</Text>
            <Text dimColor>{` · ${verdict.author}`}</Text>
          </Text>
          <Text wrap="truncate-end">{`“${verdict.reason}”`}</Text>
          {overruled ? <Text dimColor wrap="truncate-end">{`checks say ${state.derived}`}</Text> : null}
        </>
      ) : (
        <Text dimColor wrap="truncate-end">{`no verdict (${MARK_COMMANDS.map((c) => keysOf(c)).join('/')})`}</Text>
      )}
      <Text bold wrap="truncate-end">
        {`findings ${state.findings.length}`}
        {state.findings.length > findingRows ? <Text dimColor>{` (latest ${end - start})`}</Text> : null}
      </Text>
      {state.findings.slice(start, end).map((f, i) => (
        <Text key={start + i} wrap="truncate-end">
          {`• ${f.text}`}
        </Text>
      ))}
    </Pane>
  );
}
