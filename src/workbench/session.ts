// The engine behind one open investigation: runs the plan's checks, appends to the journal,
// folds it, and renders the note. It sits above investigation/ (journal, fold, ledger) and
// note/ (which reads them), so neither of those folders imports the other's way back.
import { dirname, join } from 'node:path';
import { STEP_IDS, type CheckResult, type CheckStatus, type StepId } from '../model';
import { STEPS } from '../plan/steps';
import type { Plan } from '../plan/schema';
import { parseDuration } from '../model/duration';
import type { Check, CheckContext, SignatureLine } from '../checks/types';
import { runChecks } from '../checks/runner';
import { mechanismsOf } from '../investigation/mechanisms';
import { SignatureFacts } from './signature-facts';
import { Journal, type JournalProblem } from '../investigation/journal';
import { fold, initialState, interruptedChecks, type InvestigationState } from '../investigation/fold';
import type { JournalEvent, NewEvent } from '../investigation/events';
import { renderNote, type NoteOptions } from '../note/render';
import { flakyRefusal, ledgerIntents, type LedgerResult } from '../investigation/ledger';
import { redactorFor } from '../redact/redact';
import type { ClusterSource } from '../model/cluster';
import type { FollowOutcome } from '../trace/follow';
import type { TailHandle, TailRequest } from '../logs/tail-handle';
import type { WorkloadListing } from '../kube/workloads';
import type { LogFileListing } from '../logs/plan-files';
import { LiveReads } from './live-reads';
import { makePrivateDir, writePrivateFile } from '../files';
import { activityOf } from '../investigation/activity';
import { SnapshotStore } from './snapshot-store';
import type { PartnerActivity, PlannedCheck, Workbench, WorkbenchSnapshot } from './workbench';

export type { PartnerActivity, PlannedCheck, Suggestion, Workbench, WorkbenchSnapshot } from './workbench';

export interface SessionOptions {
  root: string;
  journal: Journal;
  plan: Plan;
  /** Directory relative plan paths resolve against. */
  baseDir: string;
  checks: Check<Plan>[];
  env: Readonly<Record<string, string | undefined>>;
  /** The cluster under investigation, live or a bundle, when there is one. */
  cluster?: ClusterSource;
  /** The session made the cluster source (the CLI's): it closes it on quit. */
  ownsCluster?: boolean;
  /** The wall clock (tests open a bundle "a year later"); a bundle's own checks use its capture time. */
  now?: () => Date;
  /** Redacts text before it leaves the terminal (note files). */
  redact?: (text: string) => string;
  /**
   * Extra signature directories (`--signatures`). When given, even empty, the built-in
   * library and `.triage/signatures` under `root` suggest hypotheses from the evidence.
   */
  signatureDirs?: readonly string[];
  /** Nothing is drawn while checks run (`triage run`): signatures are matched in this thread when the library is cached. */
  headless?: boolean;
}

/** The engine behind one open investigation: runs checks, appends events, folds state. */
export class Session implements Workbench {
  readonly steps = STEPS;
  private state: InvestigationState;
  private readonly planned: Record<StepId, PlannedCheck[]>;
  private readonly notices: string[] = [];
  /** Journal lines that could not be read (torn, garbage), for headless output to report. */
  private readonly unreadable: JournalProblem[] = [];
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private readonly inFlight = new Set<string>();
  private readonly store = new SnapshotStore(() => this.makeSnapshot());
  private readonly events: JournalEvent[] = [];
  private stopWatching: () => void = () => {};
  /** Present when signature directories were given: every failing check's lines are matched. */
  private readonly signatures?: SignatureFacts;
  private partner?: PartnerActivity;
  /** The journal as it was at open is history; partner activity is what arrives after. */
  private opened = false;
  /** What is read live, not from the journal: the followed trace, log tails, what a tail can follow. */
  private readonly live: LiveReads;
  private readonly ledger = ledgerIntents(
    () => this.state,
    (event) => this.record(event),
  );
  readonly pinEvidence = this.ledger.pinEvidence;
  readonly addHypothesis = this.ledger.addHypothesis;
  readonly setVerdict = this.ledger.setVerdict;
  readonly setMechanism = this.ledger.setMechanism;
  readonly setFix = this.ledger.setFix;
  readonly setTitle = this.ledger.setTitle;
  readonly setSeverity = this.ledger.setSeverity;
  readonly addFollowup = this.ledger.addFollowup;

  constructor(private readonly options: SessionOptions) {
    const dirs = options.signatureDirs;
    if (dirs) this.signatures = new SignatureFacts({ ...options, dirs, inThread: options.headless, notify: (notice) => this.notify(notice) });
    this.live = new LiveReads({ ...options, signal: this.abort.signal, redact: this.redactText });
    this.state = initialState(options.journal.id);
    this.planned = Object.fromEntries(STEP_IDS.map((s) => [s, [] as PlannedCheck[]])) as unknown as Record<StepId, PlannedCheck[]>;
    for (const check of options.checks) this.planned[check.step].push({ id: check.id, step: check.step, title: check.title });
    this.sync();
    const torn = options.journal.tornTail();
    if (torn) {
      this.unreadable.push(torn);
      this.notices.push(`journal line ${torn.line}: ${torn.reason}`);
    }
    for (const c of interruptedChecks(this.state)) this.notices.push(`${c.id} was interrupted before it finished; run its step again`);
    this.opened = true;
  }

  get id(): string {
    return this.options.journal.id;
  }

  /** Follow other writers of the same journal (pairing). */
  watch(): void {
    this.stopWatching = this.options.journal.watch(() => this.sync());
  }

  getSnapshot = (): WorkbenchSnapshot => this.store.get();

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** Append an event; it is on disk before the state that shows it exists. */
  record(event: NewEvent): JournalEvent {
    const written = this.options.journal.append(event);
    this.sync();
    return written;
  }

  /** Fold whatever the journal holds that this session has not seen yet. */
  sync(): void {
    const { events, problems } = this.options.journal.readNew();
    for (const p of problems) {
      this.unreadable.push(p);
      this.notices.push(`journal line ${p.line}: ${p.reason}`);
    }
    if (events.length === 0 && problems.length === 0) return;
    for (const e of events) {
      if (this.state.seen.has(e.id)) continue;
      this.events.push(e);
      this.state = fold(this.state, e);
      if (this.opened && e.author !== this.options.journal.author) {
        const text = activityOf(e, this.state);
        if (text) this.partner = { seq: (this.partner?.seq ?? 0) + 1, author: e.author, at: e.at, text };
      }
    }
    this.store.changed();
  }

  /** Lines of the journal that were skipped, with the journal's path. */
  journalProblems(): { path: string; line: number; reason: string }[] {
    return this.unreadable.map((p) => ({ path: this.options.journal.path, ...p }));
  }

  getState(): InvestigationState {
    return this.state;
  }

  /** Every event folded so far, in journal order. */
  eventsSoFar(): readonly JournalEvent[] {
    return this.events;
  }

  /** The cluster under investigation, when there is one. */
  get cluster(): ClusterSource | undefined {
    return this.options.cluster;
  }

  get redact(): ((text: string) => string) | undefined {
    return this.options.redact;
  }

  private makeSnapshot(): WorkbenchSnapshot {
    const ranking = mechanismsOf(this.state);
    return {
      state: this.state,
      planned: this.planned,
      suggestions: ranking.mechanisms,
      ranking,
      notices: [...this.notices],
      ...(this.partner ? { partner: this.partner } : {}),
    };
  }

  private notify(notice: string): void {
    this.notices.push(notice);
    this.store.changed();
  }

  private context(): Omit<CheckContext<Plan>, 'signal' | 'timeoutMs'> {
    const signatures = this.signatures;
    return {
      plan: this.options.plan,
      baseDir: this.options.baseDir,
      env: this.options.env,
      now: this.options.now ?? (() => new Date()),
      cluster: this.options.cluster,
      ...(signatures ? { signatures: (lines: SignatureLine[]) => signatures.facts(lines) } : {}),
    };
  }

  /** Run checks and record them; resolves when all have finished. */
  async runChecksOf(steps: readonly StepId[]): Promise<CheckResult[]> {
    // A check already running (Enter pressed twice, `a` during a step run) is not started again.
    const checks = this.options.checks.filter((c) => steps.includes(c.step) && !this.inFlight.has(c.id));
    for (const c of checks) this.inFlight.add(c.id);
    // A bundle's replay starts before the checks: its start-up is triage's, not the cluster's, and no deadline pays for it.
    const work = Promise.resolve(this.options.cluster?.warm?.()).then(() =>
      runChecks(checks, {
        concurrency: this.options.plan.concurrency,
        defaultTimeoutMs: parseDuration(this.options.plan.timeout) ?? 10_000,
        signal: this.abort.signal,
        context: this.context(),
        onStart: (check) => this.record({ type: 'check.started', step: check.step, checkId: check.id, title: check.title }),
        // A check cancelled on quit is recorded as such, so a resumed walk knows.
        onFinish: async (check, result) => {
          // A quit does not wait for the matcher: a result being matched then is recorded as it came.
          const matched = this.signatures ? await this.signatures.withFacts(check, result, this.abort.signal) : result;
          this.inFlight.delete(check.id);
          this.record({ type: 'check.finished', step: check.step, checkId: check.id, title: check.title, result: matched });
        },
      }),
    );
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  runStep(step: StepId): void {
    void this.runChecksOf([step]).catch((e: unknown) => this.notify(`running ${step} failed: ${String(e)}`));
  }

  runAll(): void {
    void this.runChecksOf(STEP_IDS).catch((e: unknown) => this.notify(`running all steps failed: ${String(e)}`));
  }

  markStep(step: StepId, status: CheckStatus, reason: string): LedgerResult {
    // Reference 003: calling the failure "flaky" needs a mechanism in the ledger, as everywhere else.
    const refusal = flakyRefusal(this.state.ledger, reason, `The reason for marking ${step} ${status}`);
    if (refusal) return { ok: false, refusal };
    return { ok: true, id: this.record({ type: 'step.verdict', step, status, reason }).id };
  }

  addFinding(step: StepId, text: string): void {
    this.record({ type: 'finding.added', step, text });
  }

  /** Render the note from the fold and write `.triage/notes/<id>.md`. */
  async writeNote(path?: string): Promise<string> {
    const target = path ?? join(this.options.root, '.triage', 'notes', `${this.id}.md`);
    const markdown = renderNote(this.state, this.noteOptions());
    makePrivateDir(dirname(target));
    writePrivateFile(target, markdown);
    this.record({ type: 'note.written', path: target });
    return target;
  }

  /** What the note is rendered with: the plan, the redactor and the events (for follow-ups). */
  noteOptions(): NoteOptions {
    return { plan: this.options.plan, redact: this.options.redact, events: this.events };
  }

  previewNote = (): string => renderNote(this.state, this.noteOptions());

  redactText = (text: string): string => (this.options.redact ?? redactorFor())(text);

  setTraceId = (traceId: string): void => {
    const id = traceId.trim();
    if (!id) throw new Error('a trace id cannot be empty');
    this.record({ type: 'trace.set', traceId: id });
  };

  traceId = (): string | undefined => this.state.traceId ?? this.options.plan.traceId;

  // The investigation's trace id (from --trace, the plan, or given later) is the one followed.
  followTrace = (traceId?: string): Promise<FollowOutcome> => this.live.followTrace(traceId ?? this.traceId());

  openTail = (target: TailRequest): TailHandle => this.live.openTail(target);

  listWorkloads = (): Promise<WorkloadListing> => this.live.listWorkloads();

  listLogFiles = (): Promise<LogFileListing> => this.live.listLogFiles();

  async quit(): Promise<void> {
    this.live.close();
    this.abort.abort();
    this.stopWatching();
    await Promise.allSettled([...this.running]);
    await this.signatures?.close();
    if (this.options.ownsCluster) await this.options.cluster?.close?.();
    this.options.journal.close();
  }
}
