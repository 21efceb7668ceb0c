import { useState } from 'react';
import { Box, Text } from 'ink';
import { useChunkedInput } from '../hooks/use-chunked-input';
import type { LedgerResult } from '../../src/investigation/ledger';
import type { TraceResult } from '../../src/trace/derive';
import { formatInstant } from '../../src/trace/instant';
import { entryLabel } from '../../src/trace/labels';
import { formatDuration } from '../../src/model/duration';
import { Pane, innerWidth } from '../components/Pane';
import { BORDER_ROWS } from '../layout';
import { clamp } from '../window';
import { wrapLines } from '../format';
import type { MetricAtOnset } from '../../src/trace/metrics';
import { LanePicture } from './LanePicture';
import { MetricsAtOnset } from './MetricsAtOnset';
import { TimelineRows } from './TimelineRows';
import { timelineCommandFor, type TimelineCommand } from './timeline-keys';
import { filterOptions, firstErrorIndex, pinOf, stopIndex, visibleEntries } from './timeline-view';

const FULL_LINE_ROWS = 3;
/** The metrics block at most: its title and three metrics (or two and "… more"). */
const METRIC_ROWS = 4;
/** Commands that move the selection or change the list: keys after them in a chunk wait for the render. */
const MOVES: ReadonlySet<TimelineCommand> = new Set(['down', 'up', 'pageDown', 'pageUp', 'top', 'end', 'firstError', 'stop', 'nextFilter', 'allSources']);

/** The engine's answer, once it has one: the trace's timeline, or why there is none. */
export interface TimelineLoad {
  result?: TraceResult;
  /** The plan's metrics before and at the trace's onset, when it has them and the trace erred. */
  metrics?: readonly MetricAtOnset[];
  /** Why following the trace failed or was skipped (no trace id, nothing to read). */
  problem?: string;
}

interface TimelineScreenProps {
  timeline: TimelineLoad;
  width: number;
  /** Including the border: the view is never taller. */
  height: number;
  /** Pins a line as evidence (a journal event); answers with an id or a refusal. */
  onPin: (pin: ReturnType<typeof pinOf>) => LedgerResult;
  /** Lines read live were never redacted at the journal: the workbench's redactor (`redactText`). */
  redact: (text: string) => string;
  onClose: () => void;
}

/** The followed trace: lanes per service above, the merged lines below, first error and stop one key away. */
export function TimelineScreen({ timeline, width, height, onPin, redact, onClose }: TimelineScreenProps) {
  const [selected, setSelected] = useState(0);
  const [filterAt, setFilterAt] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const result = timeline.result;
  const filters = result ? filterOptions(result) : [undefined];
  const filter = filters[filterAt % filters.length];
  const entries = result ? visibleEntries(result, filter) : [];
  const errorAt = result ? firstErrorIndex(entries, result) : -1;
  const stopAt = result ? stopIndex(entries, result) : -1;
  const current = clamp(selected, 0, Math.max(0, entries.length - 1));

  const rows = Math.max(0, height - BORDER_ROWS);
  const laneRows = result ? Math.min(result.services.length + (result.stopsAt?.neverSeen.length ?? 0) + 1, Math.floor((rows - 3) / 3)) : 0;
  // The selected line in full under the list, where there is room: a line is cut at the pane's edge.
  const fullRows = result && rows >= 14 ? FULL_LINE_ROWS : 0;
  // The metrics at onset where there is room for them and a few lines of the trace besides.
  const metricRows = result && timeline.metrics?.length && rows >= 12 ? Math.min(METRIC_ROWS, 1 + timeline.metrics.length) : 0;
  const listRows = Math.max(0, rows - 2 - laneRows - 1 - metricRows - fullRows);

  const perform = (command: TimelineCommand) => {
    // A message lasts until the next key; then the line shows the selected entry's source again.
    setMessage(undefined);
    const to = (index: number) => setSelected(clamp(index, 0, Math.max(0, entries.length - 1)));
    switch (command) {
      case 'close':
        return onClose();
      case 'down':
        return to(current + 1);
      case 'up':
        return to(current - 1);
      case 'pageDown':
        return to(current + Math.max(1, listRows - 1));
      case 'pageUp':
        return to(current - Math.max(1, listRows - 1));
      case 'top':
        return to(0);
      case 'end':
        return to(entries.length - 1);
      case 'firstError':
        if (errorAt < 0) return setMessage({ text: 'no error on the trace here', error: false });
        return to(errorAt);
      case 'stop':
        if (stopAt < 0) return setMessage({ text: 'the stop is not among these lines', error: false });
        return to(stopAt);
      case 'nextFilter':
      case 'allSources': {
        const next = command === 'allSources' ? 0 : (filterAt + 1) % filters.length;
        setFilterAt(next);
        setSelected(0);
        return setMessage({ text: filters[next] === undefined ? 'every source' : `only ${filters[next]}`, error: false });
      }
      case 'pin': {
        const entry = entries[current];
        if (!entry) return;
        const answer = onPin(pinOf({ ...entry, text: redact(entry.text) }));
        return setMessage(answer.ok ? { text: `pinned as evidence ${answer.id}: ${entryLabel(entry)}`, error: false } : { text: answer.refusal, error: true });
      }
    }
  };

  useChunkedInput((input, key) => {
    const command = timelineCommandFor(input, key);
    if (!command) return;
    perform(command);
    // After a jump, a `p` in the same chunk pins the line jumped to.
    return command === 'close' ? 'stop' : MOVES.has(command) ? 'wait' : undefined;
  });

  const inner = innerWidth(width);
  const stop = result?.stopsAt;
  const entry = entries[current];
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        {result ? `Trace ${result.trace}` : 'Trace'}
        <Text dimColor>
          {result
            ? `  ${entries.length} of ${result.entries.length} lines${filter ? ` · only ${filter}` : ''}${result.dropped ? ` · ${result.dropped} not kept` : ''}`
            : ''}
        </Text>
      </Text>
      {!result ? (
        <Text color={timeline.problem ? 'red' : undefined}>{timeline.problem ?? 'following the trace…'}</Text>
      ) : (
        <>
          <LanePicture result={result} width={inner} rows={laneRows} filter={filter} />
          <Text wrap="truncate-end" color={stop ? 'yellow' : 'red'}>
            {stop
              ? `stops at ${stop.service} ${formatDuration(stop.beforeEndMs)} before the end${stop.neverSeen.length ? ` · never reached ${stop.neverSeen.join(', ')}` : ''}${result.firstError ? ` · first error ${formatInstant(result.firstError.time).slice(11, 23)}` : ''}`
              : 'not seen in any source'}
          </Text>
          {metricRows > 0 ? <MetricsAtOnset metrics={timeline.metrics!} rows={metricRows} redact={redact} /> : null}
          <TimelineRows entries={entries} selected={current} rows={listRows} width={inner} firstError={errorAt} stop={stopAt} redact={redact} />
          <Box height={fullRows} flexDirection="column" overflow="hidden">
            {(entry ? wrapLines(redact(entry.text), inner).slice(0, fullRows) : []).map((line, i) => (
              <Text key={i} color="cyan" wrap="truncate-end">
                {line}
              </Text>
            ))}
          </Box>
        </>
      )}
      <Text wrap="truncate-middle" color={message?.error ? 'red' : message ? 'green' : undefined} dimColor={!message}>
        {message?.text ?? (entry ? redact(`${entryLabel(entry)}${entry.via ? ` · ${entry.via}` : ''}`) : ' ')}
      </Text>
    </Pane>
  );
}
