import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { Parser, type Node } from 'commonmark';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import type { Session } from '../../src/workbench/session';
import { openTestSession, tempRoot } from './support';
import { mermaidBlocks, parseSequence } from './mermaid';
import { TRACE_SERVICES, WORKER_BUILD } from '../../src/demo/story';
import { REPLAY_KUBECONFIG, runnable } from '../../src/note/render';

// The demo walk (the real `triage demo --headless`), then a person's verdicts on top of
// its journal, then the note: its shape, its CommonMark, its mermaid diagram.

const SECTIONS = ['Mechanism', 'Evidence', 'Discrimination', 'Triage walk', 'What changed before onset', 'Timeline', 'Fix shape', 'Replay', 'Refs'];

let root: string;
let cleanup: () => void;
let session: Session;
let note: string;

async function demoWalk(cwd: string): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (b: Buffer) => chunks.push(b));
  const io: Io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { ...process.env, USER: 'ci' }, cwd };
  await main(['demo', '--headless', '--format', 'json'], io);
  return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { investigation: string }).investigation;
}

/** Pin the evidence line of a check that contains `text`, as a person does from the walk or the timeline. */
function pinLine(s: Session, checkId: string, text: string, from: 'evidence' | 'timeline' | 'log' = 'evidence'): string {
  const state = s.getSnapshot().state;
  const check = Object.values(state.steps)
    .flatMap((step) => step.checks)
    .find((c) => c.id === checkId);
  const index = check?.result?.evidence.findIndex((e) => e.text.includes(text)) ?? -1;
  if (!check || index < 0) throw new Error(`no evidence line with "${text}" in ${checkId}`);
  const e = check.result!.evidence[index]!;
  const pin = s.pinEvidence({ from, ref: `${checkId}#${index}`, step: check.step, text: e.text, source: e.source, time: e.time });
  if (!pin.ok) throw new Error(pin.refusal);
  return pin.id;
}

beforeAll(async () => {
  ({ root, cleanup } = tempRoot('triage-note-demo-'));
  const id = await demoWalk(root);
  session = openTestSession(root, id, 'alice', { trace: { services: [...TRACE_SERVICES] } });
  const firstError = pinLine(session, 'observability/trace', 'OOMKilled', 'timeline');
  const settlement = pinLine(session, 'observability/trace', 'loading settlement batch', 'timeline');
  const refused = pinLine(session, 'observability/trace', 'data refused', 'timeline');
  const deployed = pinLine(session, 'versions/deployed-payments-worker', 'deployed');
  const lock = pinLine(session, 'rerun/leftover-paths', 'e2e-run-1841.lock');
  const ok = (r: { ok: boolean; refusal?: string }) => {
    if (!r.ok) throw new Error(r.refusal);
  };
  ok(
    session.addHypothesis({
      bucket: 'resource-pressure',
      class: 'product',
      text: 'check the payments-worker heap, because it loads a settlement batch of 50000 at once',
    }),
  );
  ok(session.addHypothesis({ bucket: 'version-drift', class: 'environment', text: 'check the deployed SHA, because the memory fix was merged' }));
  ok(session.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check a race between checkout and the payments-worker on the order status' }));
  ok(session.addHypothesis({ bucket: 'replay-dedupe', class: 'environment', text: 'check the leftover lock of run 1841' }));
  ok(
    session.setVerdict({
      hypothesis: 'H1',
      verdict: 'PINNED',
      reason: 'card authorized, settlement batch loaded, OOM-killed 10 s later holding the trace',
      evidence: [settlement, firstError, refused],
      primary: true,
    }),
  );
  ok(session.setVerdict({ hypothesis: 'H2', verdict: 'PINNED', reason: 'the running image predates the fix', evidence: [deployed] }));
  ok(
    session.setVerdict({
      hypothesis: 'H3',
      verdict: 'NOT EVIDENCED',
      reason: 'the worker took the request 0.8 s after checkout sent it; nothing raced',
      evidence: [],
    }),
  );
  ok(session.setVerdict({ hypothesis: 'H4', verdict: 'EXONERATED', reason: 'the lock blocks reruns, not this run', evidence: [lock] }));
  ok(
    session.setMechanism({
      text: 'The payments-worker loads a whole settlement batch into a 460 MiB heap and is OOM-killed after authorizing the card, so the order stays PENDING_PAYMENT.',
    }),
  );
  ok(session.setFix('deploy the merged fix (9f3c2e1) that streams settlement batches; until then lower settlement.batch-size', 'payments team'));
  ok(session.setSeverity('SEV-2', 'staging only, no release block'));
  ok(session.setTitle('staging E2E red: the payments-worker is OOM-killed mid-payment'));
  note = readFileSync(await session.writeNote(), 'utf8');
}, 60_000);

afterAll(async () => {
  await session?.quit();
  cleanup();
});

function walk(node: Node, visit: (n: Node) => void): void {
  const walker = node.walker();
  for (let e = walker.next(); e; e = walker.next()) if (e.entering) visit(e.node);
}

describe('the note of the demo walk with verdicts', () => {
  it('has the RCA sections in order after the title and status line', () => {
    const headings: string[] = [];
    walk(new Parser().parse(note), (n) => {
      if (n.type === 'heading' && n.level <= 2) headings.push(`${n.level} ${n.firstChild?.literal ?? ''}`);
    });
    expect(headings).toEqual(['1 staging E2E red: the payments-worker is OOM-killed mid-payment', ...SECTIONS.map((s) => `2 ${s}`)]);
    expect(note).toMatch(
      /\*\*Status:\*\* mechanism pinned \(H1\), walk failing · \*\*Severity:\*\* SEV-2 \(assign an owner and post context within 4 hours\) · \*\*Trace:\*\* `4bf92f3577b34da6a3ce929d0e0e4736`/,
    );
    expect(note).toMatch(/\*\*Authors:\*\* ci, alice/);
  });

  it('is CommonMark with no raw HTML, and every code block is one the renderer meant', () => {
    const blocks: string[] = [];
    walk(new Parser().parse(note), (n) => {
      expect(n.type).not.toBe('html_block');
      expect(n.type).not.toBe('html_inline');
      if (n.type === 'code_block') blocks.push(n.info ?? '');
    });
    expect(new Set(blocks)).toEqual(new Set(['text', 'mermaid', 'sh']));
  });

  it('names the mechanism, the discrimination with verdicts and evidence, and the fix with its owner', () => {
    expect(note).toContain('The payments-worker loads a whole settlement batch into a 460 MiB heap');
    expect(note).toMatch(/- \*\*H1 — PINNED \(primary\)\*\* · `resource-pressure` · product: check the payments-worker heap/);
    expect(note).toMatch(/- \*\*H2 — PINNED \(secondary\)\*\*/);
    expect(note).toMatch(/- \*\*H4 — EXONERATED\*\* · `replay-dedupe`/);
    expect(note).toMatch(/- \*\*H3 — NOT EVIDENCED\*\*/);
    expect(note).toMatch(/ {2}- Evidence: E2, E1, E3/);
    expect(note).toContain('**Owner:** payments team');
    expect(note).toMatch(
      /- \*\*E1\*\* `2026-06-15T09:02:13\.000Z` `shop\/payments-worker-5c8d7b9f4-x7k2m\/payments-worker \(previous\)` `container payments-worker terminated: OOMKilled/,
    );
  });

  it("shows the timeline from the harness's log and the cluster's pods: where it stops, then the first error", () => {
    const rows = note.slice(note.indexOf('## Timeline'), note.indexOf('```mermaid')).split('\n');
    const row = (mark: string) => rows.find((r) => r.includes(`← ${mark}`)) ?? '';
    expect(row('trace stops here')).toMatch(/^2026-06-15T09:02:03\.412837890Z payments-worker +\{.*"message":"loading settlement batch"/);
    expect(row('first error')).toMatch(/^2026-06-15T09:02:13\.000Z +payments-worker +container payments-worker terminated: OOMKilled/);
    expect(rows.some((r) => /^2026-06-15T09:01:57\.903Z +e2e-harness +time=\S+ level=info svc=e2e-harness msg="test started"/.test(r))).toBe(true);
    expect(rows.some((r) => /^\S+ +api-gateway +\{"time":"[^"]+","level":"INFO","msg":"request","method":"POST","path":"\/api\/orders"/.test(r))).toBe(true);
    expect(note).toContain(
      'The trace stops at `payments-worker` in `shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)` at 2026-06-15T09:02:03.412837890Z.',
    );
  });

  it('has a mermaid sequence diagram the mermaid parser reads as the services, the hops the trace id made, the stop and the first error', async () => {
    const blocks = mermaidBlocks(note);
    expect(blocks).toHaveLength(1);
    const diagram = await parseSequence(blocks[0]!);
    // The order the walk says the trace crossed them.
    expect(diagram.actors).toEqual(['e2e-harness', 'api-gateway', 'checkout', 'e2e-checkout-flow', 'payments-worker']);
    const name = (id: string) => diagram.actors[Number(id.slice(1)) - 1];
    // A hop only where the id moved to the next service, labelled with the request; never to or from a context line.
    const hops = diagram.messages.filter((m) => m.type === 0).map((m) => `${name(m.from)} -> ${name(m.to)}: ${m.message}`);
    expect(hops).toEqual([
      'e2e-harness -> api-gateway: 09:01:58 POST /api/orders',
      'api-gateway -> checkout: 09:01:58 POST /api/orders',
      'checkout -> payments-worker: 09:01:59 payment request received',
    ]);
    const notes = diagram.messages.filter((m) => m.type === 2).map((m) => `${name(m.from)}: ${m.message}`);
    const stop = notes.findIndex((m) => /^payments-worker: trace stops here 09:02:03 loading settlement batch$/.test(m));
    const firstError = notes.findIndex((m) => /^payments-worker: first error 09:02:13 container payments-worker terminated: OOMKilled/.test(m));
    expect(stop).toBeGreaterThan(0);
    expect(firstError).toBe(stop + 1);
  });

  it('marks the first error and the stop where the walk put them: one source of truth for the walk, the timeline and the diagram', async () => {
    const facts = session.getSnapshot().state.steps.observability.checks.flatMap((c) => c.result?.facts ?? []);
    const walkError = facts.find((f) => f.kind === 'trace-error')!.evidence[0]!;
    const walkStop = facts.find((f) => f.kind === 'trace-stop')!.evidence[0]!;
    const rows = note.slice(note.indexOf('## Timeline'), note.indexOf('```mermaid')).split('\n');
    const marked = (mark: string) => rows.filter((r) => r.includes(`← ${mark}`) || r.includes(`; ${mark}`));
    expect(marked('first error')).toHaveLength(1);
    expect(marked('first error')[0]).toContain(`${walkError.time} `);
    expect(marked('first error')[0]).toContain(walkError.text.replace(/\s+/g, ' '));
    expect(marked('trace stops here')[0]).toContain(`${walkStop.time} `);
    const diagram = await parseSequence(mermaidBlocks(note)[0]!);
    const errorNote = diagram.messages.find((m) => m.type === 2 && m.message.startsWith('first error'))!;
    expect(errorNote.message).toContain(walkError.time!.slice(11, 19));
  });

  it('lists one replay command per failing check', () => {
    const state = session.getSnapshot().state;
    const failingWithReplay = Object.values(state.steps).flatMap((s) => s.checks.filter((c) => c.result?.status === 'fail' && c.result.replay));
    expect(failingWithReplay.length).toBeGreaterThan(0);
    // A bundle walk's kubectl lines reach the replay the note tells to start, not the walk's own (gone) one.
    for (const c of failingWithReplay) {
      const line = runnable(state, c.result!.replay!);
      expect(note).toContain(line);
      if (state.bundle && line.startsWith('kubectl')) expect(line).toContain(`--kubeconfig ${REPLAY_KUBECONFIG}`);
    }
  });
});

describe('follow-ups', () => {
  it('renders a written follow-up as a dated section, and later changes once the note was exported', async () => {
    expect(note).not.toContain('## Follow-ups');
    session.addFollowup(`Staging still runs ${WORKER_BUILD.sha.slice(0, 7)}: the image was published but no redeploy fired.`);
    session.setVerdict({ hypothesis: 'H3', verdict: 'EXONERATED', reason: 'node CPU under 40% through the window', evidence: ['E2'] });
    const before = session.previewNote();
    const written = before.slice(before.indexOf('## Follow-ups'));
    expect(written).toMatch(
      /^## Follow-ups\n\n### Follow-up — \d{4}-\d\d-\d\d \d\d:\d\d UTC \(alice\)\n\n- Staging still runs 5e1d2c4: the image was published but no redeploy fired\.\n\n?$/,
    );
    session.record({
      type: 'export.linked',
      tracker: 'github',
      apiUrl: 'https://api.github.com',
      repo: 'acme/shop',
      issue: 12,
      url: 'https://github.com/acme/shop/issues/12',
      created: 'issue',
      followupComments: [],
      through: session.eventsSoFar().at(-1)!.id,
    });
    session.setSeverity('SEV-1', 'now blocks the release cut');
    const after = session.previewNote();
    expect(after.match(/### Follow-up — /g)).toHaveLength(2);
    expect(after).toContain('- **Severity** → SEV-1 (assign an owner and post incident context within 30 minutes): now blocks the release cut');
    expect(after).not.toContain('NOT EVIDENCED → **EXONERATED**');
    expect(after).toContain('- github acme/shop#12: https://github.com/acme/shop/issues/12');
  });
});
