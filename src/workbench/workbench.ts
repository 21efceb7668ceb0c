// What the views see of an open investigation: the snapshot they draw and the intents they
// send. The views never do I/O themselves; the Session (./session.ts) implements it.
import type { CheckStatus, StepId } from '../model';
import type { StepDefinition } from '../plan/steps';
import type { Mechanism, Ranking } from '../mechanisms/rank';
import type { InvestigationState } from '../investigation/fold';
import type { LedgerIntents, LedgerResult } from '../investigation/ledger';
import type { FollowOutcome } from '../trace/follow';
import type { TailHandle, TailRequest } from '../logs/tail-handle';
import type { WorkloadListing } from '../kube/workloads';
import type { LogFileListing } from '../logs/plan-files';

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
