import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { openTestSession, tempRoot } from './support';
import { runCli } from '../support/cli';

let root: string;
let cleanup: () => void;

beforeEach(() => {
  ({ root, cleanup } = tempRoot('triage-note-cli-'));
});
afterEach(() => cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const ran = await runCli(argv, { env: { USER: 'alice' }, cwd: root });
  return { code: ran.code, stdout: ran.out, stderr: ran.err };
}

async function investigation(id: string, title: string, mtime: Date): Promise<void> {
  const s = openTestSession(root, id, 'alice');
  s.record({ type: 'investigation.opened', title: 'x', system: 'shop', mode: 'live' });
  s.setTitle(title);
  await s.quit();
  utimesSync(join(root, '.triage/investigations', `${id}.ndjson`), mtime, mtime);
}

describe('triage note render', () => {
  it('renders the most recently written investigation by default, another with --investigation', async () => {
    await investigation('older', 'the older incident', new Date('2026-06-14T10:00:00Z'));
    await investigation('newer', 'the newer incident', new Date('2026-06-15T10:00:00Z'));
    const latest = await cli('note', 'render');
    expect(latest.code).toBe(0);
    expect(latest.stdout).toMatch(/^# the newer incident\n/);
    expect((await cli('note', 'render', '--investigation', 'older')).stdout).toMatch(/^# the older incident\n/);
  });

  it('writes --out and journals where the note went', async () => {
    await investigation('inv', 'the incident', new Date());
    const result = await cli('note', 'render', '--out', 'notes/incident.md');
    const path = join(root, 'notes/incident.md');
    expect(result.stdout).toBe(`${path}\n`);
    expect(readFileSync(path, 'utf8')).toMatch(/^# the incident\n/);
    const last = readFileSync(join(root, '.triage/investigations/inv.ndjson'), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ type: 'note.written', path, author: 'alice' });
  });

  it('says how to start one when there is no investigation, and exits 2', async () => {
    const none = await cli('note', 'render');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no investigation yet: `triage`, `triage run` or `triage demo` starts one/);
    const unknown = await cli('note', 'render', '--investigation', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no investigation "nope"/);
    expect((await cli('note')).stderr).toMatch(/give a subcommand: render or export/);
  });
});
