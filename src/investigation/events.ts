import { z } from 'zod';
import { BUCKETS, CHECK_STATUSES, CLASSES, FACT_KINDS, SEVERITIES, STEP_IDS } from '../model';
import { INCIDENT_SEVERITIES, PIN_ORIGINS, HYPOTHESIS_VERDICTS } from '../model/ledger';
import { TRACKERS } from '../trackers/registry';

// The journal's events. Every line of `.triage/investigations/<id>.ndjson` is one of
// these, parsed here at the boundary; the fold trusts them.

const stepId = z.enum(STEP_IDS);
const checkStatus = z.enum(CHECK_STATUSES);

const evidenceSchema = z.object({ text: z.string(), source: z.string(), time: z.string().optional() });

const factSchema = z.object({
  object: z.string(),
  subject: z.string(),
  namespace: z.string().optional(),
  kind: z.enum(FACT_KINDS),
  status: z.enum(['fail', 'warn', 'info']),
  bucket: z.enum(BUCKETS),
  class: z.enum(CLASSES).optional(),
  phrase: z.string(),
  time: z.string().optional(),
  evidence: z.array(evidenceSchema),
  replay: z.string().optional(),
  count: z.number().optional(),
  ref: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
  severity: z.enum(SEVERITIES).optional(),
  advice: z.object({ hypothesis: z.string(), next: z.string(), remediation: z.string().optional() }).optional(),
  related: z.array(z.string()).optional(),
});

const checkResultSchema = z.object({
  status: checkStatus,
  summary: z.string(),
  evidence: z.array(evidenceSchema),
  replay: z.string().optional(),
  bucket: z.enum(BUCKETS).optional(),
  facts: z.array(factSchema).optional(),
  durationMs: z.number(),
});

const envelope = {
  /** Unique per event, so two writers never collide and replays can dedupe. */
  id: z.string(),
  at: z.string(),
  author: z.string(),
};

export const journalEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('investigation.opened'),
    title: z.string(),
    system: z.string(),
    mode: z.enum(['live', 'bundle', 'demo']),
    traceId: z.string().optional(),
    /** The plan's service order for the trace, so a note rendered later places the stop the same way. */
    traceServices: z.array(z.string()).optional(),
    /** The bundle the walk read, so its kubectl replays can be reached again. */
    bundle: z.string().optional(),
    /** The bundle's capture time: the end of the incident's window, however late the walk runs. */
    capturedAt: z.string().optional(),
    /** Set when nobody gave a title: `title` is then this scope's, derived from the walk until a person sets one. */
    titleScope: z.string().optional(),
    /** The command that serves the walk's local endpoints again (the demo's), for the note's replay lines that reach them. */
    serve: z.string().optional(),
  }),
  /** Another trace to follow — a resumed walk's `--trace ID`, or one given in the workbench (`i`); the latest wins and the note names it. */
  z.object({ ...envelope, type: z.literal('trace.set'), traceId: z.string().min(1), traceServices: z.array(z.string()).optional() }),
  z.object({ ...envelope, type: z.literal('check.started'), step: stepId, checkId: z.string(), title: z.string() }),
  z.object({
    ...envelope,
    type: z.literal('check.finished'),
    step: stepId,
    checkId: z.string(),
    title: z.string(),
    result: checkResultSchema,
  }),
  z.object({ ...envelope, type: z.literal('step.verdict'), step: stepId, status: checkStatus, reason: z.string() }),
  z.object({ ...envelope, type: z.literal('finding.added'), step: stepId, text: z.string() }),
  z.object({ ...envelope, type: z.literal('note.written'), path: z.string() }),
  z.object({ ...envelope, type: z.literal('investigation.closed'), reason: z.string().optional() }),
  // One per call an agent makes through `triage mcp`, whatever it did: a pairing partner sees its steps live.
  z.object({ ...envelope, type: z.literal('agent.called'), tool: z.string(), outcome: z.enum(['ok', 'refused', 'failed']), summary: z.string() }),
  // The verdict ledger (ledger-state.ts folds these; ledger.ts validates the intents behind them).
  z.object({
    ...envelope,
    type: z.literal('evidence.pinned'),
    evidenceId: z.string(),
    from: z.enum(PIN_ORIGINS),
    ref: z.string(),
    step: stepId.optional(),
    text: z.string(),
    source: z.string(),
    time: z.string().optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('hypothesis.added'),
    hypothesisId: z.string(),
    bucket: z.enum(BUCKETS),
    class: z.enum(CLASSES),
    text: z.string(),
    from: z.string(),
    next: z.string().optional(),
    replay: z.string().optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('hypothesis.verdict'),
    hypothesisId: z.string(),
    verdict: z.enum(HYPOTHESIS_VERDICTS),
    reason: z.string(),
    evidence: z.array(z.string()),
    primary: z.boolean(),
  }),
  z.object({
    ...envelope,
    type: z.literal('mechanism.set'),
    mechanism: z.discriminatedUnion('status', [
      z.object({ status: z.literal('named'), text: z.string() }),
      z.object({ status: z.literal('not-yet-named'), missing: z.string() }),
    ]),
  }),
  z.object({ ...envelope, type: z.literal('fix.set'), lever: z.string(), owner: z.string() }),
  z.object({ ...envelope, type: z.literal('title.set'), title: z.string() }),
  z.object({ ...envelope, type: z.literal('severity.set'), severity: z.enum(INCIDENT_SEVERITIES), reason: z.string().optional() }),
  z.object({ ...envelope, type: z.literal('followup.added'), text: z.string() }),
  z.object({
    ...envelope,
    type: z.literal('export.linked'),
    tracker: z.enum(TRACKERS),
    apiUrl: z.string(),
    repo: z.string(),
    issue: z.number().int(),
    url: z.string(),
    created: z.enum(['issue', 'comment']),
    commentId: z.number().int().optional(),
    followupComments: z.array(z.number().int()),
    through: z.string(),
  }),
]);

export type JournalEvent = z.infer<typeof journalEventSchema>;

/** An event before the journal stamps it with id, time and author. */
export type NewEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'id' | 'at' | 'author'> : never) : never;
