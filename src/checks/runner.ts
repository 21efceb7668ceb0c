import type { Bucket, CheckOutcome, CheckResult, Fact, StepId } from '../model';
import { formatDuration } from '../model/duration';
import type { Check, CheckContext, CheckPlan } from './types';

export interface RunOptions<P extends CheckPlan = CheckPlan> {
  /** How many checks run at once. */
  concurrency: number;
  /** Deadline of a check that sets none itself. */
  defaultTimeoutMs: number;
  /** Aborting it cancels every running check (quit, Ctrl-C). */
  signal?: AbortSignal;
  context: Omit<CheckContext<P>, 'signal' | 'timeoutMs'>;
  onStart?: (check: Check<P>) => void;
  /** May return a promise: the run waits for it (the walk matches a result's lines before recording it). */
  onFinish?: (check: Check<P>, result: CheckResult) => void | Promise<void>;
}

class DeadlineError extends Error {}

/** Why a check could not run, in words a person can act on. */
function describeError(error: unknown): string {
  if (error instanceof DeadlineError) return error.message;
  const e = error as NodeJS.ErrnoException & { shortMessage?: string; path?: string };
  if (e && e.code === 'ENOENT' && (e as { syscall?: string }).syscall?.startsWith('spawn')) {
    return `binary not found: ${e.path ?? 'unknown'}`;
  }
  if (e && typeof e.shortMessage === 'string') return e.shortMessage;
  if (e instanceof Error) return e.message || e.name;
  return String(error);
}

/** How long a check told its deadline passed may take to hand in its own result. */
const DEADLINE_GRACE_MS = 1000;

/**
 * Run one check under a deadline. The check gets an AbortSignal; a check that ignores
 * it still yields an `error` result at the deadline, so nothing here can hang.
 */
export async function runOne<P extends CheckPlan>(check: Check<P>, options: Omit<RunOptions<P>, 'concurrency' | 'onStart' | 'onFinish'>): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? options.defaultTimeoutMs;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  // Cancelled before it started (a quit while checks were still queued): not run at all. Run
  // with an aborted signal, its deadline would never hear the abort and the quit waited for it.
  if (options.signal?.aborted) return { status: 'error', summary: describeError(new DeadlineError('cancelled')), evidence: [], durationMs: 0 };
  const onOuterAbort = () => controller.abort(new DeadlineError('cancelled'));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const timedOut = new DeadlineError(`timed out after ${formatDuration(timeoutMs)}`);
  // Named as AbortSignal.timeout names its abort, so what the check runs (a process) can tell
  // its deadline passing, when it still owes an answer, from a cancel.
  timedOut.name = 'TimeoutError';
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut);
      // Told its time is up, a check may still answer with what it had (a killed process's
      // output, the pods listed so far) — on a loaded machine that answer can be late by a
      // few hundred ms. A bounded grace, so nothing can hang.
      timer = setTimeout(() => reject(timedOut), DEADLINE_GRACE_MS);
    }, timeoutMs);
    // Cancelled from outside (quit): no grace.
    controller.signal.addEventListener('abort', () => controller.signal.reason !== timedOut && reject(controller.signal.reason), { once: true });
  });

  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([Promise.resolve().then(() => check.run({ ...options.context, signal: controller.signal, timeoutMs })), deadline]);
  } catch (error) {
    outcome = { status: 'error', summary: describeError(controller.signal.aborted ? (controller.signal.reason ?? error) : error), evidence: [] };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    // Let a still-running check know it is abandoned.
    if (!controller.signal.aborted) controller.abort(new DeadlineError('finished'));
  }
  return { ...withFacts(check, outcome), durationMs: Math.round(performance.now() - started) };
}

/** The bucket a failing check of a step points at when it names none. */
const STEP_BUCKET: Record<StepId, Bucket> = {
  contract: 'stale-contract',
  environment: 'environment-not-ready',
  versions: 'version-drift',
  'auth-config': 'auth-config-mismatch',
  rerun: 'replay-dedupe',
  'data-path': 'missing-result-data',
  observability: 'weak-observability',
};

/**
 * A failing or warning result that states no facts is one fact about what the check
 * looks at: its subject (the plan's name for it, else the check's own name) and summary.
 */
function withFacts(check: Check, outcome: CheckOutcome): CheckOutcome {
  if (outcome.facts || (outcome.status !== 'fail' && outcome.status !== 'warn')) return outcome;
  const name = check.id.slice(check.id.indexOf('/') + 1);
  const time = outcome.evidence.reduce<string | undefined>((t, e) => (e.time && (!t || Date.parse(e.time) > Date.parse(t)) ? e.time : t), undefined);
  const fact: Fact = {
    object: check.about?.object ?? check.id,
    subject: check.about?.subject ?? name,
    kind: check.about?.kind ?? 'other',
    status: outcome.status,
    bucket: outcome.bucket ?? STEP_BUCKET[check.step],
    phrase: outcome.summary,
    ...(time ? { time } : {}),
    evidence: outcome.evidence.slice(0, 3),
    ...(outcome.replay ? { replay: outcome.replay } : {}),
  };
  return { ...outcome, facts: [fact] };
}

/** Run checks with at most `concurrency` at once; results arrive through `onFinish` and the returned array. */
export async function runChecks<P extends CheckPlan>(checks: readonly Check<P>[], options: RunOptions<P>): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const index = next++;
      const check = checks[index]!;
      // A turn of the event loop between checks: a walk of synchronous checks (a bundle's)
      // would otherwise run as one chain of microtasks, with no key or frame between them.
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.onStart?.(check);
      const result = await runOne(check, options);
      results[index] = result;
      await options.onFinish?.(check, result);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, checks.length)) }, worker);
  await Promise.all(workers);
  return results;
}
