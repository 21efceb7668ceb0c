import { Box, Text } from 'ink';
import type { TraceResult } from '../../src/trace/derive';
import { lanePicture } from '../../src/trace/lanes';
import { clockOf } from '../../src/trace/render';

interface LanePictureProps {
  result: TraceResult;
  width: number;
  /** Rows it may use, the time axis included. */
  rows: number;
  /** The service the list is filtered to, drawn highlighted. */
  filter?: string;
}

const CELL_COLOR: Record<string, string | undefined> = { '●': 'green', '✗': 'red', '■': 'yellow', '·': 'gray' };

/** One lane per service, time left to right: where the trace was seen, errors, and the stop. */
export function LanePicture({ result, width, rows, filter }: LanePictureProps) {
  if (rows < 2) return null;
  const names = result.services.map((s) => s.name).concat(result.stopsAt?.neverSeen ?? []);
  const labelWidth = Math.min(20, Math.max(4, ...names.map((n) => n.length)));
  const cells = Math.max(4, width - labelWidth - 1);
  const picture = lanePicture(result, cells);
  // When lanes do not fit, the stop's lane and the ones never reached stay in view.
  const keep = picture.lanes.filter((l, i) => i < rows - 2 || l.stop || l.missing).slice(-(rows - 1));
  return (
    <Box flexDirection="column">
      {keep.map((lane) => (
        <Text key={lane.service} wrap="truncate-end">
          <Text color={lane.service === filter ? 'cyan' : lane.missing ? 'red' : lane.stop ? 'yellow' : undefined} bold={lane.stop || lane.service === filter}>
            {lane.service.slice(0, labelWidth).padEnd(labelWidth)}
          </Text>{' '}
          {runs(lane.cells).map((run, i) => (
            <Text key={i} color={CELL_COLOR[run[0]!]} bold={run[0] === '■'}>
              {run}
            </Text>
          ))}
        </Text>
      ))}
      {picture.from && picture.to && (
        <Text dimColor wrap="truncate-end">
          {`${''.padEnd(labelWidth)} ${clockOf(picture.from)}${clockOf(picture.to).padStart(Math.max(0, cells - 12))}`}
        </Text>
      )}
    </Box>
  );
}

/** `··●●·` → ['··', '●●', '·']: one Text per colour run keeps the tree small. */
function runs(cells: string): string[] {
  return cells.match(/(.)\1*/gu) ?? [];
}
