import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../src/workbench/session';
import { fixedCheck, openTestSession, tempRoot } from './support';

let root: string;
let cleanup: () => void;
let sessions: Session[] = [];

beforeEach(() => {
  ({ root, cleanup } = tempRoot());
});
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.quit()));
  sessions = [];
  cleanup();
});

function session(id = 'inv', author = 'alice'): Session {
  const s = openTestSession(root, id, author, {}, [
    fixedCheck('environment', 'worker-health', 'fail', 'GET /healthz → 503', [
      { text: 'agent origin unhealthy: 503 from upstream, restart triggered', source: 'http GET http://worker/healthz', time: '2026-06-15T08:33:46Z' },
    ]),
  ]);
  sessions.push(s);
  return s;
}

function refused(result: { ok: boolean; refusal?: string }): string {
  expect(result.ok).toBe(false);
  return (result as { refusal: string }).refusal;
}

function journalTypes(id = 'inv'): string[] {
  return readFileSync(join(root, '.triage/investigations', `${id}.ndjson`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { type: string }).type);
}

async function withPinnedLine(s: Session) {
  await s.runChecksOf(['environment']);
  const check = s.getSnapshot().state.steps.environment.checks[0]!;
  const e = check.result!.evidence[0]!;
  const pin = s.pinEvidence({ from: 'evidence', ref: `${check.id}#0`, step: 'environment', ...e });
  expect(pin.ok).toBe(true);
  return pin.ok ? pin.id : '';
}

describe('verdict ledger', () => {
  it('refuses PINNED without pinned evidence and says what is missing', () => {
    const s = session();
    const h = s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger because one 503 restarts the worker' });
    expect(h.ok).toBe(true);
    const why = refused(s.setVerdict({ hypothesis: 'H1', verdict: 'PINNED', reason: 'the worker restarts itself on one 503' }));
    expect(why).toMatch(/PINNED H1 needs at least one piece of pinned evidence/);
    expect(why).toMatch(/Nothing is pinned yet/);
    expect(journalTypes()).not.toContain('hypothesis.verdict');
  });

  it('refuses EXONERATED without a one-line reason', async () => {
    const s = session();
    const e = await withPinnedLine(s);
    s.addHypothesis({ bucket: 'resource-pressure', class: 'environment', text: 'check CPU starvation on the node' });
    expect(refused(s.setVerdict({ hypothesis: 'H1', verdict: 'EXONERATED', reason: '  ', evidence: [e] }))).toMatch(/reason .* is missing/);
    expect(refused(s.setVerdict({ hypothesis: 'H1', verdict: 'EXONERATED', reason: 'two\nlines', evidence: [e] }))).toMatch(/must be one line/);
  });

  it('records PINNED with evidence and reason, and the verdict survives a restart of the session', async () => {
    const s = session();
    const e = await withPinnedLine(s);
    s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger' });
    expect(s.setVerdict({ hypothesis: 'H1', verdict: 'PINNED', reason: 'one 503 restarted a healthy worker', evidence: ['E1'], primary: true }).ok).toBe(true);
    await s.quit();
    sessions = sessions.filter((x) => x !== s);
    const again = session();
    const h = again.getSnapshot().state.ledger.hypotheses[0]!;
    expect(h).toMatchObject({ label: 'H1', verdict: 'PINNED' });
    expect(h.history.at(-1)).toMatchObject({ primary: true, evidence: [e], reason: 'one 503 restarted a healthy worker', author: 'alice' });
  });

  it('refuses evidence that was never pinned', () => {
    const s = session();
    s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger' });
    expect(refused(s.setVerdict({ hypothesis: 'H1', verdict: 'PINNED', reason: 'x', evidence: ['E7'] }))).toMatch(/evidence "E7" is not pinned/);
  });

  it('allows only one primary mechanism', async () => {
    const s = session();
    const e = await withPinnedLine(s);
    s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger' });
    s.addHypothesis({ bucket: 'version-drift', class: 'environment', text: 'check the deployed SHA' });
    expect(s.setVerdict({ hypothesis: 'H1', verdict: 'PINNED', reason: 'restart on one 503', evidence: [e], primary: true }).ok).toBe(true);
    expect(refused(s.setVerdict({ hypothesis: 'H2', verdict: 'PINNED', reason: 'old image', evidence: [e], primary: true }))).toMatch(
      /H1 is already the primary mechanism/,
    );
    expect(s.setVerdict({ hypothesis: 'H2', verdict: 'PINNED', reason: 'old image', evidence: [e], primary: false }).ok).toBe(true);
    expect(refused(s.setVerdict({ hypothesis: 'H2', verdict: 'EXONERATED', reason: 'x', evidence: [e], primary: true }))).toMatch(/only a PINNED/);
  });

  it('refuses "flaky" without a mechanism, and accepts it once the mechanism is explicitly not yet named', async () => {
    const s = session();
    const e = await withPinnedLine(s);
    s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger' });
    const why = refused(s.setVerdict({ hypothesis: 'H1', verdict: 'NOT EVIDENCED', reason: 'just flaky', evidence: [e] }));
    expect(why).toMatch(/calls the failure "flaky", but no mechanism is recorded\. Missing: a named mechanism/);
    expect(refused(s.setTitle('flaky E2E again'))).toMatch(/Missing: a named mechanism/);
    expect(refused(s.setMechanism({ text: 'flaky test' }))).toMatch(/"flaky" is not a mechanism\. Missing:/);
    expect(refused(s.setMechanism({ missing: '' }))).toMatch(/needs what is missing/);
    expect(s.setMechanism({ missing: "the failing run's logs, overwritten by the rerun" }).ok).toBe(true);
    expect(s.setVerdict({ hypothesis: 'H1', verdict: 'NOT EVIDENCED', reason: 'flaky until the failing logs are captured', evidence: [e] }).ok).toBe(true);
    expect(s.setMechanism({ text: 'flaky: the 900 s online wait races staging provisioning that takes 4.5 min' }).ok).toBe(true);
  });

  it('pins the same line once, whoever pins it', async () => {
    const s = session();
    const first = await withPinnedLine(s);
    const again = await withPinnedLine(s);
    expect(again).toBe(first);
    expect(journalTypes().filter((t) => t === 'evidence.pinned')).toHaveLength(1);
  });

  it("shows a pairing partner's verdict", async () => {
    const alice = session('pair', 'alice');
    const bob = session('pair', 'bob');
    const e = await withPinnedLine(alice);
    alice.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger' });
    alice.setVerdict({ hypothesis: 'H1', verdict: 'PINNED', reason: 'restart on one 503', evidence: [e], primary: true });
    bob.sync();
    expect(bob.getSnapshot().state.ledger.hypotheses[0]).toMatchObject({
      verdict: 'PINNED',
      history: expect.arrayContaining([expect.objectContaining({ author: 'alice' })]),
    });
  });

  it('refuses a fix shape without an owner, and a severity outside SEV-1/2/3', () => {
    const s = session();
    expect(refused(s.setFix('debounce the restart trigger', ' '))).toMatch(/needs an owner/);
    expect(refused(s.setSeverity('SEV-4' as 'SEV-1'))).toMatch(/SEV-1, SEV-2, SEV-3/);
    expect(s.setSeverity('SEV-2').ok).toBe(true);
  });
});
