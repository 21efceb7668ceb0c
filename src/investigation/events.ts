import { z } from 'zod';
import { BUCKETS, CHECK_STATUSES, STEP_IDS } from '../model';

// The journal's events. Every line of `.triage/investigations/<id>.ndjson` is one of
// these, parsed here at the boundary; the fold trusts them.

const stepId = z.enum(STEP_IDS);
const checkStatus = z.enum(CHECK_STATUSES);

export const evidenceSchema = z.object({ text: z.string(), source: z.string(), time: z.string().optional() });

export const checkResultSchema = z.object({
  status: checkStatus,
  summary: z.string(),
  evidence: z.array(evidenceSchema),
  replay: z.string().optional(),
  bucket: z.enum(BUCKETS).optional(),
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
  }),
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
]);

export type JournalEvent = z.infer<typeof journalEventSchema>;
export type JournalEventType = JournalEvent['type'];

/** An event before the journal stamps it with id, time and author. */
export type NewEvent = JournalEvent extends infer E
  ? E extends JournalEvent
    ? Omit<E, 'id' | 'at' | 'author'>
    : never
  : never;
