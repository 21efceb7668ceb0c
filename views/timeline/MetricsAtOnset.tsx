import { Box, Text } from 'ink';
import type { MetricAtOnset } from '../../src/trace/metrics';
import { metricLines } from './timeline-view';

const COLOR = { title: undefined, moved: 'yellow', steady: undefined, problem: 'red', more: undefined } as const;

interface MetricsAtOnsetProps {
  metrics: readonly MetricAtOnset[];
  /** Rows it may use, its title included. */
  rows: number;
  redact: (text: string) => string;
}

/** The plan's metrics before and at the trace's onset: one line each under a title, never more rows than given. */
export function MetricsAtOnset({ metrics, rows, redact }: MetricsAtOnsetProps) {
  const lines = metricLines(metrics, rows);
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          color={COLOR[line.tone]}
          dimColor={line.tone === 'title' || line.tone === 'steady' || line.tone === 'more'}
          bold={line.tone === 'moved'}
        >
          {redact(line.text)}
        </Text>
      ))}
    </Box>
  );
}
