import { Box, Text } from 'ink';
import type { InvestigationState } from '../../src/investigation/fold';
import { primaryHypothesis, SEVERITY_TARGETS } from '../../src/investigation/ledger-state';
import { Pane } from '../components/Pane';

/** Rows the summary takes, borders included; in a short terminal it is two rows without a border. */
export const SUMMARY_ROWS = 6;
export const COMPACT_SUMMARY_ROWS = 2;

function Line({ name, value, missing }: { name: string; value?: string; missing: string }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{`${name.padEnd(10)}`}</Text>
      {value ? value : <Text color="yellow">{missing}</Text>}
    </Text>
  );
}

/** Title, severity, mechanism and fix: what the note's head will say. */
export function LedgerSummary({ state, width, compact = false }: { state: InvestigationState; width: number; compact?: boolean }) {
  const { mechanism, fix, severity } = state.ledger;
  const primary = primaryHypothesis(state.ledger);
  const mechanismText =
    mechanism?.status === 'named' ? mechanism.text : mechanism?.status === 'not-yet-named' ? `not yet named — missing: ${mechanism.missing}` : undefined;
  const severityText = severity ? `${severity.level}: ${SEVERITY_TARGETS[severity.level].response}` : undefined;
  if (compact) {
    return (
      <Box flexDirection="column" width={width} height={COMPACT_SUMMARY_ROWS} flexShrink={0} overflow="hidden">
        <Text wrap="truncate-end">
          <Text bold>Severity </Text>
          {severityText ?? <Text color="yellow">not set (s)</Text>}
          <Text bold>{'  Title '}</Text>
          {state.title ?? <Text color="yellow">(none)</Text>}
        </Text>
        <Text wrap="truncate-end">
          <Text bold>Mechanism </Text>
          {mechanismText ? `${mechanismText}${primary ? `  [primary ${primary.label}]` : ''}` : <Text color="yellow">not yet named (m, or M)</Text>}
          <Text bold>{'  Fix '}</Text>
          {fix ? `${fix.lever} — owner: ${fix.owner}` : <Text color="yellow">not set (f)</Text>}
        </Text>
      </Box>
    );
  }
  return (
    <Pane width={width} height={SUMMARY_ROWS}>
      <Line name="Title" value={state.title} missing="(none)" />
      <Line name="Severity" value={severityText} missing="not set (s)" />
      <Line
        name="Mechanism"
        value={mechanismText && `${mechanismText}${primary ? `  [primary ${primary.label}]` : ''}`}
        missing="not yet named (m, or M: what is missing)"
      />
      <Line name="Fix" value={fix && `${fix.lever} — owner: ${fix.owner}`} missing="not set (f)" />
    </Pane>
  );
}
