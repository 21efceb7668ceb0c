import { Text } from 'ink';
import type { Finding, StepState } from '../../src/investigation/fold';
import { STATUS_COLOR, STATUS_ICON } from '../status';
import { keysOf } from '../keys';
import { wrapLines } from '../format';
import { BORDER_ROWS } from '../layout';
import { Pane, innerWidth } from './Pane';

const MARK_COMMANDS = ['markPass', 'markFail', 'markSkip'] as const;
const REASON_ROWS = 2;

interface StepInfoProps {
  state: StepState;
  width: number;
  height: number;
}

/** At most `rows` lines; a cut is marked so the reader knows there is more (in the note). */
function clipped(lines: string[], rows: number): string[] {
  if (lines.length <= rows) return lines;
  const kept = lines.slice(0, rows);
  kept[rows - 1] = `${kept[rows - 1]}…`;
  return kept;
}

/** The latest findings whose wrapped lines fit `rows`, oldest first; a lone long one is cut. */
function latestFindings(findings: readonly Finding[], width: number, rows: number): string[] {
  const shown: string[][] = [];
  let used = 0;
  for (let i = findings.length - 1; i >= 0; i--) {
    const lines = wrapLines(findings[i]!.text, width - 2).map((l, j) => (j === 0 ? `• ${l}` : `  ${l}`));
    if (used + lines.length > rows) {
      if (shown.length === 0 && rows > 0) shown.push(clipped(lines, rows));
      break;
    }
    shown.unshift(lines);
    used += lines.length;
  }
  return shown.flat();
}

/** The person's verdict on the selected step, with its reason, and the step's findings (latest last). */
export function StepInfo({ state, width, height }: StepInfoProps) {
  if (height <= 0) return null;
  const inner = innerWidth(width);
  const verdict = state.verdict;
  // The checks' own status is shown when the person's verdict overrides it.
  const overruled = verdict !== undefined && state.derived !== 'pending' && state.derived !== 'running' && verdict.status !== state.derived;
  // The reason may use the rows the findings do not need (at least two).
  const spare = height - BORDER_ROWS - 2 - (overruled ? 1 : 0) - Math.min(state.findings.length * 2, 4);
  const reason = verdict ? clipped(wrapLines(`“${verdict.reason}”`, inner), Math.max(REASON_ROWS, spare)) : [];
  const verdictRows = verdict ? 1 + reason.length + (overruled ? 1 : 0) : 1;
  const findingRows = Math.max(0, height - BORDER_ROWS - verdictRows - 1);
  const findings = latestFindings(state.findings, inner, findingRows);
  return (
    <Pane width={width} height={height}>
      {verdict ? (
        <>
          <Text wrap="truncate-end">
            {'verdict '}
            <Text color={STATUS_COLOR[verdict.status]} bold>{`${STATUS_ICON[verdict.status]} ${verdict.status}`}</Text>
            <Text dimColor>{` · ${verdict.author}`}</Text>
          </Text>
          {reason.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))}
          {overruled ? <Text dimColor wrap="truncate-end">{`checks say ${state.derived}`}</Text> : null}
        </>
      ) : (
        <Text dimColor wrap="truncate-end">{`no verdict (${MARK_COMMANDS.map((c) => keysOf(c)).join('/')})`}</Text>
      )}
      <Text bold wrap="truncate-end">{`findings ${state.findings.length}`}</Text>
      {findings.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Pane>
  );
}
