import { STEP_IDS, worstStatus, type CheckResult, type CheckStatus, type StepId, type StepStatus } from '../model';
import type { JournalEvent } from './events';
import { emptyLedger, foldLedger, type Ledger } from './ledger-state';
import { derivedTitle } from './title';

// State is a pure fold over the journal: replaying the same events gives the same state.

export interface CheckState {
  id: string;
  step: StepId;
  title: string;
  running: boolean;
  startedAt?: string;
  /** The last finished result; kept while a rerun is in flight. */
  result?: CheckResult;
  finishedAt?: string;
}

export interface Finding {
  step: StepId;
  text: string;
  author: string;
  at: string;
}

interface StepVerdict {
  status: CheckStatus;
  reason: string;
  author: string;
  at: string;
}

export interface StepState {
  id: StepId;
  /** Ordered as the checks were first seen. */
  checks: CheckState[];
  /** Derived from the checks alone. */
  derived: StepStatus;
  verdict?: StepVerdict;
  /** What the walk shows: the person's verdict wins over the derived status. */
  status: StepStatus;
  findings: Finding[];
  /** Wall-clock time of the step's last check runs: concurrent checks count once, idle time between runs not at all. */
  durationMs?: number;
}

export interface InvestigationState {
  id: string;
  title: string;
  /** While nobody gave a title, what it is about: the title follows the walk's first failing step. */
  titleScope?: string;
  system: string;
  mode: 'live' | 'bundle' | 'demo';
  traceId?: string;
  traceServices?: string[];
  bundle?: string;
  /** A bundle's capture time: the window's end. */
  capturedAt?: string;
  /** What serves the walk's local endpoints again after it quit (the demo's `triage demo --serve …`). */
  serve?: string;
  startedAt?: string;
  updatedAt?: string;
  closed: boolean;
  authors: string[];
  steps: Record<StepId, StepState>;
  notes: { path: string; at: string; author: string }[];
  /** Hypotheses, verdicts, pinned evidence, mechanism, fix, severity, follow-ups, tracker links. */
  ledger: Ledger;
  /** Event ids already folded: two writers may deliver the same event twice. */
  seen: ReadonlySet<string>;
}

export function initialState(id: string): InvestigationState {
  const steps = Object.fromEntries(
    STEP_IDS.map((step) => [step, { id: step, checks: [], derived: 'pending', status: 'pending', findings: [] }]),
  ) as unknown as Record<StepId, StepState>;
  return { id, title: id, system: '', mode: 'live', closed: false, authors: [], steps, notes: [], ledger: emptyLedger(), seen: new Set() };
}

/**
 * How long the step's checks ran on the clock: the union of each check's last run, from
 * when it was shown running to when its result was recorded. Checks run side by side, so
 * their sum overstates it; the idle time between two runs is no part of it.
 */
function wallClockMs(checks: readonly CheckState[]): number {
  const finished = checks.filter((c) => c.result);
  const runs = finished.map((c) => {
    const end = c.finishedAt ? Date.parse(c.finishedAt) : Number.NaN;
    if (Number.isNaN(end)) return undefined;
    const started = c.startedAt ? Date.parse(c.startedAt) : Number.NaN;
    return { start: Number.isNaN(started) || started > end ? end - c.result!.durationMs : started, end };
  });
  // A result without its finishing time (an old journal) can only be counted whole.
  const untimed = finished.filter((_, i) => !runs[i]).reduce((sum, c) => sum + c.result!.durationMs, 0);
  const timed = runs.filter((r): r is { start: number; end: number } => r !== undefined).sort((a, b) => a.start - b.start);
  let total = 0;
  let open: { start: number; end: number } | undefined;
  for (const r of timed) {
    if (open && r.start <= open.end) open.end = Math.max(open.end, r.end);
    else {
      if (open) total += open.end - open.start;
      open = { ...r };
    }
  }
  if (open) total += open.end - open.start;
  return total + untimed;
}

function deriveStep(step: StepState): StepState {
  const checks = step.checks;
  let derived: StepStatus;
  if (checks.length === 0) derived = 'pending';
  else if (checks.some((c) => c.running)) derived = 'running';
  else if (checks.some((c) => !c.result)) derived = 'pending';
  else derived = worstStatus(checks.map((c) => c.result!.status));
  const durationMs = checks.some((c) => c.result) ? wallClockMs(checks) : undefined;
  const status = derived === 'running' ? 'running' : (step.verdict?.status ?? derived);
  return { ...step, derived, status, durationMs };
}

function upsertCheck(step: StepState, id: string, change: (c: CheckState) => CheckState, title: string): StepState {
  const index = step.checks.findIndex((c) => c.id === id);
  const base: CheckState = index >= 0 ? step.checks[index]! : { id, step: step.id, title, running: false };
  const checks = [...step.checks];
  if (index >= 0) checks[index] = change(base);
  else checks.push(change(base));
  return deriveStep({ ...step, checks });
}

export function fold(state: InvestigationState, event: JournalEvent): InvestigationState {
  if (state.seen.has(event.id)) return state;
  const seen = new Set(state.seen).add(event.id);
  const authors = state.authors.includes(event.author) ? state.authors : [...state.authors, event.author];
  const base = {
    ...state,
    seen,
    authors,
    startedAt: !state.startedAt || event.at < state.startedAt ? event.at : state.startedAt,
    updatedAt: !state.updatedAt || event.at > state.updatedAt ? event.at : state.updatedAt,
  };
  const withStep = (id: StepId, change: (s: StepState) => StepState) => {
    const steps = { ...base.steps, [id]: change(base.steps[id]) };
    return { ...base, steps, ...(base.titleScope !== undefined ? { title: derivedTitle(base.titleScope, steps) } : {}) };
  };

  switch (event.type) {
    case 'investigation.opened':
      return {
        ...base,
        title: event.titleScope !== undefined ? derivedTitle(event.titleScope, base.steps) : event.title,
        titleScope: event.titleScope,
        system: event.system,
        mode: event.mode,
        traceId: event.traceId,
        traceServices: event.traceServices,
        bundle: event.bundle,
        capturedAt: event.capturedAt,
        serve: event.serve,
        closed: false,
      };
    case 'check.started':
      return withStep(event.step, (s) => upsertCheck(s, event.checkId, (c) => ({ ...c, title: event.title, running: true, startedAt: event.at }), event.title));
    case 'check.finished':
      return withStep(event.step, (s) =>
        upsertCheck(s, event.checkId, (c) => ({ ...c, title: event.title, running: false, result: event.result, finishedAt: event.at }), event.title),
      );
    case 'step.verdict':
      return withStep(event.step, (s) => deriveStep({ ...s, verdict: { status: event.status, reason: event.reason, author: event.author, at: event.at } }));
    case 'finding.added':
      return withStep(event.step, (s) => ({
        ...s,
        findings: [...s.findings, { step: event.step, text: event.text, author: event.author, at: event.at }],
      }));
    case 'note.written':
      return { ...base, notes: [...base.notes, { path: event.path, at: event.at, author: event.author }] };
    case 'investigation.closed':
      return { ...base, closed: true };
    case 'agent.called':
      return base;
    case 'title.set':
      return { ...base, title: event.title, titleScope: undefined };
    case 'trace.set':
      return { ...base, traceId: event.traceId, ...(event.traceServices ? { traceServices: event.traceServices } : {}) };
    case 'evidence.pinned':
    case 'hypothesis.added':
    case 'hypothesis.verdict':
    case 'mechanism.set':
    case 'fix.set':
    case 'severity.set':
    case 'followup.added':
    case 'export.linked':
      return { ...base, ledger: foldLedger(base.ledger, event) };
  }
}

export function foldAll(id: string, events: readonly JournalEvent[]): InvestigationState {
  return events.reduce(fold, initialState(id));
}

/** Checks still marked running when the journal was last written (a crash mid-check). */
export function interruptedChecks(state: InvestigationState): CheckState[] {
  return STEP_IDS.flatMap((id) => state.steps[id].checks.filter((c) => c.running));
}
