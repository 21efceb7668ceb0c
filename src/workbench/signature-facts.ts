// The signatures over what the checks show: every line a failing check shows goes through the
// signature matcher (started in a worker the first time there is evidence to match, after the
// first frame) before it is recorded; each signature that fires becomes a fact about the object
// the line is about.
import type { Check, SignatureLine } from '../checks/types';
import type { CheckResult, Evidence, Fact } from '../model';
import type { Plan } from '../plan/schema';
import { aboutSource } from '../signatures/line-about';
import type { SignatureMatcher } from '../investigation/suggest-worker';

export interface SignatureFactsOptions {
  root: string;
  /** Extra signature directories (`--signatures`), beside the built-in library and `.triage/signatures`. */
  dirs: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  plan: Plan;
  /** Tells the person what could not be loaded or matched. */
  notify: (notice: string) => void;
  /** Match in this thread instead of a worker when the library is cached: nothing is drawn while it matches (headless). */
  inThread?: boolean;
}

export class SignatureFacts {
  private matcher?: Promise<SignatureMatcher>;

  constructor(private readonly options: SignatureFactsOptions) {}

  /** The signature matcher, started the first time there is evidence to match (after the first frame). */
  private start(): Promise<SignatureMatcher> {
    const { root, dirs, env, notify, inThread } = this.options;
    this.matcher ??= import('../investigation/suggest-worker').then((m) =>
      m.startMatcher(
        root,
        dirs,
        env,
        (problems) => {
          for (const p of problems) notify(`signatures: ${p}`);
        },
        inThread ? 'thread-if-cached' : 'worker',
      ),
    );
    return this.matcher;
  }

  private replayDefaults(): { namespace?: string; trace?: string } {
    const plan = this.options.plan;
    return { ...(plan.namespaces[0] ? { namespace: plan.namespaces[0] } : {}), ...(plan.traceId ? { trace: plan.traceId } : {}) };
  }

  /** The facts the signatures find in these lines (for a check that matches inside). */
  facts(lines: SignatureLine[]): Promise<Fact[]> {
    return this.start().then((m) => m.facts(lines, this.replayDefaults()));
  }

  /**
   * The result with a fact for each signature that fires on its lines (the check's own fact
   * that shows the line, else what its source names, says what it is about).
   */
  async withFacts(check: Check<Plan>, result: CheckResult, signal?: AbortSignal): Promise<CheckResult> {
    if (check.matchedInside || result.status === 'pass' || result.status === 'skip' || signal?.aborted) return result;
    const own = result.facts ?? [];
    let found: Fact[];
    try {
      found = await untilAborted(this.facts(signatureLinesOf(check, result)), signal);
    } catch (error) {
      // A quit does not wait for the matcher (its worker may still be starting): the result is recorded as it came.
      if (signal?.aborted) return result;
      this.options.notify(`signatures could not be matched on ${check.id}: ${(error as Error).message}`);
      return result;
    }
    return found.length ? { ...result, facts: [...own, ...found] } : result;
  }

  /** Closes the matcher's worker, if it was started. */
  async close(): Promise<void> {
    (await this.matcher?.catch(() => undefined))?.close();
  }
}

/** The promise's outcome, or a rejection as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Every evidence line, then the result's summary: each line with the object, subject and
 * namespace of the check's own fact that shows it (else what its source names).
 */
function signatureLinesOf(check: Check<Plan>, result: CheckResult): SignatureLine[] {
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
      : [
          {
            text: result.summary,
            source: lead?.object ?? check.id,
            ...(lead ? { object: lead.object, subject: lead.subject, ...(lead.namespace ? { namespace: lead.namespace } : {}) } : {}),
          },
        ];
  const lines = [...result.evidence.map((e) => ({ ...e, ...aboutLine(e) })), ...summary];
  return result.status === 'error' ? lines.map((l) => ({ ...l, guess: false as const })) : lines;
}
