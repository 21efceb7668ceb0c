import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { KEYMAP, barEntries } from '../../views/keys';
import { bindingLabel } from '../../views/key-table';
import { KEY, gatedCheck, fixedChecks, openBench, selectedStep, type Bench } from './fixture';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

const lines = (frame: string) => frame.split('\n');
/** The checks pane's first line names the step it shows. */
const checksPaneStep = (frame: string) => /(\d) [A-Za-z& ]+ — /.exec(frame)?.[0];

describe('workbench', () => {
  it('moves the selected step with j/k and the arrow keys', async () => {
    bench = await openBench();
    expect(selectedStep(bench.frame())).toBe('1 Contract');
    await bench.press('j');
    expect(selectedStep(bench.frame())).toBe('2 Environment');
    expect(checksPaneStep(bench.frame())).toBe('2 Environment — ');
    await bench.press(KEY.down);
    expect(selectedStep(bench.frame())).toBe('3 Versions');
    await bench.press('k');
    expect(selectedStep(bench.frame())).toBe('2 Environment');
    await bench.press(KEY.up);
    await bench.press(KEY.up);
    expect(selectedStep(bench.frame())).toBe('1 Contract');
  });

  it('treats a chunk of keys typed faster than a frame as separate presses', async () => {
    bench = await openBench();
    await bench.press('jjj');
    expect(selectedStep(bench.frame())).toBe('4 Auth & config');
  });

  it("runs the selected step on Enter, showing a spinner while a check runs and then the checks' results", async () => {
    const slow = gatedCheck('environment/slow-queue', 'environment', 'slow queue');
    bench = await openBench([...fixedChecks(), slow.check]);
    await bench.press('j');
    expect(bench.frame()).toContain('not run yet');
    await bench.press(KEY.enter);
    const running = await bench.until((f) => f.includes('worker answered 503'), 'the finished checks');
    expect(running).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] slow queue {2}running…/);
    expect(running).toMatch(/✔ api health {2}api answered 200 OK/);
    expect(running).toMatch(/✘ worker health {2}worker answered 503/);
    slow.release();
    const done = await bench.until((f) => f.includes('slow one answered'), 'the slow check');
    expect(done).toMatch(/✔ slow queue {2}slow one answered/);
    expect(selectedStep(done)).toMatch(/^2 Environment/);
    expect(done).toMatch(/✘ 2 Environment/);
    const recorded = bench.session.getState().steps.environment.checks.map((c) => [c.id, c.result?.status]);
    expect(recorded).toEqual([
      ['environment/api-health', 'pass'],
      ['environment/worker-health', 'fail'],
      ['environment/slow-queue', 'pass'],
    ]);
  });

  it('says so instead of running when the selected step has no checks', async () => {
    bench = await openBench();
    await bench.press(KEY.enter);
    expect(bench.frame()).toContain('Contract has no checks in the plan: mark it by hand');
    expect(bench.session.getState().steps.contract.checks).toEqual([]);
  });

  it("shows the selected check's evidence and replay command after Tab moves focus to the checks", async () => {
    bench = await openBench();
    await bench.press('j');
    await bench.press(KEY.enter);
    await bench.until((f) => f.includes('worker answered 503'), 'the results');
    await bench.press(KEY.tab);
    await bench.press('j');
    const frame = bench.frame();
    expect(frame).toContain('evidence 1–1 of 1');
    expect(frame).toMatch(/10:00:03\.250 .*restarting after OOMKilled/);
    expect(frame).toContain('$ curl -sS -i http://127.0.0.1:9/health');
    // The steps keep their selection, unfocused (·), while focus is on the checks.
    expect(frame).toMatch(/│ ·✘ 2 Environment/);
    expect(selectedStep(frame)).toBeUndefined();
  });

  it('records a pass verdict with its reason after p, a reason and Enter', async () => {
    bench = await openBench();
    await bench.press('p');
    expect(bench.frame()).toContain('Why is Contract pass?');
    // While the prompt is open every key is text: q must not quit, j must not move.
    await bench.press('queue drained, jobs ok');
    expect(bench.frame()).toContain('queue drained, jobs ok');
    await bench.press(KEY.enter);
    const frame = bench.frame();
    expect(frame).toContain('verdict ✔ pass · tester');
    expect(frame).toContain('“queue drained, jobs ok”');
    expect(frame).toMatch(/✔ 1 Contract ✎/);
    expect(frame).toContain('Contract marked pass');
    const verdict = bench.session.getState().steps.contract.verdict;
    expect(verdict).toMatchObject({ status: 'pass', reason: 'queue drained, jobs ok', author: 'tester' });
  });

  it('records nothing when the reason prompt is cancelled with Esc', async () => {
    bench = await openBench();
    await bench.press('f');
    await bench.press('not sure');
    await bench.press(KEY.escape);
    const frame = bench.frame();
    expect(frame).not.toContain('Why is Contract fail?');
    expect(frame).toContain('no verdict');
    expect(bench.session.getState().steps.contract.verdict).toBeUndefined();
    // The keymap is active again once the prompt is gone.
    await bench.press('j');
    expect(selectedStep(bench.frame())).toBe('2 Environment');
  });

  it('adds a finding to the selected step after n', async () => {
    bench = await openBench();
    await bench.press('j');
    await bench.press('n');
    await bench.press('worker OOMKilled at 10:00:03');
    await bench.press(KEY.enter);
    // The finding wraps in the narrow pane rather than being cut.
    expect(bench.frame()).toMatch(/• worker OOMKilled at\s*│[^\n]*\n│ {3}10:00:03/);
    expect(bench.session.getState().steps.environment.findings.map((f) => f.text)).toEqual(['worker OOMKilled at 10:00:03']);
  });

  it("draws the help bar from the keymap and lists every binding on '?'", async () => {
    bench = await openBench(fixedChecks(), { rows: 40, columns: 160 });
    const bar = lines(bench.frame()).slice(-2).join('\n');
    const entries = barEntries({ focus: 'steps', hasChecks: false, evidenceScrolls: false });
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) expect(bar).toContain(`${e.keys} ${e.hint}`);
    expect(bar).toContain('↓↑/jk move');
    expect(bar).toContain('p/f/s verdict');

    await bench.press('?');
    const help = bench.frame();
    for (const b of KEYMAP) expect(help).toMatch(new RegExp(`${escape(bindingLabel(b))}\\s+${escape(b.description)}`));
    await bench.press(KEY.escape);
    expect(selectedStep(bench.frame())).toBe('1 Contract');
  });

  it('shows a torn journal line in the status line and among the notices on ?', async () => {
    const verdict = { id: 'e1', at: '2024-05-01T10:00:00.000Z', author: 'alice', type: 'step.verdict', step: 'versions', status: 'fail', reason: 'old sha' };
    bench = await openBench(fixedChecks(), { rows: 40, journalText: `${JSON.stringify(verdict)}\n{"id":"e2","type":"finding.ad` });
    // The status line sits above the help bar's rows.
    const status = lines(bench.frame()).slice(-3).join('\n');
    expect(status).toMatch(/journal line 2: torn last line/);
    // The events before the torn line still count.
    expect(bench.frame()).toMatch(/✘ 3 Versions ✎/);
    await bench.press('?');
    expect(bench.frame()).toMatch(/notices +journal line 2/);
  });

  it("writes the note on 'w' and shows its path", async () => {
    bench = await openBench();
    await bench.press('w');
    const frame = await bench.until((f) => f.includes('note written:'), 'the note path');
    const path = /note written: (\S+)/.exec(frame)![1]!;
    expect(path.startsWith(bench.root)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('red smoke run');
  });

  it('keeps every frame within the terminal while scrolling a long evidence list and after resizing', async () => {
    bench = await openBench(fixedChecks(), { rows: 20, columns: 90 });
    for (let i = 0; i < 5; i++) await bench.press('j');
    expect(selectedStep(bench.frame())).toBe('6 Data path');
    await bench.press(KEY.enter);
    const first = await bench.until((f) => f.includes('of 200'), 'the evidence');
    expect(lines(first).length).toBeLessThanOrEqual(19);
    const shown = /evidence 1–(\d+) of 200/.exec(first)![1]!;
    expect(Number(shown)).toBeGreaterThan(0);
    expect(first).toContain('line 1 of the worker log');
    expect(first).not.toContain('line 200 of the worker log');

    await bench.press(KEY.pageDown);
    const scrolled = bench.frame();
    expect(scrolled).not.toMatch(/evidence 1–/);
    expect(lines(scrolled).length).toBeLessThanOrEqual(19);

    await bench.resize(12, 60);
    const small = bench.frame();
    expect(lines(small).length).toBeLessThanOrEqual(11);
    for (const line of lines(small)) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    await bench.resize(30, 120);
    expect(lines(bench.frame()).length).toBeLessThanOrEqual(29);
    expect(bench.frame()).toContain('6 Data path');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
