import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import { Journal } from '../../src/investigation/journal';
import { foldAll } from '../../src/investigation/fold';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'triage-journal-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('journal', () => {
  it('writes one JSON event per line, stamped with id, time and author', () => {
    const journal = Journal.open(root, 'inv-1', 'alice');
    const event = journal.append({ type: 'finding.added', step: 'contract', text: 'status renamed' });
    journal.close();
    const [line] = lines(journal.path);
    expect(JSON.parse(line!)).toEqual(event);
    expect(event.author).toBe('alice');
    expect(Date.parse(event.at)).not.toBeNaN();
  });

  it('has each event in the file as append returns, syncs off the thread, and refuses appends once closed', async () => {
    const journal = Journal.open(root, 'inv-sync', 'alice');
    const reader = Journal.open(root, 'inv-sync', 'bob');
    for (let i = 0; i < 20; i++) {
      journal.append({ type: 'finding.added', step: 'rerun', text: `line ${i}` });
      expect(lines(journal.path)).toHaveLength(i + 1);
    }
    // Appends while an fsync runs are synced by the next one; closing waits for them.
    await new Promise((resolve) => setTimeout(resolve, 20));
    journal.append({ type: 'finding.added', step: 'rerun', text: 'last' });
    journal.close();
    journal.close();
    expect(() => journal.append({ type: 'finding.added', step: 'rerun', text: 'late' })).toThrow(/it is closed/);
    expect(reader.readNew().events.map((e) => (e as { text?: string }).text)).toEqual([...Array.from({ length: 20 }, (_, i) => `line ${i}`), 'last']);
    reader.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('reports a torn last line, folds every complete event, and appends after it without loss', () => {
    const writer = Journal.open(root, 'inv-2', 'alice');
    writer.append({ type: 'finding.added', step: 'rerun', text: 'leftover lock' });
    writer.close();
    appendFileSync(writer.path, '{"id":"x","at":"2026-11-22T10:00:00Z","author":"bob","type":"finding.ad');

    const resumed = Journal.open(root, 'inv-2', 'carol');
    resumed.append({ type: 'finding.added', step: 'rerun', text: 'written after the crash' });
    const { events, problems } = resumed.readNew();
    resumed.close();
    expect(events.map((e) => (e.type === 'finding.added' ? e.text : e.type))).toEqual(['leftover lock', 'written after the crash']);
    expect(problems).toEqual([{ line: 2, reason: expect.stringMatching(/^torn last line \(a crash mid-write\) skipped: not JSON/) }]);
  });

  it('reports a fragment another writer left without a newline', () => {
    const reader = Journal.open(root, 'inv-5', 'carol');
    const writer = Journal.open(root, 'inv-5', 'alice');
    writer.append({ type: 'finding.added', step: 'rerun', text: 'complete' });
    appendFileSync(writer.path, '{"id":"x","at":"2026-11-22T10:00:00Z"');
    expect(reader.readNew().events).toHaveLength(1);
    expect(reader.tornTail()).toMatchObject({ line: 2, reason: expect.stringContaining('torn last line') });
    reader.close();
    writer.close();
  });

  it('skips a corrupt line with its line number and keeps the events after it', () => {
    const writer = Journal.open(root, 'inv-3', 'alice');
    writer.append({ type: 'finding.added', step: 'contract', text: 'one' });
    appendFileSync(writer.path, 'not json at all\n');
    appendFileSync(writer.path, '{"id":"y","at":"2026-11-22T10:00:00Z","author":"bob","type":"step.verdict","step":"nope","status":"fail","reason":"r"}\n');
    writer.append({ type: 'finding.added', step: 'contract', text: 'two' });
    writer.close();

    const reader = Journal.open(root, 'inv-3', 'carol');
    const { events, problems } = reader.readNew();
    reader.close();
    expect(events.map((e) => (e.type === 'finding.added' ? e.text : e.type))).toEqual(['one', 'two']);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[1]!.reason).toMatch(/^step:/);
  });

  it('reads back its own appended events as append returned them, and parses what other writers appended', () => {
    const a = Journal.open(root, 'inv-own', 'alice');
    const b = Journal.open(root, 'inv-own', 'bob');
    const mine = a.append({ type: 'finding.added', step: 'contract', text: 'from alice' });
    const theirs = b.append({ type: 'finding.added', step: 'contract', text: 'from bob' });
    const read = a.readNew().events;
    expect(read).toEqual([mine, theirs]);
    expect(read[0]).toBe(mine);
    expect(read[1]).not.toBe(theirs);
    // A line written again by hand is parsed like any other line: the event is not handed out twice.
    appendFileSync(a.path, `${JSON.stringify(mine)}\n`);
    const again = a.readNew().events;
    expect(again).toEqual([mine]);
    expect(again[0]).not.toBe(mine);
    // A writer that never reads keeps only its last appends.
    const more = Array.from({ length: 200 }, (_, i) => b.append({ type: 'finding.added', step: 'contract', text: `more ${i}` }));
    const all = b.readNew().events;
    expect(all).toEqual([mine, theirs, mine, ...more]);
    expect(all.at(-1)).toBe(more.at(-1));
    expect(all[3]).not.toBe(more[0]);
    a.close();
    b.close();
  });

  it('reads only what other writers appended since the last read', () => {
    const a = Journal.open(root, 'inv-4', 'alice');
    const b = Journal.open(root, 'inv-4', 'bob');
    a.append({ type: 'finding.added', step: 'contract', text: 'from alice' });
    expect(b.readNew().events).toHaveLength(1);
    b.append({ type: 'finding.added', step: 'contract', text: 'from bob' });
    const next = b.readNew().events;
    expect(next).toHaveLength(1);
    expect(next[0]!.author).toBe('bob');
    expect(b.readNew().events).toHaveLength(0);
    a.close();
    b.close();
  });

  it('loses no event when two processes append to one journal at once', async () => {
    const script = join(root, 'writer.mjs');
    buildSync({
      stdin: {
        contents: `import { Journal } from ${JSON.stringify(join(process.cwd(), 'src/investigation/journal.ts'))};
          const [root, author, n] = process.argv.slice(2);
          const j = Journal.open(root, 'shared', author);
          for (let i = 0; i < Number(n); i++) j.append({ type: 'finding.added', step: 'rerun', text: author + ' ' + i + ' ' + 'x'.repeat(i % 50) });
          j.close();`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const run = (author: string) =>
      new Promise<number>((resolve) => spawn(process.execPath, [script, root, author, '300'], { stdio: 'ignore' }).on('exit', (c) => resolve(c ?? 1)));
    expect(await Promise.all([run('alice'), run('bob')])).toEqual([0, 0]);

    const reader = Journal.open(root, 'shared', 'carol');
    const { events, problems } = reader.readNew();
    reader.close();
    expect(problems).toEqual([]);
    expect(events).toHaveLength(600);
    const state = foldAll('shared', events);
    expect(state.steps.rerun.findings).toHaveLength(600);
    expect(state.authors.sort()).toEqual(['alice', 'bob']);
  });

  it('lists investigations most recently written first', () => {
    Journal.open(root, 'older', 'a').close();
    writeFileSync(join(root, '.triage/investigations/older.ndjson'), '');
    execFileSync('touch', ['-d', '2020-01-01', join(root, '.triage/investigations/older.ndjson')]);
    Journal.open(root, 'newer', 'a').close();
    expect(Journal.list(root).map((e) => e.id)).toEqual(['newer', 'older']);
  });
});
