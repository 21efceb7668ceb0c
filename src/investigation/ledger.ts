import { createHash } from 'node:crypto';
import { BUCKETS, CLASSES, type Bucket, type ProblemClass, type StepId } from '../model';
import type { NewEvent } from './events';
import type { InvestigationState } from './fold';
import {
  INCIDENT_SEVERITIES,
  type IncidentSeverity,
  type Ledger,
  type PinOrigin,
  type HypothesisVerdict,
  HYPOTHESIS_VERDICTS,
  primaryHypothesis,
} from './ledger-state';

// The verdict ledger's rules. Each intent is decided against the current state: either
// the event to append, or a refusal that says what is missing. Reference 003's rule
// lives here: "flaky" needs a named mechanism or an explicit "not yet named".

type Decision = { ok: true; id: string; event?: NewEvent } | { ok: false; refusal: string };
/** What an intent returns to the views: the id of what it made, or why nothing was made. */
export type LedgerResult = { ok: true; id: string } | { ok: false; refusal: string };

export interface PinInput {
  from: PinOrigin;
  ref: string;
  step?: StepId;
  text: string;
  source: string;
  time?: string;
}

export interface HypothesisInput {
  bucket: Bucket;
  class: ProblemClass;
  text: string;
  /** A signature id when the hypothesis comes from the matcher; `person` otherwise. */
  from?: string;
  next?: string;
  replay?: string;
}

interface VerdictInput {
  hypothesis: string;
  verdict: HypothesisVerdict;
  reason: string;
  /** Pinned evidence, by id or label (`E2`). */
  evidence?: readonly string[];
  primary?: boolean;
}

type MechanismInput = { text: string } | { missing: string };

const FLAKY = /(?<![a-z])(?:flaky|flakes?|flakiness|flaking)(?![a-z])/i;
const FILLER = new Set([
  'a',
  'an',
  'the',
  'is',
  'it',
  'its',
  'was',
  'test',
  'tests',
  'e2e',
  'just',
  'again',
  'probably',
  'maybe',
  'seems',
  'looks',
  'very',
  'bit',
  'run',
  'ci',
  'and',
  'or',
]);

function refuse(refusal: string): Decision {
  return { ok: false, refusal };
}

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 10);
}

/** Does the text say what happened, beyond the word "flaky"? At least three words of substance. */
function namesMechanism(text: string): boolean {
  const words = text
    .replace(new RegExp(FLAKY.source, 'gi'), ' ')
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter((w) => w.length > 1 && !FILLER.has(w));
  return words.length >= 3;
}

/** Refusal for a text that calls the failure flaky while the ledger has no mechanism, named or explicitly not yet named. */
export function flakyRefusal(ledger: Ledger, text: string, what: string): string | undefined {
  if (!FLAKY.test(text) || ledger.mechanism) return undefined;
  return (
    `${what} calls the failure "flaky", but no mechanism is recorded. Missing: a named mechanism ` +
    `(what races, times out or depends on what), or the mechanism set explicitly as "not yet named" ` +
    `with what is missing to name it. There is no such thing as a flake: every intermittent failure has a cause that can be named.`
  );
}

function oneLine(text: string, what: string, required: boolean): string | undefined {
  const t = text.trim();
  if (required && t === '') return `${what} is missing: give one line saying why`;
  if (/[\r\n]/.test(t)) return `${what} must be one line`;
  return undefined;
}

function findHypothesis(ledger: Ledger, idOrLabel: string) {
  return ledger.hypotheses.find((h) => h.id === idOrLabel || h.label === idOrLabel);
}

function findPinned(ledger: Ledger, idOrLabel: string) {
  return ledger.pinned.find((p) => p.id === idOrLabel || p.label === idOrLabel);
}

/** The id a line gets when pinned: the same line always gets the same id. */
export function pinIdOf(pin: Pick<PinInput, 'from' | 'ref' | 'text'>): string {
  return `e-${shortHash(pin.from, pin.ref, pin.text)}`;
}

/** Pin a line as evidence; pinning the same line twice gives the same id. */
function decidePin(state: InvestigationState, pin: PinInput): Decision {
  if (pin.text.trim() === '') return refuse('nothing to pin: the line is empty');
  if (pin.source.trim() === '') return refuse('a pinned line needs its source (pod/container, file, endpoint)');
  const id = pinIdOf(pin);
  if (state.ledger.pinned.some((p) => p.id === id)) return { ok: true, id };
  return { ok: true, id, event: { type: 'evidence.pinned', evidenceId: id, ...pin } };
}

function decideHypothesis(state: InvestigationState, input: HypothesisInput): Decision {
  const text = input.text.trim();
  if (text === '') return refuse('a hypothesis needs its text: "check X because Y"');
  if (!(BUCKETS as readonly string[]).includes(input.bucket)) return refuse(`unknown bucket "${input.bucket}"`);
  if (!(CLASSES as readonly string[]).includes(input.class)) return refuse(`unknown class "${input.class}"`);
  const flaky = flakyRefusal(state.ledger, text, 'The hypothesis');
  if (flaky) return refuse(flaky);
  const from = input.from ?? 'person';
  // Adopting the same signature twice (or two people adopting it at once) is one hypothesis.
  const id = from === 'person' ? `h-${shortHash(input.bucket, text)}` : `sig-${from}`;
  if (findHypothesis(state.ledger, id)) return { ok: true, id };
  return {
    ok: true,
    id,
    event: { type: 'hypothesis.added', hypothesisId: id, bucket: input.bucket, class: input.class, text, from, next: input.next, replay: input.replay },
  };
}

function decideVerdict(state: InvestigationState, input: VerdictInput): Decision {
  const { ledger } = state;
  const hypothesis = findHypothesis(ledger, input.hypothesis);
  if (!hypothesis) return refuse(`no hypothesis "${input.hypothesis}"`);
  if (!(HYPOTHESIS_VERDICTS as readonly string[]).includes(input.verdict))
    return refuse(`unknown verdict "${input.verdict}" (${HYPOTHESIS_VERDICTS.join(', ')})`);
  const decisive = input.verdict === 'PINNED' || input.verdict === 'EXONERATED';
  const reasonProblem = oneLine(input.reason, `The reason for ${input.verdict} ${hypothesis.label}`, decisive);
  if (reasonProblem) return refuse(reasonProblem);
  const evidence: string[] = [];
  for (const ref of input.evidence ?? []) {
    const pinned = findPinned(ledger, ref);
    if (!pinned) return refuse(`evidence "${ref}" is not pinned: pin it first (from a check, a log tail or the timeline)`);
    if (!evidence.includes(pinned.id)) evidence.push(pinned.id);
  }
  if (decisive && evidence.length === 0) {
    return refuse(
      `${input.verdict} ${hypothesis.label} needs at least one piece of pinned evidence (a check result, an evidence line or a timeline entry). ` +
        (ledger.pinned.length === 0 ? 'Nothing is pinned yet.' : `Pinned so far: ${ledger.pinned.map((p) => p.label).join(', ')}.`),
    );
  }
  const primary = input.primary ?? false;
  if (primary && input.verdict !== 'PINNED')
    return refuse(`only a PINNED hypothesis can be the primary mechanism (${hypothesis.label} would be ${input.verdict})`);
  const current = primaryHypothesis(ledger);
  if (primary && current && current.id !== hypothesis.id) {
    return refuse(
      `${current.label} is already the primary mechanism; only one can be: pin ${hypothesis.label} as secondary, or make ${current.label} secondary first`,
    );
  }
  const flaky = flakyRefusal(ledger, input.reason, `The reason for ${input.verdict} ${hypothesis.label}`);
  if (flaky) return refuse(flaky);
  return {
    ok: true,
    id: hypothesis.id,
    event: { type: 'hypothesis.verdict', hypothesisId: hypothesis.id, verdict: input.verdict, reason: input.reason.trim(), evidence, primary },
  };
}

function decideMechanism(state: InvestigationState, input: MechanismInput): Decision {
  if ('missing' in input) {
    const missing = input.missing.trim();
    if (missing === '') return refuse('"not yet named" needs what is missing to name it (e.g. the failing run\'s logs, captured before a rerun)');
    return { ok: true, id: 'mechanism', event: { type: 'mechanism.set', mechanism: { status: 'not-yet-named', missing } } };
  }
  const text = input.text.trim();
  if (text === '') return refuse('the mechanism is empty: name it, or set it as not yet named with what is missing');
  if (FLAKY.test(text) && !namesMechanism(text)) {
    return refuse(
      '"flaky" is not a mechanism. Missing: what races, times out or depends on what — or set the mechanism as "not yet named" with what is missing: a flaky failure still has a cause.',
    );
  }
  return { ok: true, id: 'mechanism', event: { type: 'mechanism.set', mechanism: { status: 'named', text } } };
}

function decideFix(_state: InvestigationState, lever: string, owner: string): Decision {
  if (lever.trim() === '') return refuse('the fix shape is missing: what lever changes the outcome');
  if (owner.trim() === '') return refuse('the fix shape needs an owner: a team, a person or a component owner');
  return { ok: true, id: 'fix', event: { type: 'fix.set', lever: lever.trim(), owner: owner.trim() } };
}

function decideTitle(state: InvestigationState, title: string): Decision {
  const problem = oneLine(title, 'The title', true);
  if (problem) return refuse(problem);
  const flaky = flakyRefusal(state.ledger, title, 'The title');
  if (flaky) return refuse(flaky);
  return { ok: true, id: 'title', event: { type: 'title.set', title: title.trim() } };
}

function decideSeverity(state: InvestigationState, level: IncidentSeverity, reason?: string): Decision {
  if (!(INCIDENT_SEVERITIES as readonly string[]).includes(level)) return refuse(`severity must be one of ${INCIDENT_SEVERITIES.join(', ')}`);
  const problem = oneLine(reason ?? '', 'The severity reason', false);
  if (problem) return refuse(problem);
  const flaky = flakyRefusal(state.ledger, reason ?? '', 'The severity reason');
  if (flaky) return refuse(flaky);
  return { ok: true, id: level, event: { type: 'severity.set', severity: level, reason: reason?.trim() || undefined } };
}

function decideFollowup(state: InvestigationState, text: string): Decision {
  if (text.trim() === '') return refuse('the follow-up is empty');
  const flaky = flakyRefusal(state.ledger, text, 'The follow-up');
  if (flaky) return refuse(flaky);
  return { ok: true, id: 'followup', event: { type: 'followup.added', text: text.trim() } };
}

/** Append the decided event, if any, through `record`; hand the views the id or the refusal. */
function applyDecision(decision: Decision, record: (event: NewEvent) => unknown): LedgerResult {
  if (!decision.ok) return decision;
  if (decision.event) record(decision.event);
  return { ok: true, id: decision.id };
}

/** The ledger's intents as the workbench offers them; each answers with an id or a refusal. */
export interface LedgerIntents {
  pinEvidence(pin: PinInput): LedgerResult;
  addHypothesis(input: HypothesisInput): LedgerResult;
  setVerdict(input: VerdictInput): LedgerResult;
  setMechanism(input: MechanismInput): LedgerResult;
  setFix(lever: string, owner: string): LedgerResult;
  setTitle(title: string): LedgerResult;
  setSeverity(level: IncidentSeverity, reason?: string): LedgerResult;
  addFollowup(text: string): LedgerResult;
}

/** Bind the intents to a state and a journal writer (the Session's). */
export function ledgerIntents(state: () => InvestigationState, record: (event: NewEvent) => unknown): LedgerIntents {
  const apply = (decision: Decision) => applyDecision(decision, record);
  return {
    pinEvidence: (pin) => apply(decidePin(state(), pin)),
    addHypothesis: (input) => apply(decideHypothesis(state(), input)),
    setVerdict: (input) => apply(decideVerdict(state(), input)),
    setMechanism: (input) => apply(decideMechanism(state(), input)),
    setFix: (lever, owner) => apply(decideFix(state(), lever, owner)),
    setTitle: (title) => apply(decideTitle(state(), title)),
    setSeverity: (level, reason) => apply(decideSeverity(state(), level, reason)),
    addFollowup: (text) => apply(decideFollowup(state(), text)),
  };
}
