import { Box, Text } from 'ink';
import type { Evidence } from '../../src/model';
import type { StepDefinition } from '../../src/plan/steps';
import type { CheckRow } from '../check-rows';
import { STATUS_COLOR, statusIcon } from '../status';
import { durationText, elapsedSince, evidenceTime, wrapLines } from '../format';
import { keysOf } from '../keys';
import { BORDER_ROWS } from '../layout';
import { windowFrom } from '../window';
import { Pane, innerWidth } from './Pane';

interface CheckDetailProps {
  step: StepDefinition;
  row?: CheckRow;
  evidenceOffset: number;
  width: number;
  height: number;
  now: number;
}

const MAX_REPLAY_ROWS = 2;

/** Rows the evidence list gets in a detail pane of `height` for this check. */
export function evidenceRows(row: CheckRow | undefined, width: number, height: number): number {
  const replay = row?.result?.replay;
  const replayRows = replay ? Math.min(MAX_REPLAY_ROWS, Math.ceil((replay.length + 2) / innerWidth(width))) : 0;
  return Math.max(0, height - BORDER_ROWS - 3 - replayRows);
}

/** The selected check: summary, evidence lines (windowed) and the command to replay it. */
export function CheckDetail({ step, row, evidenceOffset, width, height, now }: CheckDetailProps) {
  if (!row) return <LookFor step={step} width={width} height={height} />;
  const result = row.result;
  const evidence = result?.evidence ?? [];
  const rows = evidenceRows(row, width, height);
  const { start, end } = windowFrom(evidence.length, evidenceOffset, rows);
  const inner = innerWidth(width);
  const timeWidth = evidence.some((e) => e.time) ? 13 : 0;
  const time = row.running ? elapsedSince(row.startedAt, now) : durationText(result?.durationMs);
  return (
    <Pane width={width} height={height}>
      <Text bold wrap="truncate-end">
        <Text color={STATUS_COLOR[row.status]}>{statusIcon(row.status, now)}</Text>
        {` ${row.title} `}
        <Text dimColor>{`${row.id}${time ? ` · ${time}` : ''}`}</Text>
      </Text>
      <Text wrap="truncate-end">{result?.summary ?? (row.running ? 'running…' : `not run yet: ${keysOf('runStep')} runs the step`)}</Text>
      <Text dimColor wrap="truncate-end">
        {evidence.length === 0
          ? 'no evidence'
          : `evidence ${start + 1}–${end} of ${evidence.length}${evidence.length > rows ? `  (${keysOf('evidenceUp')}/${keysOf('evidenceDown')})` : ''}`}
      </Text>
      {evidence.slice(start, end).map((line, i) => (
        <EvidenceLine key={start + i} line={line} width={inner} timeWidth={timeWidth} />
      ))}
      {result?.replay ? (
        <Box flexGrow={1} flexDirection="column" justifyContent="flex-end" overflow="hidden">
          <Text wrap="wrap">
            <Text color="cyan">$ </Text>
            {result.replay}
          </Text>
        </Box>
      ) : null}
    </Pane>
  );
}

function EvidenceLine({ line, width, timeWidth }: { line: Evidence; width: number; timeWidth: number }) {
  const sourceWidth = Math.min(28, Math.max(8, Math.floor(width * 0.3)));
  return (
    <Box width={width}>
      {timeWidth > 0 ? (
        <Box width={timeWidth} flexShrink={0}>
          <Text dimColor wrap="truncate-end">{evidenceTime(line.time)}</Text>
        </Box>
      ) : null}
      <Box width={sourceWidth} flexShrink={0} marginRight={1}>
        <Text color="cyan" wrap="truncate-middle">{line.source}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">{line.text}</Text>
      </Box>
    </Box>
  );
}

function LookFor({ step, width, height }: { step: StepDefinition; width: number; height: number }) {
  const inner = innerWidth(width);
  const lines = step.lookFor.flatMap((item) => wrapLines(item, inner - 2).map((l, i) => `${i === 0 ? '•' : ' '} ${l}`));
  return (
    <Pane width={width} height={height}>
      <Text bold>Look for</Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Pane>
  );
}
