import { Text } from 'ink';
import type { InvestigationState } from '../../src/investigation/fold';
import { primaryHypothesis, SEVERITY_TARGETS } from '../../src/investigation/ledger-state';
import { Pane } from '../components/Pane';

/** Rows the summary takes, borders included. */
export const SUMMARY_ROWS = 6;

function Line({ name, value, missing }: { name: string; value?: string; missing: string }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{`${name.padEnd(10)}`}</Text>
      {value ? value : <Text color="yellow">{missing}</Text>}
    </Text>
  );
}

/** Title, severity, mechanism and fix: what the note's head will say. */
export function LedgerSummary({ state, width }: { state: InvestigationState; width: number }) {
  const { mechanism, fix, severity } = state.ledger;
  const primary = primaryHypothesis(state.ledger);
  const mechanismText =
    mechanism?.status === 'named'
      ? mechanism.text
      : mechanism?.status === 'not-yet-named'
        ? `not yet named — missing: ${mechanism.missing}`
        : undefined;
  return (
    <Pane width={width} height={SUMMARY_ROWS}>
      <Line name="Title" value={state.title} missing="(none)" />
      <Line
        name="Severity"
        value={severity ? `${severity.level}: ${SEVERITY_TARGETS[severity.level].response}` : undefined}
        missing="not set (s)"
      />
      <Line name="Mechanism" value={mechanismText && `${mechanismText}${primary ? `  [primary ${primary.label}]` : ''}`} missing="not yet named (m, or M: what is missing)" />
      <Line name="Fix" value={fix && `${fix.lever} — owner: ${fix.owner}`} missing="not set (f)" />
    </Pane>
  );
}
