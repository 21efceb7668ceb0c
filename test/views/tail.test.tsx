import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';
import { clusterFor } from '../../src/cli/cluster';
import type { BundleCluster } from '../../src/kube/client-bundle';
import type { ClusterSource } from '../../src/model/cluster';
import { Journal, investigationsDir } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { planSchema } from '../../src/plan/schema';
import { TailScreen } from '../../views/tail/TailScreen';
import { WorkbenchScreen } from '../../views/Workbench';
import { BundleSource } from '../kube/checks/bundle-source';
import { DEMO } from '../kube/support';
import { KEY, driveInk } from './fixture';

// The log tail layer over a real Session whose cluster is the demo bundle read through the
// replay server, as `--bundle` reads it: keys in, frames and journal events out.

let cluster: BundleCluster;
beforeAll(() => {
  cluster = clusterFor(parseArgs(['--bundle', DEMO], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
});
afterAll(async () => {
  await cluster.close();
});

interface Shown {
  session: Session;
  root: string;
  frame: () => string;
  press: (...keys: string[]) => Promise<void>;
  /** Each character its own write, none waiting for a frame: keys typed faster than the screen is drawn. */
  type: (text: string) => void;
  until: (predicate: (frame: string) => boolean, what: string, ms?: number) => Promise<string>;
  closed: () => number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function show(height: number, width = 100, source: ClusterSource = cluster): Shown {
  const root = mkdtempSync(join(tmpdir(), 'triage-tail-view-'));
  const session = new Session({
    root,
    journal: Journal.open(root, 'tail-view', 'alice'),
    plan: planSchema.parse({}),
    baseDir: root,
    checks: [],
    env: {},
    cluster: source,
  });
  let closed = 0;
  const ui = render(<TailScreen workbench={session} width={width} height={height} onClose={() => closed++} />);
  cleanups.push(async () => {
    ui.unmount();
    await session.quit();
    rmSync(root, { recursive: true, force: true });
  });
  const { frame, press, until } = driveInk(ui);
  return {
    session,
    root,
    frame,
    closed: () => closed,
    press,
    type: (text) => {
      for (const char of text) ui.stdin.write(char);
    },
    until: (predicate, what, ms = 8000) => until(predicate, what, ms),
  };
}

/** Pick a workload by typing part of its name. */
async function follow(s: Shown, name: string) {
  // The list itself, not its 'listing the workloads…' line: keys typed before it lands are lost.
  await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
  await s.press('/', name, KEY.enter);
}

describe('the log tail layer', () => {
  it('lists the workloads with their readiness and filters them as the person types', async () => {
    const s = show(30);
    const listed = await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
    expect(listed).toMatch(/shop +Deployment +payments-worker +1\/2/);
    expect(listed).toMatch(/shop-e2e +Job +e2e-checkout-flow-1907 +0\/1 1 failed/);
    await s.press('/', 'payments');
    expect(s.frame()).toMatch(/1 of \d+ workloads/);
    expect(s.frame()).not.toContain('checkout');
  });

  it('counts each key of a chunk typed faster than a frame', async () => {
    const s = show(30);
    await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
    // e2e-run-1841 job, then kube-system: coredns, metrics-server, kube-proxy.
    await s.press('jjj', KEY.enter);
    await s.until((f) => f.includes('Logs kube-system daemonset/kube-proxy'), 'the fourth workload followed');
    // A search and its Enter in one chunk, in the picker and in the tail.
    await s.press(KEY.escape, '/payments-worker\r');
    await s.until((f) => f.includes('Logs shop deployment/payments-worker'), 'payments-worker followed');
    await s.until((f) => f.includes('09:11:45.121'), 'its lines');
    await s.press('/settled\r');
    await s.until((f) => /\/settled\/ \d+ of \d+ lines/.test(f), 'the filter applied');
    expect(s.frame()).not.toContain('filter: ');
  });

  it("opens the tail on payments-worker: its pods' lines, timestamped, a prefix per pod/container, and the stream counts", async () => {
    const s = show(24);
    await follow(s, 'payments-worker');
    const frame = await s.until((f) => f.includes('09:11:45.121'), 'the newest line');
    expect(frame).toContain('Logs shop deployment/payments-worker');
    expect(frame).toContain('following');
    // The newest line, last: x7k2m's otel exporter warning, at its own time.
    const rows = frame.split('\n');
    const newest = rows.findLastIndex((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    expect(rows[newest]).toMatch(/09:11:45\.121 x7k2m\/payments-worker \[otel\.javaagent 2026-06-15 09:11:45:121/);
    // JSON lines read as level and message first.
    expect(frame).toMatch(/09:11:44\.421 x7k2m\/payments-worker WARN +GC overhead high {2}thread=gc-monitor/);
    expect(frame).toContain('2 streams · 0 queued · 0 dropped (oldest)');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    // The other pod (in CrashLoopBackOff) wrote earlier: its lines carry its own prefix.
    await s.press('/', 'qp9zr', KEY.enter);
    expect(s.frame()).toMatch(/09:08:58\.733 qp9zr\/payments-worker \[otel\.javaagent/);
  });

  it("shows the previous instance's last lines on p, and hides them on p again", async () => {
    const s = show(24);
    await follow(s, 'payments-worker');
    await s.until((f) => f.includes('x7k2m/payments-worker'), 'the tail');
    await s.press('p');
    const frame = await s.until((f) => f.includes('x7k2m/payments-worker ↶'), 'the previous instance');
    expect(frame).toMatch(/09:02:03\.412 x7k2m\/payments-worker ↶ INFO +loading settlement batch/);
    expect(frame).toContain('previous instance of x7k2m/payments-worker: its last line');
    expect(frame).toContain('scrolled');
    // The selected line is the previous instance's last: p on it hides the instance.
    await s.press('p');
    expect(s.frame()).toContain('hidden');
    expect(s.frame()).not.toContain('↶');
  });

  it('pins the selected line as evidence: an evidence.pinned event in the journal', async () => {
    const s = show(24);
    await follow(s, 'payments-worker');
    await s.until((f) => f.includes('09:11:45.121'), 'the newest line');
    await s.press(' ');
    expect(s.frame()).toMatch(/pinned as evidence e-[0-9a-f]+: x7k2m\/payments-worker 2026-06-15T09:11:45\.121322438Z/);
    const events = readFileSync(join(investigationsDir(s.root), 'tail-view.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const pinned = events.filter((e) => e.type === 'evidence.pinned');
    expect(pinned).toEqual([
      expect.objectContaining({
        from: 'log',
        source: 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker',
        time: '2026-06-15T09:11:45.121322438Z',
        text: expect.stringContaining('Failed to export spans'),
      }),
    ]);
  });

  it('filters the lines with / and clears the filter with Esc', async () => {
    const s = show(24);
    await follow(s, 'payments-worker');
    await s.until((f) => f.includes('x7k2m/payments-worker'), 'the tail');
    await s.press('/', 'settled', KEY.enter);
    const filtered = s.frame();
    expect(filtered).toMatch(/\/settled\/ \d+ of \d+ lines/);
    const rows = filtered.split('\n').filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('payment settled'))).toBe(true);
    await s.press('/', KEY.escape);
    expect(s.frame()).not.toContain('/settled/');
  });

  it('reads zap console lines (tab-separated) as time, level and message, scrolls them sideways, and shows them raw on r', async () => {
    const s = show(24, 80);
    await follow(s, 'opentelemetry');
    const frame = await s.until((f) => f.includes('Rejected spans'), 'the collector lines');
    const rows = frame.split('\n').filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    expect(rows.length).toBeGreaterThan(3);
    // A tab drawn raw is wider than Ink counts it and pushes the border out of line.
    for (const row of frame.split('\n')) {
      expect(row).not.toContain('\t');
      expect(Array.from(row).length).toBeLessThanOrEqual(80);
    }
    expect(rows.some((r) => /otc-container ERROR Rejected spans from client {2}caller=/.test(r))).toBe(true);
    await s.press('\u001b[C');
    // The level stays; the message scrolls 20 columns: "Rejected spans from " is past the left edge.
    expect(s.frame()).toMatch(/otc-container ERROR client {2}caller=/);
    await s.press('\u001b[D', 'r');
    const raw = s
      .frame()
      .split('\n')
      .filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    expect(raw.some((r) => /otc-container (error|warn) +(otlpreceiver|memorylimiter)/.test(r))).toBe(true);
  });

  it('filters with a regular expression and says why a pattern is refused', async () => {
    const s = show(24, 100);
    await follow(s, 'payments-worker');
    await s.until((f) => f.includes('x7k2m/payments-worker'), 'the tail');
    await s.press('/', 'settled|gc overhead', KEY.enter);
    const rows = s
      .frame()
      .split('\n')
      .filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => /payment settled|GC overhead/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes('GC overhead'))).toBe(true);
    await s.press('/', KEY.escape, '/', '(a+)+', KEY.enter);
    expect(s.frame()).toMatch(/filter \/\(a\+\)\+\/ is not a pattern: nested quantifier/);
  });

  it('never draws more rows than it is given, in the picker and in the tail', async () => {
    for (const height of [8, 12]) {
      const s = show(height, 80);
      const picker = await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
      expect(picker.split('\n').length).toBeLessThanOrEqual(height);
      await s.press('/', 'payments-worker', KEY.enter);
      const tail = await s.until((f) => f.includes('payments-worker') && /\d\d:\d\d:\d\d\.\d{3}/.test(f), 'the tail');
      expect(tail.split('\n').length).toBeLessThanOrEqual(height);
      await s.press('p');
      await s.until((f) => f.includes('↶'), 'the previous instance');
      expect(s.frame().split('\n').length).toBeLessThanOrEqual(height);
    }
  });

  it('follows a label selector typed in the picker, in the selected row’s namespace', async () => {
    const s = show(24);
    await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
    await s.press('/', 'payments', KEY.escape); // back to the whole list, the selection on the first row
    await s.press('/', 'app=cart');
    expect(s.frame()).toMatch(/label selector \(Enter follows it in [a-z0-9-]+\): app=cart/);
    // Move to a shop row while typing, then follow.
    for (let i = 0; i < 40 && !/Enter follows it in shop\)/.test(s.frame()); i++) await s.press(KEY.down);
    await s.press(KEY.enter);
    const frame = await s.until((f) => f.includes('Logs shop -l app=cart') && /6bn4t\/cart/.test(f), 'the cart pods');
    expect(frame).toMatch(/9dsqw\/cart/);
    // A selector no pod matches says so, and keeps looking.
    await s.press(KEY.escape, '/', 'app=nothing-here', KEY.enter);
    await s.until((f) => f.includes('no pods for shop -l app=nothing-here yet'), 'the empty tail');
  });

  it('keeps every character typed faster than a frame, in the picker and in the filter', async () => {
    const s = show(24);
    await s.until((f) => /\d+ of \d+ workloads/.test(f), 'the workload list');
    s.type('/app=cart');
    await s.until((f) => /label selector \(Enter follows it in [a-z0-9-]+\): app=cart/.test(f), 'the whole selector');
    s.type('\x7f\x7fxy');
    await s.until((f) => /label selector \(Enter follows it in [a-z0-9-]+\): app=caxy/.test(f), 'the edited selector');
    await s.press(KEY.escape);
    await follow(s, 'payments-worker');
    await s.until((f) => /x7k2m\/payments-worker/.test(f), 'the lines');
    s.type('/settled');
    await s.until((f) => f.includes('filter (regex): settled'), 'the whole filter');
  });

  it('keeps its place while scrolled and counts the lines that arrived since; Enter follows again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-tail-view-bundle-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(DEMO, dir, { recursive: true });
    // Polling (no follow) so lines appended to the bundle arrive.
    const s = show(20, 110, new BundleSource(dir, { follow: false }));
    await follow(s, 'payments-worker');
    await s.until((f) => f.includes('09:11:45.121'), 'the newest line');
    await s.press('k', 'k');
    const before = s
      .frame()
      .split('\n')
      .filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r));
    appendFileSync(
      join(dir, 'logs/shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker.log'),
      ['2026-06-15T09:12:01.000000000Z first after scrolling', '2026-06-15T09:12:02.000000000Z second after scrolling'].map((l) => `${l}\n`).join(''),
    );
    const scrolled = await s.until((f) => f.includes('2 new lines (Enter follows)'), 'the new-line count', 5000);
    expect(scrolled.split('\n').filter((r) => /\d\d:\d\d:\d\d\.\d{3} /.test(r))).toEqual(before);
    await s.press(KEY.enter);
    expect(s.frame()).toContain('following');
    expect(s.frame()).toMatch(/09:12:02\.000 x7k2m\/payments-worker second after scrolling/);
  });

  it('says there is no cluster instead of failing, and Esc steps back to the picker and then closes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'triage-tail-view-'));
    const session = new Session({ root, journal: Journal.open(root, 'no-cluster', 'alice'), plan: planSchema.parse({}), baseDir: root, checks: [], env: {} });
    let closed = 0;
    const ui = render(<TailScreen workbench={session} width={100} height={16} onClose={() => closed++} />);
    cleanups.push(async () => {
      ui.unmount();
      await session.quit();
      rmSync(root, { recursive: true, force: true });
    });
    const drive = driveInk(ui);
    await drive.until((f) => f.includes('no cluster to follow: start triage with --bundle DIR'), 'the no-cluster line');
    await drive.press('/', 'app=cart', KEY.enter);
    expect(drive.frame()).toContain('no cluster to follow');
    await drive.press(KEY.escape);
    await drive.until((f) => f.includes('Logs: what to follow'), 'the picker');
    // The key closes it as it is handled, before the frame press waits for.
    await drive.press(KEY.escape);
    expect(closed).toBe(1);
  });

  it('opens from the walk on l, stays within the terminal, and Esc twice returns to the walk', async () => {
    const root = mkdtempSync(join(tmpdir(), 'triage-tail-view-'));
    const session = new Session({
      root,
      journal: Journal.open(root, 'walk', 'alice'),
      plan: planSchema.parse({}),
      baseDir: root,
      checks: [],
      env: {},
      cluster,
    });
    session.record({ type: 'investigation.opened', title: 'red smoke run', system: 'shop', mode: 'bundle' });
    const ui = render(<WorkbenchScreen workbench={session} />);
    cleanups.push(async () => {
      ui.unmount();
      await session.quit();
      rmSync(root, { recursive: true, force: true });
    });
    Object.defineProperty(ui.stdout, 'rows', { value: 20, configurable: true });
    Object.defineProperty(ui.stdout, 'columns', { value: 100, configurable: true });
    ui.stdout.emit('resize');
    const drive = driveInk(ui);
    const { frame, press } = drive;
    const until = (predicate: (f: string) => boolean, what: string) => drive.until(predicate, what, 8000);
    await drive.drain(Date.now() + 50);
    await press('l');
    await until((f) => /\d+ of \d+ workloads/.test(f), 'the picker');
    expect(frame()).toContain('Esc back');
    await press('/', 'payments-worker', KEY.enter);
    const tail = await until((f) => f.includes('09:11:45.121'), 'the tail');
    expect(tail.split('\n').length).toBeLessThanOrEqual(20);
    expect(tail).toContain('Space pin');
    await press(KEY.escape);
    await until((f) => f.includes('Logs: what to follow'), 'the picker again');
    await press(KEY.escape);
    await until((f) => f.includes('1 Contract'), 'the walk');
  });
});

describe('untrusted log text in the tail', () => {
  it('reaches the frame without terminal control sequences and without the secrets it carries', async () => {
    const bundle = mkdtempSync(join(tmpdir(), 'triage-tail-hostile-'));
    cpSync(DEMO, bundle, { recursive: true });
    const token = 'ghp_vAquisxL2RxoaXtlfANNXo7PfmyAiW661jH7';
    appendFileSync(
      join(bundle, 'logs/shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker.log'),
      `2026-06-15T09:11:46.000000000Z \x1b]0;pwned\x07\x1b[2J\x1b[1;1Hhostile line \x9b31m token ${token} \u202eevil\n`,
    );
    const source = clusterFor(parseArgs(['--bundle', bundle], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
    cleanups.push(async () => {
      await source.close();
      rmSync(bundle, { recursive: true, force: true });
    });
    const s = show(24, 140, source);
    await follow(s, 'payments-worker');
    const frame = await s.until((f) => f.includes('hostile line'), 'the hostile line');
    const row = frame.split('\n').find((r) => r.includes('hostile line'))!;
    expect(row).toContain('hostile line 31m token [REDACTED:github-token] evil');
    expect(row).not.toContain(token);
    // Ink's own colours aside (stripped by frame()), the raw frame holds no OSC, no cursor move, no C1, no bidi override.
    const raw = s.frame();
    expect(raw).not.toMatch(/\u001b\]|\u0007|\u009b|\u202e|pwned/);
  });
});
