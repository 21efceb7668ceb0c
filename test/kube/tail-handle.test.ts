import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterFor } from '../../src/cli/cluster';
import type { BundleCluster } from '../../src/kube/client-bundle';
import type { ClusterSource } from '../../src/model/cluster';
import { NO_CLUSTER_TO_FOLLOW, openTail, type TailHandle, type TailState } from '../../src/logs/tail-handle';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';
import { Journal } from '../../src/investigation/journal';
import { redactorFor, rulesFromPlan } from '../../src/redact/redact';
import { Session } from '../../src/workbench/session';
import { planSchema, type PlanInput } from '../../src/plan/schema';
import { DEMO } from './support';

// The workbench's tail intents over the demo bundle, read through the replay server as
// `--bundle` reads it: what a view subscribes to, problems as data, redaction before drawing.

let cluster: BundleCluster;
beforeAll(() => {
  cluster = clusterFor(parseArgs(['--bundle', DEMO], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
});
afterAll(async () => {
  await cluster.close();
});

const cleanups: (() => Promise<void> | void)[] = [];
/** Sessions a test quit itself. */
const quit = new WeakSet<Session>();
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionOver(source: ClusterSource | undefined, plan: PlanInput = {}): Session {
  const root = mkdtempSync(join(tmpdir(), 'triage-tail-intents-'));
  const parsed = planSchema.parse(plan);
  const session = new Session({
    root,
    journal: Journal.open(root, 'tail-intents', 'tester'),
    plan: parsed,
    baseDir: root,
    checks: [],
    env: {},
    cluster: source,
    redact: redactorFor(rulesFromPlan(parsed.redact)),
  });
  cleanups.push(async () => {
    if (!quit.has(session)) await session.quit();
    rmSync(root, { recursive: true, force: true });
  });
  return session;
}

function track(handle: TailHandle): TailHandle {
  cleanups.push(() => handle.close());
  return handle;
}

const until = (handle: TailHandle, check: (s: TailState) => void) => vi.waitFor(() => check(handle.getState()), { timeout: 10_000 });
const logLines = (pod: string, file: string) =>
  readFileSync(join(DEMO, 'logs/shop', pod, file), 'utf8')
    .split('\n')
    .filter(Boolean);

describe('the tail intents', () => {
  it('finds a workload by its bare name in any namespace and follows its pods, timestamped, redacted by the plan', async () => {
    const session = sessionOver(cluster, { redact: { patterns: [{ name: 'order-id', regex: 'ord_[a-z0-9]+' }] } });
    const tail = track(session.openTail({ workload: 'payments-worker' }));
    await until(tail, (s) => expect(s.phase).toBe('following'));
    const running = logLines('payments-worker-5c8d7b9f4-x7k2m', 'payments-worker.log');
    await until(tail, (s) => expect([...s.lines].filter((l) => l.pod.endsWith('x7k2m')).length).toBe(running.length));
    const state = tail.getState();
    expect(state.title).toBe('shop deployment/payments-worker');
    expect(state.streams.map((s) => s.pod).sort()).toEqual(['payments-worker-5c8d7b9f4-qp9zr', 'payments-worker-5c8d7b9f4-x7k2m']);
    expect([...state.lines].every((l) => l.time)).toBe(true);
    expect(state.received).toBeGreaterThanOrEqual(state.lines.length);
    const settled = [...state.lines].filter((l) => l.text.includes('payment settled'));
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((l) => l.text.includes('"order_id":"[REDACTED:order-id]"') && !/ord_[a-z0-9]/.test(l.text))).toBe(true);
  });

  it("fetches a container's previous instance on demand", async () => {
    const session = sessionOver(cluster);
    const tail = track(session.openTail({ namespace: 'shop', workload: 'deployment/payments-worker' }));
    await until(tail, (s) => expect(s.phase).toBe('following'));
    tail.previous('payments-worker-5c8d7b9f4-x7k2m', 'payments-worker');
    await until(tail, (s) => expect(s.streams.find((x) => x.previous)?.state).toBe('ended'));
    const previous = [...tail.getState().lines].filter((l) => l.previous);
    expect(previous.map((l) => `${l.time} ${l.text}`)).toEqual(logLines('payments-worker-5c8d7b9f4-x7k2m', 'payments-worker.previous.log'));
    expect(previous.some((l) => l.text.includes('loading settlement batch'))).toBe(true);
  });

  it('reports streams beyond the limit as queued and lines beyond the buffer as dropped', async () => {
    const tail = track(
      openTail(
        { namespace: 'shop', selector: 'app.kubernetes.io/part-of=shop' },
        { cluster, namespaces: [], redact: (t) => t, options: { maxStreams: 3, bufferLines: 40, tailLines: 1000, refreshMs: 0, flushMs: 20 } },
      ),
    );
    await until(tail, (s) => {
      expect(s.phase).toBe('following');
      expect(s.streaming).toBe(3);
    });
    const state = tail.getState();
    expect(state.queued).toBeGreaterThan(0);
    expect(state.streams.filter((s) => s.state === 'queued').length).toBe(state.queued);
    await until(tail, (s) => expect(s.dropped).toBeGreaterThan(0));
    const later = tail.getState();
    expect(later.lines.length).toBe(40);
    expect(later.received - later.lines.length).toBe(later.dropped);
    tail.close();
    expect(tail.getState()).toMatchObject({ phase: 'closed', streaming: 0, queued: 0 });
  });

  it('says there is no cluster instead of following, and lists no workloads', async () => {
    const session = sessionOver(undefined);
    const tail = track(session.openTail({ workload: 'payments-worker' }));
    expect(tail.getState()).toMatchObject({ phase: 'failed', problem: NO_CLUSTER_TO_FOLLOW, lines: [] });
    expect(await session.listWorkloads()).toEqual({ workloads: [], problems: [NO_CLUSTER_TO_FOLLOW] });
  });

  it('names what it could not resolve: an unknown workload, a kind it cannot follow, no target at all', async () => {
    const session = sessionOver(cluster);
    const problemOf = async (target: Parameters<Session['openTail']>[0]) => {
      const tail = track(session.openTail(target));
      await until(tail, (s) => expect(s.phase).toBe('failed'));
      return tail.getState().problem;
    };
    expect(await problemOf({ workload: 'nope' })).toBe('no workload named nope');
    expect(await problemOf({ workload: 'cronjob/nightly' })).toMatch(/^cannot follow a cronjob/);
    expect(await problemOf({})).toMatch(/^say what to follow/);
    expect(await problemOf({ namespace: 'shop', workload: 'deployment/nope' })).toBe('deployment shop/nope not found');
  });

  it('lists the workloads a tail can follow, with readiness, by namespace', async () => {
    const session = sessionOver(cluster, { namespaces: ['shop', 'shop-e2e'] });
    const { workloads, problems } = await session.listWorkloads();
    expect(problems).toEqual([]);
    expect(new Set(workloads.map((w) => w.namespace))).toEqual(new Set(['shop', 'shop-e2e']));
    expect(workloads.find((w) => w.name === 'payments-worker')).toMatchObject({ kind: 'Deployment', namespace: 'shop' });
    expect(workloads.find((w) => w.name === 'e2e-checkout-flow-1907')).toMatchObject({ kind: 'Job', namespace: 'shop-e2e', ready: 0 });
    expect(workloads.map((w) => w.namespace)).toEqual([...workloads.map((w) => w.namespace)].sort());
  });

  it('closes every open tail when the session quits', async () => {
    const session = sessionOver(cluster);
    const tail = session.openTail({ namespace: 'shop', selector: 'app=cart' });
    await until(tail, (s) => expect(s.streaming).toBe(2));
    quit.add(session);
    await session.quit();
    expect(tail.getState()).toMatchObject({ phase: 'closed', streaming: 0 });
  });
});
