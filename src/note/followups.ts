import type { JournalEvent } from '../investigation/events';
import { fold, initialState, type InvestigationState } from '../investigation/fold';
import { SEVERITY_TARGETS } from '../investigation/ledger-state';
import { STEPS } from '../plan/steps';
import { code, day, inline, paragraph } from './markdown';

// Later updates, as dated follow-up sections (reference 004: the RCA, then dated
// follow-ups). A follow-up a person writes is always one. Once the note has been
// exported, every later change is one too: until then the note itself is the draft,
// rewritten whole. Changes are batched between one write or export and the next.

export interface FollowupBatch {
  /** Time of the last change in the batch. */
  at: string;
  authors: string[];
  /** Markdown list items, without the leading `- `. */
  items: string[];
  /** Id of the last event of the batch. */
  through: string;
}

const SHARED = new Set<JournalEvent['type']>(['note.written', 'export.linked']);

function stepTitle(id: string): string {
  return STEPS.find((s) => s.id === id)?.title ?? id;
}

/** What one event changed, as a list item, read against the state before and after it. */
function describe(event: JournalEvent, before: InvestigationState, after: InvestigationState): string | undefined {
  const ledger = after.ledger;
  switch (event.type) {
    case 'followup.added':
      return paragraph(event.text, '  ').trimStart();
    case 'mechanism.set':
      return event.mechanism.status === 'named'
        ? `**Mechanism** named: ${inline(event.mechanism.text)}`
        : `**Mechanism** not yet named. Missing: ${inline(event.mechanism.missing)}`;
    case 'hypothesis.added': {
      const h = ledger.hypotheses.find((x) => x.id === event.hypothesisId);
      const from = event.from === 'person' ? '' : ` (signature ${code(event.from)})`;
      return `**${h?.label ?? event.hypothesisId}** added: ${code(event.bucket)} · ${event.class}: ${inline(event.text)}${from}`;
    }
    case 'hypothesis.verdict': {
      const h = ledger.hypotheses.find((x) => x.id === event.hypothesisId);
      const was = before.ledger.hypotheses.find((x) => x.id === event.hypothesisId)?.verdict;
      const evidence = event.evidence.map((id) => ledger.pinned.find((p) => p.id === id)?.label ?? id);
      return (
        `**${h?.label ?? event.hypothesisId}** ${was ?? 'OPEN'} → **${event.verdict}**${event.primary ? ' (primary)' : ''}` +
        `${event.reason ? `: ${inline(event.reason)}` : ''}${evidence.length ? ` — evidence ${evidence.join(', ')}` : ''}`
      );
    }
    case 'fix.set':
      return `**Fix shape**: ${inline(event.lever)} — owner: ${inline(event.owner)}`;
    case 'severity.set':
      return `**Severity** → ${event.severity} (${SEVERITY_TARGETS[event.severity].response})${event.reason ? `: ${inline(event.reason)}` : ''}`;
    case 'title.set':
      return `**Title** → ${inline(event.title)}`;
    case 'trace.set':
      return `**Trace** → ${code(event.traceId)}`;
    case 'evidence.pinned': {
      const label = ledger.pinned.find((p) => p.id === event.evidenceId)?.label ?? event.evidenceId;
      return `**${label}** pinned: ${event.time ? `${code(event.time)} ` : ''}${code(event.source)} ${code(event.text)}`;
    }
    case 'step.verdict':
      return `**${stepTitle(event.step)}** marked ${event.status.toUpperCase()}: ${inline(event.reason)}`;
    case 'finding.added':
      return `**${stepTitle(event.step)}** finding: ${inline(event.text)}`;
    case 'check.finished': {
      const was = before.steps[event.step].checks.find((c) => c.id === event.checkId)?.result?.status;
      if (was === undefined || was === event.result.status) return undefined;
      return `**Check** ${code(event.checkId)} now ${event.result.status.toUpperCase()} (was ${was.toUpperCase()}): ${inline(event.result.summary)}`;
    }
    case 'investigation.closed':
      return `**Closed**${event.reason ? `: ${inline(event.reason)}` : ''}`;
    default:
      return undefined;
  }
}

/**
 * Follow-up batches: written follow-ups, and every change after the first export. With
 * `after`, everything after that event id (what a tracker has not seen yet).
 */
export function followupBatches(events: readonly JournalEvent[], after?: string): FollowupBatch[] {
  let state = initialState('followups');
  // With `after`, everything after it is new to the tracker; without, only what follows the first export.
  let shared = after !== undefined;
  let counting = after === undefined;
  const batches: FollowupBatch[] = [];
  let open: FollowupBatch | undefined;
  for (const event of events) {
    const before = state;
    state = fold(state, event);
    if (state === before) continue;
    if (!counting) {
      if (event.id === after) counting = true;
      continue;
    }
    if (SHARED.has(event.type)) {
      if (event.type === 'export.linked') shared = true;
      open = undefined;
      continue;
    }
    if (!shared && event.type !== 'followup.added') continue;
    const item = describe(event, before, state);
    if (item === undefined) continue;
    if (!open) {
      open = { at: event.at, authors: [], items: [], through: event.id };
      batches.push(open);
    }
    open.items.push(item);
    open.at = event.at;
    open.through = event.id;
    if (!open.authors.includes(event.author)) open.authors.push(event.author);
  }
  return batches;
}

export function renderFollowup(batch: FollowupBatch): string {
  return [`### Follow-up — ${day(batch.at)} (${batch.authors.join(', ')})`, '', ...batch.items.map((i) => `- ${i}`), ''].join('\n');
}
