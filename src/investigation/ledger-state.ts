import type { Bucket, ProblemClass, StepId } from '../model';
import type { IncidentSeverity, PinOrigin, HypothesisVerdict } from '../model/ledger';
import type { Tracker } from '../trackers/registry';
import type { JournalEvent } from './events';

// The verdict ledger's part of the investigation state: hypotheses and their verdicts,
// pinned evidence, the mechanism, the fix shape, severity, follow-ups and tracker links.
// A pure fold like the rest; `ledger.ts` decides which intents may become events.

// The ledger's words live in src/model/ledger.ts (the journal's events name them too).
export { INCIDENT_SEVERITIES, HYPOTHESIS_VERDICTS, type IncidentSeverity, type PinOrigin, type HypothesisVerdict } from '../model/ledger';

/** Reference 001's severity levels and the response each one asks for. */
export const SEVERITY_TARGETS: Record<IncidentSeverity, { criteria: string; response: string }> = {
  'SEV-1': { criteria: 'blocking regression on main or the release path', response: 'assign an owner and post incident context within 30 minutes' },
  'SEV-2': { criteria: 'new regression in a PR or branch, no current release block', response: 'assign an owner and post context within 4 hours' },
  'SEV-3': {
    criteria: 'evidence or documentation drift without an active behaviour regression',
    response: 'assign an owner and post context within 1 business day',
  },
};

export interface PinnedEvidence {
  id: string;
  /** E1, E2… in the order they were pinned: what the note and the views show. */
  label: string;
  from: PinOrigin;
  /** The check id, `checkId#index`, or the timeline position the line came from. */
  ref: string;
  step?: StepId;
  text: string;
  source: string;
  time?: string;
  author: string;
  at: string;
}

interface VerdictRecord {
  verdict: HypothesisVerdict;
  reason: string;
  evidence: string[];
  primary: boolean;
  author: string;
  at: string;
}

export interface Hypothesis {
  id: string;
  /** H1, H2… in the order they were added. */
  label: string;
  bucket: Bucket;
  class: ProblemClass;
  text: string;
  /** A signature id, or `person` for one added by hand. */
  from: string;
  next?: string;
  replay?: string;
  author: string;
  at: string;
  verdict: HypothesisVerdict;
  /** Newest last; the first entry is the verdict the hypothesis was added with (OPEN). */
  history: VerdictRecord[];
}

type Mechanism = { status: 'named'; text: string } | { status: 'not-yet-named'; missing: string };

export interface ExportLink {
  tracker: Tracker;
  apiUrl: string;
  repo: string;
  issue: number;
  url: string;
  /** What the first export made: a new issue, or a comment on an existing one (`--issue N`). */
  created: 'issue' | 'comment';
  /** The comment holding the note when `created` is `comment`. */
  commentId?: number;
  /** Follow-up comments sent so far. */
  followupComments: number[];
  /** The id of the last journal event the tracker has seen. */
  through: string;
  at: string;
}

export interface Ledger {
  hypotheses: Hypothesis[];
  pinned: PinnedEvidence[];
  mechanism?: Mechanism & { author: string; at: string };
  fix?: { lever: string; owner: string; author: string; at: string };
  severity?: { level: IncidentSeverity; reason?: string; author: string; at: string };
  followups: { text: string; author: string; at: string }[];
  exports: ExportLink[];
}

export function emptyLedger(): Ledger {
  return { hypotheses: [], pinned: [], followups: [], exports: [] };
}

/** The primary mechanism: the one hypothesis pinned as primary, if any. */
export function primaryHypothesis(ledger: Ledger): Hypothesis | undefined {
  return ledger.hypotheses.find((h) => h.verdict === 'PINNED' && h.history.at(-1)?.primary);
}

export function linkKey(link: Pick<ExportLink, 'tracker' | 'apiUrl' | 'repo'>): string {
  return `${link.tracker} ${link.apiUrl} ${link.repo}`;
}

type LedgerEvent = Extract<
  JournalEvent,
  {
    type: 'evidence.pinned' | 'hypothesis.added' | 'hypothesis.verdict' | 'mechanism.set' | 'fix.set' | 'severity.set' | 'followup.added' | 'export.linked';
  }
>;

export function foldLedger(ledger: Ledger, event: LedgerEvent): Ledger {
  const by = { author: event.author, at: event.at };
  switch (event.type) {
    case 'evidence.pinned': {
      if (ledger.pinned.some((p) => p.id === event.evidenceId)) return ledger;
      const { evidenceId, from, ref, step, text, source, time } = event;
      const pin: PinnedEvidence = { id: evidenceId, label: `E${ledger.pinned.length + 1}`, from, ref, step, text, source, time, ...by };
      return { ...ledger, pinned: [...ledger.pinned, pin] };
    }
    case 'hypothesis.added': {
      if (ledger.hypotheses.some((h) => h.id === event.hypothesisId)) return ledger;
      const opened: VerdictRecord = { verdict: 'OPEN', reason: '', evidence: [], primary: false, ...by };
      const hypothesis: Hypothesis = {
        id: event.hypothesisId,
        label: `H${ledger.hypotheses.length + 1}`,
        bucket: event.bucket,
        class: event.class,
        text: event.text,
        from: event.from,
        next: event.next,
        replay: event.replay,
        ...by,
        verdict: 'OPEN',
        history: [opened],
      };
      return { ...ledger, hypotheses: [...ledger.hypotheses, hypothesis] };
    }
    case 'hypothesis.verdict': {
      const record: VerdictRecord = { verdict: event.verdict, reason: event.reason, evidence: event.evidence, primary: event.primary, ...by };
      return {
        ...ledger,
        hypotheses: ledger.hypotheses.map((h) => (h.id === event.hypothesisId ? { ...h, verdict: event.verdict, history: [...h.history, record] } : h)),
      };
    }
    case 'mechanism.set':
      return { ...ledger, mechanism: { ...event.mechanism, ...by } };
    case 'fix.set':
      return { ...ledger, fix: { lever: event.lever, owner: event.owner, ...by } };
    case 'severity.set':
      return { ...ledger, severity: { level: event.severity, reason: event.reason, ...by } };
    case 'followup.added':
      return { ...ledger, followups: [...ledger.followups, { text: event.text, ...by }] };
    case 'export.linked': {
      const link: ExportLink = {
        tracker: event.tracker,
        apiUrl: event.apiUrl,
        repo: event.repo,
        issue: event.issue,
        url: event.url,
        created: event.created,
        commentId: event.commentId,
        followupComments: event.followupComments,
        through: event.through,
        at: event.at,
      };
      const others = ledger.exports.filter((l) => linkKey(l) !== linkKey(link));
      return { ...ledger, exports: [...others, link] };
    }
  }
}
