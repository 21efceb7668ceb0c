import type { JournalEvent } from './events';
import type { InvestigationState } from './fold';

// What a pairing partner (a person in another terminal, or an agent through `triage mcp`)
// just did, in one line: the workbench shows it as it arrives, so nobody works blind.

/** One line for `event`, read against the state after it; undefined for what is not worth a line. */
export function activityOf(event: JournalEvent, after: InvestigationState): string | undefined {
  const who = event.author;
  const ledger = after.ledger;
  switch (event.type) {
    case 'agent.called':
      return `${who} ${event.outcome === 'ok' ? '·' : `${event.outcome === 'refused' ? 'was refused' : 'failed'} (${event.tool}):`} ${event.summary}`;
    case 'evidence.pinned': {
      const label = ledger.pinned.find((p) => p.id === event.evidenceId)?.label ?? event.evidenceId;
      return `${who} pinned ${label}: ${event.text}`;
    }
    case 'hypothesis.added': {
      const label = ledger.hypotheses.find((h) => h.id === event.hypothesisId)?.label ?? event.hypothesisId;
      return `${who} proposed ${label}: ${event.text}`;
    }
    case 'hypothesis.verdict': {
      const label = ledger.hypotheses.find((h) => h.id === event.hypothesisId)?.label ?? event.hypothesisId;
      return `${who} marked ${label} ${event.verdict}${event.primary ? ' (primary)' : ''}: ${event.reason}`;
    }
    case 'mechanism.set':
      return event.mechanism.status === 'named'
        ? `${who} named the mechanism: ${event.mechanism.text}`
        : `${who} set the mechanism not yet named: ${event.mechanism.missing}`;
    case 'step.verdict':
      return `${who} marked ${event.step} ${event.status}: ${event.reason}`;
    case 'finding.added':
      return `${who} added a finding to ${event.step}: ${event.text}`;
    case 'check.finished':
      return `${who} ran ${event.title}: ${event.result.status.toUpperCase()}`;
    default:
      return undefined;
  }
}
