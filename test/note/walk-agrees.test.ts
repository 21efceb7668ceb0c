import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { foldAll } from '../../src/investigation/fold';
import type { JournalEvent } from '../../src/investigation/events';
import type { Evidence, Fact } from '../../src/model';
import { timelineOf } from '../../src/note/timeline';
import { sequenceDiagram } from '../../src/note/mermaid';
import { DEMO_TRACE_ID } from '../../src/demo/story';
import { mermaidBlocks, parseSequence } from './mermaid';
import { tempRoot } from './support';

// The note's timeline and diagram mark the first error and the stop where the walk's trace
// check put them, and draw a hop only where the trace id moved between services.

const fixtures = join(import.meta.dirname, '../../fixtures');

describe("the walk's first error is the note's", () => {
  // Real lines of the demo: the harness's refused span export (the trace module calls `failed`
  // an error) comes first here, the worker's OOM kill later.
  const refused: Evidence = {
    time: '2026-06-15T09:02:01.512Z',
    source: 'logs/e2e-harness.log:4',
    text: `time=2026-06-15T09:02:01.512Z level=warn svc=e2e-harness msg="span export failed: data refused due to high memory usage" endpoint=opentelemetry-kube-stack-deployment-collector.monitoring:4317 spans=3 run=1907 trace_id=${DEMO_TRACE_ID}`,
  };
  const settlement: Evidence = {
    time: '2026-06-15T09:02:03.412837890Z',
    source: 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)',
    text: `{"@timestamp":"2026-06-15T09:02:03.412Z","level":"INFO","message":"loading settlement batch","order_id":"ord_7Hc2Qm","trace_id":"${DEMO_TRACE_ID}","batch_size":50000}`,
  };
  const killed: Evidence = {
    time: '2026-06-15T09:02:13.000Z',
    source: 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)',
    text: 'container payments-worker terminated: OOMKilled (exit code 137)',
  };
  const fact = (kind: 'trace-stop' | 'trace-error', subject: string, e: Evidence): Fact => ({
    object: e.source,
    subject,
    kind,
    status: 'info',
    bucket: 'weak-observability',
    phrase: kind,
    time: e.time,
    evidence: [e],
  });
  const events: JournalEvent[] = [
    {
      id: 'a',
      at: '2026-12-05T08:00:00.000Z',
      author: 'ci',
      type: 'investigation.opened',
      title: 't',
      system: 'shop',
      mode: 'bundle',
      traceId: DEMO_TRACE_ID,
      traceServices: ['api-gateway', 'checkout', 'payments-worker'],
    },
    {
      id: 'b',
      at: '2026-12-05T08:00:01.000Z',
      author: 'ci',
      type: 'check.finished',
      step: 'observability',
      checkId: 'observability/trace',
      title: 'Follow the trace end to end',
      result: {
        status: 'fail',
        summary: 'first error at e2e-harness',
        evidence: [refused, settlement, killed],
        facts: [fact('trace-stop', 'payments-worker', settlement), fact('trace-error', 'e2e-harness', refused)],
        durationMs: 5,
      },
    },
  ];

  it('marks the line the walk named, not a later OOMKilled line the note would have judged the first error on its own', async () => {
    const timeline = timelineOf(foldAll('inv', events));
    expect(timeline.entries[timeline.firstError!]!.text).toBe(refused.text);
    expect(timeline.entries[timeline.stop!.index]!.text).toBe(settlement.text);
    const diagram = await parseSequence(sequenceDiagram(timeline)!);
    const notes = diagram.messages.filter((m) => m.type === 2).map((m) => m.message);
    const errors = notes.filter((n) => n.startsWith('first error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^first error 09:02:01 span export failed: data refused/);
  });

  it('names no first error when the walk found none on the trace', () => {
    const quiet = structuredClone(events);
    const finished = quiet[1] as Extract<JournalEvent, { type: 'check.finished' }>;
    finished.result.facts = finished.result.facts!.filter((f) => f.kind !== 'trace-error');
    expect(timelineOf(foldAll('inv', quiet)).firstError).toBeUndefined();
  });
});

describe('a second trace: the leftover-lock incident (real log lines of its bundle)', () => {
  let root: string;
  let cleanup: () => void;
  let note: string;
  let facts: Fact[];

  beforeAll(async () => {
    ({ root, cleanup } = tempRoot('triage-walk-agrees-'));
    const dir = join(fixtures, 'incidents/leftover-lock');
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (b: Buffer) => chunks.push(b));
    const io: Io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { USER: 'ci' }, cwd: root };
    await main(['run', '--bundle', join(dir, 'bundle'), '--plan', join(dir, 'triage.yaml'), '--investigation', 'inv'], io);
    note = Buffer.concat(chunks).toString('utf8');
    // What the walk recorded: its trace check's own facts.
    const journal = readFileSync(join(root, '.triage/investigations/inv.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JournalEvent);
    facts = foldAll('inv', journal).steps.observability.checks.find((c) => c.id === 'observability/trace')?.result?.facts ?? [];
  }, 120_000);
  afterAll(() => cleanup?.());

  it("marks the walk's first error and stop on the timeline", () => {
    const walkError = facts.find((f) => f.kind === 'trace-error')!.evidence[0]!;
    const walkStop = facts.find((f) => f.kind === 'trace-stop')!.evidence[0]!;
    const rows = note.slice(note.indexOf('## Timeline'), note.indexOf('```mermaid')).split('\n');
    const errorRows = rows.filter((r) => r.includes('← first error'));
    expect(errorRows).toHaveLength(1);
    expect(errorRows[0]!.startsWith(`${walkError.time} `)).toBe(true);
    expect(rows.find((r) => r.includes('trace stops here'))!.startsWith(`${walkStop.time} `)).toBe(true);
  });

  it('draws the hops the trace id made, labelled with the requests, and the crossed arrow to the worker it never reached', async () => {
    const diagram = await parseSequence(mermaidBlocks(note)[0]!);
    const name = (id: string) => diagram.actors[Number(id.slice(1)) - 1];
    expect(diagram.actors).toEqual(['e2e-billing', 'reconcile-api', 'reconcile-worker']);
    expect(diagram.messages.filter((m) => m.type === 0).map((m) => `${name(m.from)} -> ${name(m.to)}: ${m.message}`)).toEqual([
      'e2e-billing -> reconcile-api: 02:20:20 GET /healthz',
      'e2e-billing -> reconcile-api: 02:20:20 POST /v1/reconcile/runs',
    ]);
    expect(diagram.messages.filter((m) => m.type === 3).map((m) => `${name(m.from)} -> ${name(m.to)}: ${m.message}`)).toEqual([
      'reconcile-api -> reconcile-worker: never reached',
    ]);
    const notes = diagram.messages.filter((m) => m.type === 2).map((m) => `${name(m.from)}: ${m.message}`);
    expect(notes).toContain('reconcile-api: trace stops here 02:20:20 POST /v1/reconcile/runs → 409');
    expect(notes.some((n) => n.startsWith('e2e-billing: first error 02:20:18 reconcile-api not reachable yet'))).toBe(true);
  });
});
