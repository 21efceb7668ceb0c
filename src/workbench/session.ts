import { dirname, join } from 'node:path';
import type { CheckStatus, StepId } from '../model';
import { STEP_IDS } from '../model';
import { STEPS, type StepDefinition } from '../plan/steps';
import type { Plan } from '../plan/schema';
import { parseDuration } from '../model/duration';
import type { Check, CheckContext, SignatureLine } from '../checks/types';
import { runChecks } from '../checks/runner';
import type { CheckResult, Evidence, Fact } from '../model';
import { mechanismsOf } from './mechanisms';
import { aboutSource } from '../signatures/facts';
import type { Mechanism, Ranking } from '../mechanisms/rank';
import { Journal, type JournalProblem } from './journal';
import { fold, initialState, interruptedChecks, type InvestigationState } from './fold';
import type { JournalEvent, NewEvent } from './events';
import { renderNote, type NoteOptions } from '../note/render';
import { flakyRefusal, ledgerIntents, type LedgerIntents, type LedgerResult } from './ledger';
import { redactorFor } from '../redact/redact';
import type { ClusterSource } from '../model/cluster';
import { followTrace, type FollowOutcome } from '../trace/follow';
import type { SignatureMatcher } from './suggest-worker';
import { NO_CLUSTER, openTail, type TailHandle, type TailRequest } from '../logs/tail-handle';
import { listWorkloads, type WorkloadListing } from '../kube/workloads';
import { planLogFiles, type LogFileListing } from '../logs/plan-files';
import { makePrivateDir, writePrivateFile } from '../files';
import { activityOf } from './activity';

/** A check the plan will run, shown before it has run. */
export interface PlannedCheck {
  id: string;
  step: StepId;
  title: string;
}

/** A mechanism the walk ranked from its findings, for a person to adopt into the ledger. */
export type Suggestion = Mechanism;

/** What the views draw. Everything in it comes from the journal fold, the plan or the signature library. */
export interface WorkbenchSnapshot {
  state: InvestigationState;
  planned: Record<StepId, PlannedCheck[]>;
  /** The ranked mechanisms, most likely first: what the ledger offers to adopt. */
  suggestions: readonly Suggestion[];
  /** The named mechanisms, most likely first, with their points; a pure function of the journal. */
  ranking: Ranking;
  /** Things the person should know: torn journal lines, interrupted checks, written notes. */
  notices: string[];
  /** What a pairing partner (another terminal, an agent) last did, since this session opened. */
  partner?: PartnerActivity;
}

/** One line about another author's latest event; `seq` grows with each, so a repeat still shows. */
export interface PartnerActivity {
  seq: number;
  author: string;
  at: string;
  text: string;
}

/** The intents the views may send. The views never do I/O themselves. Ledger intents answer with an id or a refusal. */
export interface Workbench extends LedgerIntents {
  readonly steps: readonly StepDefinition[];
  getSnapshot(): WorkbenchSnapshot;
  subscribe(listener: () => void): () => void;
  runStep(step: StepId): void;
  runAll(): void;
  /** Records the person's verdict on a step; refused (nothing recorded) when the reason breaks the ledger's flaky rule. */
  markStep(step: StepId, status: CheckStatus, reason: string): LedgerResult;
  addFinding(step: StepId, text: string): void;
  /** Writes the note; resolves to its path. */
  writeNote(): Promise<string>;
  /** The note as it would be written now, redacted: for the live preview. */
  previewNote(): string;
  /**
   * Redact a line before drawing it, with the plan's rules. What comes from the journal is
   * redacted already (at the journal line); anything read live (a timeline, a log tail) is not.
   */
  redactText(text: string): string;
  /** Follows the investigation's trace (or `traceId`, for one call) over the plan's sources and the cluster, for the timeline view. */
  followTrace(traceId?: string): Promise<FollowOutcome>;
  /** Records the trace id to follow from now on (a `trace.set` event): what `--trace` would have given. */
  setTraceId(traceId: string): void;
  /** The trace id followed: given later, else from `--trace`, else the plan's. */
  traceId(): string | undefined;
  /** Follows pods' logs by workload or label selector, or a local log file; lines arrive redacted, problems as the handle's state. Close it when done. */
  openTail(target: TailRequest): TailHandle;
  /** What a log tail can follow: the workloads of the plan's namespaces (all when none). */
  listWorkloads(): Promise<WorkloadListing>;
  /** What a log tail can follow without a cluster: the local log files the plan names. */
  listLogFiles(): Promise<LogFileListing>;
  /** Cancels running checks; the journal is already durable. */
  quit(): Promise<void>;
}

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
}

/** The engine behind one open investigation: runs checks, appends events, folds state. */
export class Session implements Workbench {
  readonly steps = STEPS;
  private state: InvestigationState;
  private readonly planned: Record<StepId, PlannedCheck[]>;
  private readonly notices: string[] = [];
  /** Journal lines that could not be read (torn, garbage), for headless output to report. */
  private readonly unreadable: JournalProblem[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private readonly inFlight = new Set<string>();
  /** Signature matches in flight: quit lets them finish rather than tear them down mid-load. */
  private readonly matching = new Set<Promise<void>>();
  private snapshot: WorkbenchSnapshot;
  private readonly events: JournalEvent[] = [];
  private stopWatching: () => void = () => {};
  private matcher?: Promise<SignatureMatcher>;
  private readonly tails = new Set<TailHandle>();
  private partner?: PartnerActivity;
  /** The journal as it was at open is history; partner activity is what arrives after. */
  private opened = false;
  private readonly ledger = ledgerIntents(() => this.state, (event) => this.record(event));
  readonly pinEvidence = this.ledger.pinEvidence;
  readonly addHypothesis = this.ledger.addHypothesis;
  readonly setVerdict = this.ledger.setVerdict;
  readonly setMechanism = this.ledger.setMechanism;
  readonly setFix = this.ledger.setFix;
  readonly setTitle = this.ledger.setTitle;
  readonly setSeverity = this.ledger.setSeverity;
  readonly addFollowup = this.ledger.addFollowup;

  constructor(private readonly options: SessionOptions) {
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
    this.snapshot = this.makeSnapshot();
    this.opened = true;
  }

  get id(): string {
    return this.options.journal.id;
  }

  /** Follow other writers of the same journal (pairing). */
  watch(): void {
    this.stopWatching = this.options.journal.watch(() => this.sync());
  }

  getSnapshot = (): WorkbenchSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

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
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
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
    return { state: this.state, planned: this.planned, suggestions: ranking.mechanisms, ranking, notices: [...this.notices], ...(this.partner ? { partner: this.partner } : {}) };
  }

  /** The signature matcher, started the first time there is evidence to match (after the first frame). */
  private signatureMatcher(dirs: readonly string[]): Promise<SignatureMatcher> {
    this.matcher ??= import('./suggest-worker').then((m) =>
      m.startMatcher(this.options.root, dirs, this.options.env, (problems) => {
        for (const p of problems) this.notify(`signatures: ${p}`);
      }),
    );
    return this.matcher;
  }

  private notify(notice: string): void {
    this.notices.push(notice);
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }

  private context(): Omit<CheckContext<Plan>, 'signal' | 'timeoutMs'> {
    const dirs = this.options.signatureDirs;
    return {
      plan: this.options.plan,
      baseDir: this.options.baseDir,
      env: this.options.env,
      now: this.options.now ?? (() => new Date()),
      cluster: this.options.cluster,
      ...(dirs ? { signatures: (lines: SignatureLine[]) => this.signatureMatcher(dirs).then((m) => m.facts(lines, this.replayDefaults())) } : {}),
    };
  }

  private replayDefaults(): { namespace?: string; trace?: string } {
    const plan = this.options.plan;
    return { ...(plan.namespaces[0] ? { namespace: plan.namespaces[0] } : {}), ...(plan.traceId ? { trace: plan.traceId } : {}) };
  }

  /**
   * Every line a failing check shows goes through the signatures before it is recorded:
   * each signature that fires becomes a fact about the object the line is about (the
   * check's own fact that shows the line, else what its source names).
   */
  private async withSignatureFacts(check: Check<Plan>, result: CheckResult): Promise<CheckResult> {
    const dirs = this.options.signatureDirs;
    if (!dirs || check.matchedInside || result.status === 'pass' || result.status === 'skip') return result;
    const own = result.facts ?? [];
    const aboutLine = (e: Evidence): Partial<SignatureLine> => {
      // A fact the check stated about an object says what the line is about; the summary fact
      // the runner made of a result only when the line's own source names no object.
      const namesObject = aboutSource(e.source).namespace !== undefined || /^node\//.test(e.source);
      const fact = own.find((f) => (f.kind !== 'other' || !namesObject) && f.evidence.some((x) => x.text === e.text && x.source === e.source));
      return fact ? { object: fact.object, subject: fact.subject, ...(fact.namespace ? { namespace: fact.namespace } : {}) } : {};
    };
    const lead = own.find((f) => f.kind !== 'other');
    // The summary last: a fact shows the evidence lines it matched before the summary that repeats them.
    // A summary of several objects is about none of them alone: matched only when the evidence is empty.
    const stated = own.filter((f) => f.kind !== 'other');
    const summary: SignatureLine[] =
      stated.length > 1 && result.evidence.length > 0
        ? []
        : [{ text: result.summary, source: lead?.object ?? check.id, ...(lead ? { object: lead.object, subject: lead.subject, ...(lead.namespace ? { namespace: lead.namespace } : {}) } : {}) }];
    const lines: SignatureLine[] = [...result.evidence.map((e) => ({ ...e, ...aboutLine(e) })), ...summary];
    let found: Fact[];
    try {
      found = await (await this.signatureMatcher(dirs)).facts(lines, this.replayDefaults());
    } catch (error) {
      this.notify(`signatures could not be matched on ${check.id}: ${(error as Error).message}`);
      return result;
    }
    return found.length ? { ...result, facts: [...own, ...found] } : result;
  }

  /** Run checks and record them; resolves when all have finished. */
  async runChecksOf(steps: readonly StepId[]): Promise<CheckResult[]> {
    // A check already running (Enter pressed twice, `a` during a step run) is not started again.
    const checks = this.options.checks.filter((c) => steps.includes(c.step) && !this.inFlight.has(c.id));
    for (const c of checks) this.inFlight.add(c.id);
    // A bundle's replay starts before the checks: its start-up is triage's, not the cluster's, and no deadline pays for it.
    const work = Promise.resolve(this.options.cluster?.warm?.()).then(() => runChecks(checks, {
      concurrency: this.options.plan.concurrency,
      defaultTimeoutMs: parseDuration(this.options.plan.timeout) ?? 10_000,
      signal: this.abort.signal,
      context: this.context(),
      onStart: (check) => this.record({ type: 'check.started', step: check.step, checkId: check.id, title: check.title }),
      // A check cancelled on quit is recorded as such, so a resumed walk knows.
      onFinish: async (check, result) => {
        const matched = await this.withSignatureFacts(check, result);
        this.inFlight.delete(check.id);
        this.record({ type: 'check.finished', step: check.step, checkId: check.id, title: check.title, result: matched });
      },
    }));
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
  followTrace = (traceId?: string): Promise<FollowOutcome> =>
    followTrace({
      plan: { ...this.options.plan, traceId: traceId ?? this.traceId() },
      baseDir: this.options.baseDir,
      cluster: this.options.cluster,
      signal: this.abort.signal,
      now: (this.options.now ?? (() => new Date()))(),
      timeoutMs: parseDuration(this.options.plan.timeout) ?? 10_000,
    });

  openTail = (target: TailRequest): TailHandle => {
    const handle = openTail(target, {
      cluster: this.options.cluster,
      namespaces: this.options.plan.namespaces,
      baseDir: this.options.baseDir,
      redact: this.redactText,
      onClose: () => this.tails.delete(handle),
    });
    this.tails.add(handle);
    return handle;
  };

  listWorkloads = (): Promise<WorkloadListing> =>
    this.options.cluster ? listWorkloads(this.options.cluster, this.options.plan.namespaces) : Promise.resolve({ workloads: [], problems: [NO_CLUSTER] });

  listLogFiles = async (): Promise<LogFileListing> => planLogFiles(this.options.plan, this.options.baseDir);

  async quit(): Promise<void> {
    for (const tail of [...this.tails]) tail.close();
    this.abort.abort();
    this.stopWatching();
    await Promise.allSettled([...this.running]);
    // A match in flight finishes (or is given up after a moment) before the matcher closes.
    await Promise.race([Promise.allSettled([...this.matching]), new Promise((r) => setTimeout(r, 2000).unref())]);
    (await this.matcher?.catch(() => undefined))?.close();
    if (this.options.ownsCluster) await this.options.cluster?.close?.();
    this.options.journal.close();
  }
}
