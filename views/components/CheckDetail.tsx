import { Box, Text } from 'ink';
import type { Evidence } from '../../src/model';
import type { StepDefinition } from '../../src/plan/steps';
import type { CheckRow } from '../check-rows';
import { STATUS_COLOR, statusIcon } from '../status';
import { durationText, elapsedSince, evidenceTime, wrapLines } from '../format';
import { keysOf } from '../keys';
import { BORDER_ROWS } from '../layout';
import { windowFrom } from '../window';
import { evidenceColumns, evidenceDisplayRows, type EvidenceColumns, type EvidenceRow } from '../evidence-rows';
import { Pane, innerWidth } from './Pane';

interface CheckDetailProps {
  step: StepDefinition;
  row?: CheckRow;
  evidenceOffset: number;
  width: number;
  height: number;
  now: number;
}

const MAX_REPLAY_ROWS = 3;
const MAX_SUMMARY_ROWS = 2;

/** The summary, wrapped to at most two rows: the failing test's name and its message both count. */
function summaryLines(row: CheckRow | undefined, width: number): string[] {
  const summary = row?.result?.summary;
  if (summary === undefined) return [row?.running ? 'running…' : `not run yet: ${keysOf('runStep')} runs the step`];
  const lines = wrapLines(summary, innerWidth(width));
  if (lines.length <= MAX_SUMMARY_ROWS) return lines;
  const kept = lines.slice(0, MAX_SUMMARY_ROWS);
  kept[MAX_SUMMARY_ROWS - 1] = `${Array.from(kept[MAX_SUMMARY_ROWS - 1]!)
    .slice(0, innerWidth(width) - 1)
    .join('')}…`;
  return kept;
}

/** The replay command as the rows it is drawn on (`$ ` first), at most three, the last cut with `…`. */
function replayLines(replay: string | undefined, width: number): string[] {
  if (!replay) return [];
  const inner = innerWidth(width);
  const lines = wrapLines(`$ ${replay}`, inner);
  if (lines.length <= MAX_REPLAY_ROWS) return lines;
  const kept = lines.slice(0, MAX_REPLAY_ROWS);
  kept[MAX_REPLAY_ROWS - 1] = `${Array.from(kept[MAX_REPLAY_ROWS - 1]!)
    .slice(0, inner - 1)
    .join('')}…`;
  return kept;
}

/** Rows the evidence list gets in a detail pane of `height` for this check: exactly what is left. */
export function evidenceRows(row: CheckRow | undefined, width: number, height: number): number {
  return Math.max(0, height - BORDER_ROWS - 2 - summaryLines(row, width).length - replayLines(row?.result?.replay, width).length);
}

/** The selected check: summary, evidence lines (wrapped, scrolled by rows) and the command to replay it. */
export function CheckDetail({ step, row, evidenceOffset, width, height, now }: CheckDetailProps) {
  if (!row) return <LookFor step={step} width={width} height={height} />;
  const result = row.result;
  const evidence = result?.evidence ?? [];
  const inner = innerWidth(width);
  const columns = evidenceColumns(evidence, inner);
  const lines = evidenceDisplayRows(evidence, inner);
  const replay = replayLines(result?.replay, width);
  const { start, end } = windowFrom(lines.length, evidenceOffset, evidenceRows(row, width, height));
  const shown = lines.slice(start, end);
  const from = shown[0]?.item ?? 0;
  const to = (shown.at(-1)?.item ?? -1) + 1;
  const time = row.running ? elapsedSince(row.startedAt, now) : durationText(result?.durationMs);
  return (
    <Pane width={width} height={height}>
      <Text bold wrap="truncate-end">
        <Text color={STATUS_COLOR[row.status]}>{statusIcon(row.status, now)}</Text>
        {` ${row.title} `}
        <Text dimColor>{`${row.id}${time ? ` · ${time}` : ''}`}</Text>
      </Text>
      {summaryLines(row, width).map((line, i) => (
        <Text key={`summary ${i}`} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {evidence.length === 0
          ? 'no evidence'
          : shown.length === 0
            ? `evidence: ${evidence.length} ${evidence.length === 1 ? 'line' : 'lines'} (taller terminal to read)`
            : `evidence ${from + 1}–${to} of ${evidence.length}${lines.length > shown.length ? `  (${keysOf('evidenceUp')}/${keysOf('evidenceDown')})` : ''}`}
      </Text>
      {shown.map((line, i) => (
        <EvidenceRowView key={start + i} row={line} evidence={evidence[line.item]!} columns={columns} />
      ))}
      {replay.length > 0 ? <Box flexGrow={1} /> : null}
      {replay.map((line, i) => (
        <Text key={`replay ${i}`} wrap="truncate-end">
          {i === 0 ? <Text color="cyan">$ </Text> : null}
          {i === 0 ? line.slice(2) : line}
        </Text>
      ))}
    </Pane>
  );
}

function EvidenceRowView({ row, evidence, columns }: { row: EvidenceRow; evidence: Evidence; columns: EvidenceColumns }) {
  if (!row.first) {
    return (
      <Box paddingLeft={columns.restIndent}>
        <Text wrap="truncate-end">{row.text}</Text>
      </Box>
    );
  }
  return (
    <Box>
      {columns.timeWidth > 0 ? (
        <Box width={columns.timeWidth} flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            {evidenceTime(evidence.time)}
          </Text>
        </Box>
      ) : null}
      <Box width={columns.sourceWidth} flexShrink={0} marginRight={1}>
        <Text color="cyan" wrap="truncate-middle">
          {evidence.source}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">{row.text}</Text>
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
