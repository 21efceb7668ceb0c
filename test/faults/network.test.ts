// Transient and silent networks on loopback: a black-holed port, a TLS handshake that never
// comes, endpoints and a Kubernetes API that flap (429/503 with Retry-After) or crawl. The
// API is the real replay server behind a proxy that injects the faults.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tcpKind, tcpSpec } from '../../src/checks/kinds/tcp';
import { httpKind, httpSpec } from '../../src/checks/kinds/http';
import { startReplay, type ReplayServer } from '../../src/kube/replay/server';
import { run } from '../checks/support';
import { triage } from '../bad-input/run';
import { MINI_BUNDLE } from '../bad-input/run';
import { blackHole, faultyProxy, httpServer, kubeconfigVia, removeTempDirs, silentServer, tempDir, type Listener } from './support';

// A check answers by its deadline; the runner waits up to a second more for an answer told
// late by a loaded machine (DEADLINE_GRACE_MS), and that is the bound a test can hold it to.
const GRACE_MS = 1000;
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));
afterAll(removeTempDirs);

const tcp = (port: number, extra: Record<string, unknown> = {}) =>
  tcpKind.create(tcpSpec.parse({ kind: 'tcp', host: '127.0.0.1', port, ...extra }), 'environment', 0);
const http = (spec: Record<string, unknown>) => httpKind.create(httpSpec.parse({ kind: 'http', ...spec }), 'environment', 0);
const keep = <T extends Listener>(l: T): T => (closers.push(() => l.close()), l);

describe('a black-holed TCP port', () => {
  it('whose listener never accepts is "no answer", not "reachable", though the kernel took the first connection', async () => {
    const hole = keep(await blackHole());
    const result = await run(tcp(hole.port), { timeoutMs: 3000 });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:${hole.port} no answer: the kernel took the first connection, but a second got no answer`));
    expect(result.durationMs).toBeLessThan(3000 + GRACE_MS);
  });

  it('whose queue is already full (every SYN dropped) is "no answer" within the deadline', async () => {
    const hole = keep(await blackHole(true));
    const result = await run(tcp(hole.port), { timeoutMs: 2000 });
    expect(result).toMatchObject({ status: 'fail', summary: `127.0.0.1:${hole.port} no answer: connect timed out after 667ms (twice)` });
    expect(result.durationMs).toBeLessThan(2000 + GRACE_MS);
  });

  it('is still "reachable" when a real server listens', async () => {
    const server = keep(await httpServer((_n, _req, res) => res.end('ok')));
    const result = await run(tcp(server.port), { timeoutMs: 3000 });
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/reachable, connected in \d+ms$/);
  });

  it('answers no HTTP check either, within its deadline', async () => {
    const hole = keep(await blackHole());
    const result = await run(http({ url: `http://127.0.0.1:${hole.port}/healthz` }), { timeoutMs: 2000 });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/connected, but no response within|connect to .* timed out/);
    expect(result.durationMs).toBeLessThan(2000 + GRACE_MS);
  });
});

describe('a TLS handshake that never comes', () => {
  it('fails an https check at its deadline instead of hanging', async () => {
    const silent = keep(await silentServer());
    const result = await run(http({ url: `https://127.0.0.1:${silent.port}/healthz` }), { timeoutMs: 1500 });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/connected, but no response within 1\.\ds/);
    expect(result.durationMs).toBeLessThan(1500 + GRACE_MS);
  });
});

describe('an endpoint that flaps', () => {
  it('answering 503 with Retry-After: 1 once is retried after a second and is a warn naming it', async () => {
    const api = keep(await httpServer((n, _req, res) => (n === 0 ? (res.writeHead(503, { 'Retry-After': '1' }), res.end('busy')) : res.end('ok'))));
    const result = await run(http({ url: `${api.url}/healthz` }), { timeoutMs: 5000 });
    expect(result.status).toBe('warn');
    expect(result.summary).toMatch(/→ 200 in \d+ms \(after 503 \(Retry-After 1\), retried\)$/);
    expect(result.evidence.map((e) => e.text)).toContain('answered 503 (Retry-After 1) first; retried after 1.0s');
    expect(api.seen[1]!.at - api.seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('answering 429 twice without Retry-After backs off and gets its answer', async () => {
    const api = keep(await httpServer((n, _req, res) => (n < 2 ? (res.writeHead(429), res.end()) : res.end('ok'))));
    const result = await run(http({ url: api.url }), { timeoutMs: 5000 });
    expect(result.status).toBe('warn');
    expect(api.seen).toHaveLength(3);
    expect(api.seen[2]!.at - api.seen[1]!.at).toBeGreaterThan(api.seen[1]!.at - api.seen[0]!.at);
  });

  it('whose Retry-After is past the deadline is not waited for: the 503 is the answer, in time', async () => {
    const api = keep(await httpServer((_n, _req, res) => (res.writeHead(503, { 'Retry-After': '30' }), res.end('down for maintenance'))));
    const result = await run(http({ url: api.url }), { timeoutMs: 2000 });
    expect(result.status).toBe('fail');
    expect(api.seen).toHaveLength(1);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('is never retried for a status the check expects, nor a 503 to a POST', async () => {
    const api = keep(await httpServer((_n, _req, res) => (res.writeHead(503), res.end())));
    expect((await run(http({ url: api.url, expectStatus: 503 }), { timeoutMs: 3000 })).status).toBe('pass');
    expect((await run(http({ url: api.url, method: 'POST', body: '{}' }), { timeoutMs: 3000 })).status).toBe('fail');
    expect(api.seen).toHaveLength(2);
  });
});

describe('a Kubernetes API that flaps or crawls (the replay behind a faulty proxy)', () => {
  let replay: ReplayServer;
  let kubeconfig: string;
  beforeAll(async () => {
    replay = await startReplay(MINI_BUNDLE);
    kubeconfig = replay.kubeconfig();
  });
  afterAll(() => replay.close());

  // The walk, the replay and the proxy share this worker's one thread: on a loaded machine a
  // list waited past the default 8 s request deadline even with no fault at all (a steady
  // walk's checks "unreachable"), and with 30 s (a call's deadline then 30 s too) two checks
  // of a steady walk still ended in error with a second suite running beside this one.
  // The deadlines are set here, far above what the faults need (a second's Retry-After,
  // backoffs, 0.5 s answers) and what a loaded machine takes, so only the faults make a
  // difference; the tests' own time limits are only there to end a hang.
  const walk = async (server: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kc'), kubeconfigVia(kubeconfig, server));
    writeFileSync(join(dir, 'triage.yaml'), 'name: shop\nnamespaces: [shop, batch]\ntimeout: 300s\n');
    const ran = await triage(['run', '--kubeconfig', 'kc', '--request-timeout', '120s', '--format', 'json'], dir);
    const checks = (JSON.parse(ran.stdout) as { steps: { checks: { id: string; status: string; summary: string }[] }[] }).steps.flatMap((s) => s.checks);
    return { ...ran, checks };
  };

  it('answering 429 (Retry-After: 1) and 503 to three requests in ten gives the same walk as a steady API', async () => {
    const steady = await walk(replay.url);
    expect(steady.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    // Every tenth request a 429 (every twentieth asks for a second's wait), two more a bare 503.
    const flapping = keep(
      await faultyProxy(replay.url, (n) =>
        n % 10 === 1 ? { status: 429, retryAfter: n % 20 === 1 ? '1' : '0' } : n % 10 === 4 || n % 10 === 7 ? { status: 503 } : {},
      ),
    );
    const flapped = await walk(flapping.url);
    expect(flapping.seen.length).toBeGreaterThan(10);
    expect(flapped.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(flapped.checks.map((c) => [c.id, c.status])).toEqual(steady.checks.map((c) => [c.id, c.status]));
    expect(flapped.code).toBe(steady.code);
  }, 300_000);

  it('that crawls (0.5 s an answer) is slow, not unreachable', async () => {
    const slow = keep(await faultyProxy(replay.url, () => ({ delayMs: 500 })));
    const crawled = await walk(slow.url);
    expect(crawled.checks.filter((c) => /unreachable/.test(c.summary))).toEqual([]);
    expect(crawled.code).not.toBe(3);
  }, 300_000);

  it('that answers every list with 503 is reported as answering: exit 1, never 3 "unreachable"', async () => {
    const down = keep(await faultyProxy(replay.url, (_n, req) => (req.url === '/version' ? {} : { status: 503, retryAfter: '60' })));
    const walked = await walk(down.url);
    const cluster = walked.checks.filter((c) => c.status !== 'skip');
    expect(cluster.length).toBeGreaterThan(5);
    expect(cluster.every((c) => c.status === 'error')).toBe(true);
    expect(walked.code).toBe(1);
  }, 300_000);
});
