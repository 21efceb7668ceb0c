import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { planSchema } from '../../src/plan/schema';
import type { Check } from '../../src/checks/types';

let root: string;
const open: Session[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'triage-session-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.quit()));
  rmSync(root, { recursive: true, force: true });
});

const buildinfo: Check = {
  id: 'versions/buildinfo',
  step: 'versions',
  title: 'deployed SHA',
  run: async () => ({
    status: 'fail',
    summary: 'deployed 1a2b3c4 ≠ expected 9f8e7d6',
    evidence: [{ text: '{"sha":"1a2b3c4"}', source: 'http GET /buildinfo', time: '2026-11-22T10:00:00Z' }],
    replay: "curl -sS 'http://127.0.0.1:1/buildinfo'",
  }),
};

function session(id: string, author: string, checks: Check[] = [buildinfo]): Session {
  const s = new Session({ root, journal: Journal.open(root, id, author), plan: planSchema.parse({ name: 'shop' }), baseDir: root, checks, env: {} });
  open.push(s);
  return s;
}

describe('session', () => {
  it('records a check run in the journal before the state shows it finished', async () => {
    const s = session('inv', 'alice');
    await s.runChecksOf(['versions']);
    const types = readFileSync(join(root, '.triage/investigations/inv.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type);
    expect(types).toEqual(['check.started', 'check.finished']);
    expect(s.getSnapshot().state.steps.versions.status).toBe('fail');
    expect(s.getSnapshot().planned.versions.map((c) => c.id)).toEqual(['versions/buildinfo']);
  });

  it("shows a pairing partner's verdict within a second", async () => {
    const alice = session('pair', 'alice');
    const bob = session('pair', 'bob');
    bob.watch();
    const seen = new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const deadline = setTimeout(() => reject(new Error("bob did not see alice's verdict on rerun within 1000 ms")), 1000);
      bob.subscribe(() => {
        if (!bob.getSnapshot().state.steps.rerun.verdict) return;
        clearTimeout(deadline);
        resolve(Date.now() - started);
      });
    });
    alice.markStep('rerun', 'fail', 'a lock from run 41 blocks run 42');
    const elapsed = await seen;
    expect(elapsed).toBeLessThan(1000);
    expect(bob.getSnapshot().state.steps.rerun.verdict).toMatchObject({ author: 'alice', reason: 'a lock from run 41 blocks run 42' });
  });

  it('writes the note with the failing evidence and its replay command, and journals where', async () => {
    const s = session('note', 'alice');
    await s.runChecksOf(['versions']);
    s.addFinding('versions', 'the fix is merged but the old image still runs');
    const path = await s.writeNote();
    expect(path).toBe(join(root, '.triage/notes/note.md'));
    const note = readFileSync(path, 'utf8');
    expect(note).toContain('deployed 1a2b3c4 ≠ expected 9f8e7d6');
    expect(note).toContain("curl -sS 'http://127.0.0.1:1/buildinfo'");
    expect(note).toContain('the fix is merged but the old image still runs');
    expect(s.getSnapshot().state.notes.map((n) => n.path)).toEqual([path]);
  });

  it('tells the person about checks a crash interrupted', () => {
    const journal = Journal.open(root, 'crash', 'alice');
    journal.append({ type: 'check.started', step: 'versions', checkId: 'versions/buildinfo', title: 'deployed SHA' });
    journal.close();
    const s = session('crash', 'alice');
    expect(s.getSnapshot().notices).toEqual(['versions/buildinfo was interrupted before it finished; run its step again']);
  });
});

describe('session runs', () => {
  it('does not start a check again while it is still running', async () => {
    let starts = 0;
    // The check runs until the test lets it answer, so the second request surely finds it running.
    let release = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    const slow: Check = {
      id: 'environment/slow',
      step: 'environment',
      title: 'slow',
      run: async () => {
        starts += 1;
        await answered;
        return { status: 'pass', summary: 'ok', evidence: [] };
      },
    };
    const s = session('twice', 'alice', [slow]);
    const both = Promise.all([s.runChecksOf(['environment']), s.runChecksOf(['environment'])]);
    await vi.waitFor(() => expect(starts).toBe(1));
    expect(s.getSnapshot().state.steps.environment.status).toBe('running');
    release();
    await both;
    expect(starts).toBe(1);
    await s.runChecksOf(['environment']);
    expect(starts).toBe(2);
  });
});
