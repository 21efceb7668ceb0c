import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogTail, targetSelector, type TailLine, type TailOptions, type TailSnapshot, type TailTarget } from '../../src/kube/tail';
import { compareTimes, splitTimestamp } from '../../src/kube/analyze/log-lines';
import { BundleSource, DEMO_BUNDLE, type BundleSourceOptions } from './checks/bundle-source';
import { clusterFor } from '../../src/cli/cluster';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';
import type { BundleCluster } from '../../src/kube/client-bundle';

const tails: LogTail[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const t of tails.splice(0)) t.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Watched {
  tail: LogTail;
  source: BundleSource;
  batches: (readonly TailLine[])[];
  snapshots: TailSnapshot[];
}

function follow(target: TailTarget, options: TailOptions = {}, source = new BundleSource(DEMO_BUNDLE)): Watched {
  const batches: (readonly TailLine[])[] = [];
  const snapshots: TailSnapshot[] = [];
  const tail = new LogTail(source, target, {
    flushMs: 20,
    refreshMs: 0,
    ...options,
    onBatch: (batch, snapshot) => {
      batches.push(batch);
      snapshots.push(snapshot);
    },
  });
  tails.push(tail);
  return { tail, source, batches, snapshots };
}

const logLines = (dir: string, ns: string, pod: string, container: string, previous = false) =>
  readFileSync(join(dir, 'logs', ns, pod, `${container}${previous ? '.previous' : ''}.log`), 'utf8')
    .split('\n')
    .filter(Boolean);

const GATEWAY = { namespace: 'shop', workload: { kind: 'Deployment', name: 'api-gateway' } };
const GATEWAY_PODS = ['api-gateway-5f7d8c9b6-2kq9x', 'api-gateway-5f7d8c9b6-8hwz4'];

describe('log tails', () => {
  it("follows every container of a workload's pods, with timestamps, merged in time order and batched", async () => {
    const w = follow(GATEWAY, { tailLines: 1000 });
    await w.tail.start();
    const expected = GATEWAY_PODS.reduce((n, pod) => n + logLines(DEMO_BUNDLE, 'shop', pod, 'api-gateway').length, 0);
    await vi.waitFor(() => expect(w.tail.snapshot().lines.length).toBe(expected));
    const snap = w.tail.snapshot();
    expect(snap.streams.map((s) => `${s.key} ${s.state}`).sort()).toEqual(GATEWAY_PODS.map((p) => `shop/${p}/api-gateway streaming`));
    expect([...snap.lines].every((l) => l.time && /^\d{4}-\d\d-\d\dT.*Z$/.test(l.time))).toBe(true);
    const times = [...snap.lines].map((l) => l.time!);
    expect([...times].sort(compareTimes)).toEqual(times);
    expect(new Set([...snap.lines].map((l) => l.pod))).toEqual(new Set(GATEWAY_PODS));
    // Lines reach the consumer in batches, not one call per line. How many lines share a batch
    // depends on how fast they come in (one flush per flushMs): 9 a batch on a loaded machine, more when quiet.
    expect(w.batches.filter((b) => b.length).length).toBeLessThan(expected / 4);
    // Lines split across chunks arrive whole.
    expect([...snap.lines].every((l) => l.text.startsWith('{"time":') && l.text.endsWith('}'))).toBe(true);
  });

  it('opens at most maxStreams streams and reports the rest as queued', async () => {
    const w = follow({ namespace: 'shop', selector: 'app.kubernetes.io/part-of=shop' }, { maxStreams: 2 });
    await w.tail.start();
    await vi.waitFor(() => expect(w.source.following.size).toBe(2));
    await vi.waitFor(() => expect(w.tail.snapshot().streaming).toBe(2));
    const snap = w.tail.snapshot();
    const states = snap.streams.map((s) => s.state);
    expect(states.filter((s) => s === 'queued').length).toBe(snap.queued);
    expect(snap.queued).toBeGreaterThan(0);
    expect(snap.streams.length).toBe(snap.streaming + snap.queued + states.filter((s) => s === 'ended').length);
    expect(Math.max(...w.snapshots.map((s) => s.streaming))).toBeLessThanOrEqual(2);
    w.tail.stop();
    expect(w.tail.snapshot().streaming).toBe(0);
    await vi.waitFor(() => expect(w.source.following.size).toBe(0));
  });

  it('starts a queued stream when an open one ends', async () => {
    // qp9zr waits in CrashLoopBackOff: its log ends; x7k2m runs and holds its slot.
    const w = follow({ namespace: 'shop', selector: 'app=payments-worker' }, { maxStreams: 1 });
    await w.tail.start();
    expect(Object.fromEntries(w.tail.snapshot().streams.map((s) => [s.pod, s.state]))).toEqual({
      'payments-worker-5c8d7b9f4-qp9zr': 'streaming',
      'payments-worker-5c8d7b9f4-x7k2m': 'queued',
    });
    await vi.waitFor(() => {
      const byPod = Object.fromEntries(w.tail.snapshot().streams.map((s) => [s.pod, s.state]));
      expect(byPod).toEqual({ 'payments-worker-5c8d7b9f4-qp9zr': 'ended', 'payments-worker-5c8d7b9f4-x7k2m': 'streaming' });
    });
    expect(w.snapshots.every((s) => s.streaming <= 1)).toBe(true);
    expect([...w.tail.snapshot().lines].filter((l) => l.pod.endsWith('qp9zr')).length).toBeGreaterThan(0);
  });

  it('keeps the newest bufferLines lines and counts the ones it dropped', async () => {
    const w = follow(GATEWAY, { tailLines: 1000, bufferLines: 30 });
    await w.tail.start();
    const all = GATEWAY_PODS.flatMap((pod) => logLines(DEMO_BUNDLE, 'shop', pod, 'api-gateway')).sort((a, b) =>
      compareTimes(splitTimestamp(a).time!, splitTimestamp(b).time!),
    );
    await vi.waitFor(() => expect(w.tail.snapshot().dropped).toBe(all.length - 30));
    const snap = w.tail.snapshot();
    expect(snap.lines.length).toBe(30);
    expect([...snap.lines].map((l) => `${l.time} ${l.text}`)).toEqual(all.slice(-30));
  });

  it('bounds what one stream holds between flushes, dropping its oldest lines and counting them', async () => {
    const w = follow(GATEWAY, { tailLines: 1000, streamBufferLines: 10, flushMs: 60_000 });
    await w.tail.start();
    // Every chunk of both files has arrived (the source sends them in small chunks), not just the first that overflowed.
    const dropping = GATEWAY_PODS.map((pod) => logLines(DEMO_BUNDLE, 'shop', pod, 'api-gateway').length - 10);
    await vi.waitFor(() => expect(GATEWAY_PODS.map((pod) => w.tail.snapshot().streams.find((s) => s.pod === pod)?.dropped)).toEqual(dropping));
    await vi.waitFor(() => expect(w.source.following.size).toBe(2));
    w.tail.flush();
    const snap = w.tail.snapshot();
    for (const pod of GATEWAY_PODS) {
      const lines = logLines(DEMO_BUNDLE, 'shop', pod, 'api-gateway');
      const stream = snap.streams.find((s) => s.pod === pod)!;
      expect(stream.dropped).toBe(lines.length - 10);
      expect([...snap.lines].filter((l) => l.pod === pod).map((l) => `${l.time} ${l.text}`)).toEqual(lines.slice(-10));
    }
    expect(snap.dropped).toBe(snap.streams.reduce((n, s) => n + s.dropped, 0));
  });

  it("fetches a container's previous instance on demand, marked as previous", async () => {
    const w = follow({ namespace: 'shop', selector: 'app=payments-worker' });
    await w.tail.start();
    await w.tail.previous('payments-worker-5c8d7b9f4-x7k2m', 'payments-worker');
    w.tail.flush();
    const previous = [...w.tail.snapshot().lines].filter((l) => l.previous);
    const expected = logLines(DEMO_BUNDLE, 'shop', 'payments-worker-5c8d7b9f4-x7k2m', 'payments-worker', true);
    expect(previous.length).toBe(Math.min(expected.length, 100));
    expect(previous.every((l) => l.stream === 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)')).toBe(true);
    const lastTraced = previous.filter((l) => l.text.includes('4bf92f3577b34da6a3ce929d0e0e4736')).at(-1)!;
    expect(lastTraced.text).toContain('loading settlement batch');
    expect(w.tail.snapshot().streams.find((s) => s.previous)).toMatchObject({ state: 'ended', lines: previous.length });
  });

  it('polls with sinceTime when the source cannot follow, never repeating a line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-tail-'));
    dirs.push(dir);
    cpSync(DEMO_BUNDLE, dir, { recursive: true });
    const file = join(dir, 'logs/shop/cart-84c7f9d6b5-6bn4t/cart.log');
    const before = logLines(dir, 'shop', 'cart-84c7f9d6b5-6bn4t', 'cart');
    const options: BundleSourceOptions = { follow: false };
    const w = follow({ namespace: 'shop', selector: 'app=cart' }, { pollMs: 10, tailLines: 1000 }, new BundleSource(dir, options));
    await w.tail.start();
    const mine = () => [...w.tail.snapshot().lines].filter((l) => l.pod === 'cart-84c7f9d6b5-6bn4t');
    await vi.waitFor(() => expect(mine().length).toBe(before.length));
    // Two lines at the instant the last poll ended, then a later one: only the new ones arrive.
    const last = splitTimestamp(before.at(-1)!).time!;
    appendFileSync(file, `${last} level=info msg="same instant, new line"\n2026-06-15T09:12:03.000000001Z level=info msg="later"\n`);
    await vi.waitFor(() => expect(mine().length).toBe(before.length + 2));
    await new Promise((r) => setTimeout(r, 50));
    const texts = mine().map((l) => `${l.time} ${l.text}`);
    expect(texts).toEqual([...before, `${last} level=info msg="same instant, new line"`, '2026-06-15T09:12:03.000000001Z level=info msg="later"']);
  });

  it('keeps one abort listener per polled stream however many rounds it polls (no listener leak)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const source = new BundleSource(DEMO_BUNDLE, { follow: false });
      let polls = 0;
      const podLog = source.podLog.bind(source);
      source.podLog = (...args: Parameters<typeof podLog>) => {
        polls++;
        return podLog(...args);
      };
      const w = follow({ namespace: 'shop', selector: 'app=cart' }, { pollMs: 1 }, source);
      await w.tail.start();
      await vi.waitFor(() => expect(polls).toBeGreaterThan(30), { timeout: 10_000 });
      w.tail.stop();
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('finds pods by the workload selector and names a workload that does not exist', async () => {
    const source = new BundleSource(DEMO_BUNDLE);
    expect(await targetSelector(source, { namespace: 'shop', workload: { kind: 'Deployment', name: 'checkout' } })).toBe('app.kubernetes.io/name=checkout');
    expect(await targetSelector(source, { namespace: 'shop-e2e', workload: { kind: 'job', name: 'e2e-checkout-flow-1907' } })).toMatch(
      /^batch\.kubernetes\.io\/controller-uid=/,
    );
    await expect(targetSelector(source, { namespace: 'shop', workload: { kind: 'Deployment', name: 'nope' } })).rejects.toThrow(
      'deployment shop/nope not found',
    );
    await expect(targetSelector(source, { namespace: 'shop', workload: { kind: 'CronJob', name: 'x' } })).rejects.toThrow(/cannot follow a CronJob/);
  });

  it('ends the streams of pods that are gone when it lists the pods again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-tail-'));
    dirs.push(dir);
    cpSync(DEMO_BUNDLE, dir, { recursive: true });
    const w = follow({ namespace: 'shop', selector: 'app=cart' }, { refreshMs: 20 }, new BundleSource(dir));
    await w.tail.start();
    await vi.waitFor(() => expect(w.tail.snapshot().streaming).toBe(2));
    const podsFile = join(dir, 'resources/pods.json');
    const list = JSON.parse(readFileSync(podsFile, 'utf8'));
    list.items = list.items.filter((p: { metadata: { name: string } }) => p.metadata.name !== 'cart-84c7f9d6b5-9dsqw');
    writeFileSync(podsFile, JSON.stringify(list));
    await vi.waitFor(() =>
      expect(Object.fromEntries(w.tail.snapshot().streams.map((s) => [s.pod, s.state]))).toEqual({
        'cart-84c7f9d6b5-6bn4t': 'streaming',
        'cart-84c7f9d6b5-9dsqw': 'ended',
      }),
    );
  });
});

describe('log tails through the replay server', () => {
  it('follows a workload over --bundle with the real client: both pods, held open, closed on stop', async () => {
    const cluster = clusterFor(parseArgs(['--bundle', DEMO_BUNDLE], GLOBAL_FLAGS), { env: {}, cwd: process.cwd() }) as BundleCluster;
    try {
      const tail = new LogTail(cluster, GATEWAY, { flushMs: 20, refreshMs: 0, tailLines: 5 });
      tails.push(tail);
      await tail.start();
      await vi.waitFor(() => expect(tail.snapshot().lines.length).toBe(10), { timeout: 10_000 });
      const snap = tail.snapshot();
      expect(snap.streams.map((s) => s.state)).toEqual(['streaming', 'streaming']);
      for (const pod of GATEWAY_PODS) {
        expect([...snap.lines].filter((l) => l.pod === pod).map((l) => `${l.time} ${l.text}`)).toEqual(
          logLines(DEMO_BUNDLE, 'shop', pod, 'api-gateway').slice(-5),
        );
      }
      tail.stop();
      expect(tail.snapshot().streaming).toBe(0);
    } finally {
      await cluster.close();
    }
  });
});

describe('log lines', () => {
  it('splits the kubectl --timestamps prefix and compares instants to the nanosecond', () => {
    expect(splitTimestamp('2026-06-15T09:03:58.513711399Z x y')).toEqual({ time: '2026-06-15T09:03:58.513711399Z', text: 'x y' });
    expect(splitTimestamp('no time here')).toEqual({ text: 'no time here' });
    expect(compareTimes('2026-06-15T09:00:00.5Z', '2026-06-15T09:00:00.499999999Z')).toBeGreaterThan(0);
    expect(compareTimes('2026-06-15T09:00:00Z', '2026-06-15T09:00:00.000000000Z')).toBe(0);
    expect(compareTimes('2026-06-15T11:00:00+02:00', '2026-06-15T09:00:00.000000001Z')).toBeLessThan(0);
  });
});
