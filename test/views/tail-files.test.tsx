import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { Journal } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { planSchema, type PlanInput } from '../../src/plan/schema';
import { TailScreen } from '../../views/tail/TailScreen';
import { KEY, driveInk } from './fixture';

// The log tail layer over a real Session with no cluster and a plan that names local log
// files: the picker lists them, the tail follows one as it grows. Keys in, frames out.

const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function show(plan: PlanInput, files: Record<string, string>, height = 16, width = 100) {
  const dir = mkdtempSync(join(tmpdir(), 'triage-tail-files-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const root = join(dir, '.triage');
  const session = new Session({ root, journal: Journal.open(root, 'tail-files', 'alice'), plan: planSchema.parse(plan), baseDir: dir, checks: [], env: {} });
  let closed = 0;
  const ui = render(<TailScreen workbench={session} width={width} height={height} onClose={() => closed++} />);
  cleanups.push(async () => {
    ui.unmount();
    await session.quit();
    rmSync(dir, { recursive: true, force: true });
  });
  const ink = driveInk(ui);
  return {
    dir,
    frame: ink.frame,
    closed: () => closed,
    press: ink.press,
    until: (predicate: (frame: string) => boolean, what: string, ms = 8000) => ink.until(predicate, what, ms),
  };
}

describe('the log tail layer over local files', () => {
  it("lists the plan's log files without a cluster and follows one as lines are appended, redacted", async () => {
    const s = show(
      { logs: [{ path: 'app.log' }], trace: { sources: ['file:harness.log'] } },
      { 'app.log': '2026-06-15T09:00:00Z starting\n2026-06-15T09:00:01Z listening on :8080\n', 'harness.log': 'run 1907\n' },
    );
    const listed = await s.until((f) => f.includes('2 of 2 log files'), 'the file list');
    expect(listed).toContain('0 of 0 workloads');
    expect(listed).toMatch(/local +File +app\.log +\d+ bytes/);
    expect(listed).toMatch(/local +File +harness\.log +9 bytes/);
    // The missing cluster is said, but it does not stop the files from being followed.
    expect(listed).toContain('Enter follows the selected file');
    expect(listed).toContain('no cluster to follow');

    await s.press(KEY.enter);
    const opened = await s.until((f) => f.includes('listening on :8080'), "app.log's last lines");
    expect(opened).toContain('Logs app.log');
    expect(opened).toContain('following');
    expect(opened).toMatch(/09:00:01\.000 app\.log listening on :8080/);

    appendFileSync(join(s.dir, 'app.log'), `2026-06-15T09:00:02Z {"level":"error","msg":"login failed","token":"${TOKEN}"}\n`);
    const appended = await s.until((f) => f.includes('login failed'), 'the appended line');
    expect(appended).toMatch(/09:00:02\.000 app\.log ERROR login failed +token=\[REDACTED:github-token\]/);
    expect(appended).not.toContain(TOKEN);

    // The same raw toggle and filter as a pod's lines.
    await s.press('r');
    await s.until((f) => f.includes('{"level":"error","msg":"login failed"'), 'the raw line');
    await s.press('/', 'listening', KEY.enter);
    const filtered = await s.until((f) => f.includes('/listening/ 1 of 3 lines'), 'the filtered lines');
    expect(filtered).not.toContain('login failed');

    await s.press(KEY.escape);
    await s.until((f) => f.includes('Logs: what to follow'), 'the picker again');
  });

  it('says in the tail that a file is missing, and shows its lines once it is written', async () => {
    const s = show({ logs: [{ path: 'later.log' }] }, {});
    const listed = await s.until((f) => f.includes('1 of 1 log files'), 'the file list');
    expect(listed).toMatch(/local +File +later\.log +no such file/);
    await s.press(KEY.enter);
    const missing = await s.until((f) => f.includes('later.log: no such file; followed again once it can be read'), 'the missing state');
    expect(missing).toContain('Logs later.log');
    writeFileSync(join(s.dir, 'later.log'), 'at last\n');
    const shown = await s.until((f) => f.includes('at last'), 'the new file');
    expect(shown).toContain('later.log can be read now: following it from its start');
  });
});
