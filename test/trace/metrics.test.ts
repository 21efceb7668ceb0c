import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSchema, type TraceMetric } from '../../src/plan/schema';
import { parsePlan } from '../../src/plan/load';
import { followTrace } from '../../src/trace/follow';
import { traceCheck } from '../../src/trace/check';
import { metricAtOnset } from '../../src/trace/metrics';
import { fromMillis } from '../../src/trace/instant';
import { serve, tempDir } from '../checks/support';
import { closedPort, freePort } from '../support/ports';
import { openTestSession } from '../note/support';
import { filesIn, triage } from './support';
import { describeWith, onPath } from '../support/requires';

// The trace window's metrics against a real Prometheus (the Debian package) on loopback.
// Its history is backfilled with promtool from OpenMetrics text, so the values before and
// at onset are known to the sample: checkout's latency jumps from 0.1 to 0.9 at onset,
// cart's stays at 0.2, the payments queue stays at 5.

const PROMETHEUS = onPath('prometheus');
const PROMTOOL = onPath('promtool');
const withPrometheus = describeWith('Prometheus', PROMETHEUS && PROMTOOL, 'prometheus and promtool: apt-get install prometheus');
const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

// Two hours ago, on a whole minute: inside the default retention, before anything the head holds.
const ONSET_MS = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const onset = fromMillis(ONSET_MS);

let prometheus: ChildProcess;
let url: string;
const dirs = tempDir();

/** Samples every 15s from 40 minutes before onset to 10 minutes after. */
function history(): string {
  const lines = ['# TYPE checkout_latency_seconds gauge'];
  const at = (i: number) => ONSET_MS / 1000 + i * 15;
  for (let i = -160; i <= 40; i++) lines.push(`checkout_latency_seconds{service="checkout"} ${i < 0 ? 0.1 : 0.9} ${at(i)}`);
  for (let i = -160; i <= 40; i++) lines.push(`checkout_latency_seconds{service="cart"} 0.2 ${at(i)}`);
  lines.push('# TYPE orders_per_second gauge');
  for (let i = -160; i <= 40; i++) lines.push(`orders_per_second ${i < 0 ? 10 : 2} ${at(i)}`);
  // A spiky series: 10 every fourth sample (onset among them), 1 otherwise.
  lines.push('# TYPE retries_per_second gauge');
  for (let i = -160; i <= 40; i++) lines.push(`retries_per_second ${i % 4 === 0 ? 10 : 1} ${at(i)}`);
  lines.push('# TYPE payments_queue_depth gauge');
  for (let i = -160; i <= 40; i++) lines.push(`payments_queue_depth 5 ${at(i)}`);
  return `${lines.join('\n')}\n# EOF\n`;
}

async function until(test: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  if (!PROMETHEUS || !PROMTOOL) return; // withPrometheus has failed the file (CI) or skipped its tests
  const data = join(dirs.dir, 'data');
  writeFileSync(join(dirs.dir, 'history.om'), history());
  execFileSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dirs.dir, 'history.om'), data], { stdio: 'ignore' });
  const config = join(dirs.dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\n');
  const port = await freePort();
  prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], {
    stdio: 'ignore',
  });
  url = `http://127.0.0.1:${port}`;
  await until(
    async () => {
      const r = await fetch(`${url}/api/v1/query?query=payments_queue_depth&time=${ONSET_MS / 1000}`);
      return ((await r.json()) as { data: { result: unknown[] } }).data.result.length > 0;
    },
    'Prometheus to load the backfilled blocks',
    60_000,
  );
}, 90_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  if (prometheus && prometheus.exitCode === null) await new Promise((r) => prometheus.once('exit', r));
  dirs.cleanup();
});

const options = () => ({ signal: new AbortController().signal, timeoutMs: 5000 });
const metric = (name: string, query: string, at = url): TraceMetric => ({ name, url: at, query, window: '15m' });

withPrometheus('a metric before and at the trace onset', () => {
  it('flags a series that jumps at onset: median before, value at onset, ratio and delta, with a curl replay of the value at onset', async () => {
    const m = await metricAtOnset(metric('checkout-latency', 'checkout_latency_seconds{service="checkout"}'), onset, options());
    expect(m).toMatchObject({ verdict: 'moved', before: 0.1, atOnset: 0.9, seriesCount: 1, onset: new Date(ONSET_MS).toISOString() });
    expect(m.ratio).toBeCloseTo(9);
    expect(m.delta).toBeCloseTo(0.8);
    // 15m before onset, a step of 15s (15m / 60), up to a step before onset: 60 samples.
    expect(m.summary).toBe('0.1 before (median of 60 over 15m) → 0.9 at onset (×9, +0.8): moved');
    expect(m.replay).toBe(`curl -sS --max-time 5 '${url}/api/v1/query?query=checkout_latency_seconds%7Bservice%3D%22checkout%22%7D&time=${ONSET_MS / 1000}'`);
    expect(m.timing).toMatch(/^before: dns .* total \d+ms; at onset: dns .* total \d+ms$/);
    // The replay asks Prometheus the same question and gets the same value.
    const replayed = JSON.parse(execFileSync('sh', ['-c', m.replay], { encoding: 'utf8' })) as { data: { result: { value: [number, string] }[] } };
    expect(replayed.data.result[0]!.value[1]).toBe('0.9');
  });

  it('calls a flat series steady', async () => {
    const m = await metricAtOnset(metric('payments-queue', 'payments_queue_depth'), onset, options());
    expect(m).toMatchObject({ verdict: 'steady', before: 5, atOnset: 5, ratio: 1, delta: 0 });
    expect(m.summary).toBe('5 before (median of 60 over 15m) → 5 at onset (×1, +0), steady');
  });

  it('flags a drop to half or less as a move too', async () => {
    const m = await metricAtOnset(metric('orders', 'orders_per_second'), onset, options());
    expect(m).toMatchObject({ verdict: 'moved', before: 10, atOnset: 2, ratio: 0.2, delta: -8 });
    expect(m.summary).toBe('10 before (median of 60 over 15m) → 2 at onset (×0.2, -8): moved');
  });

  it('does not flag a spiky series at a value it already reached before onset, however far from its median', async () => {
    const m = await metricAtOnset(metric('retries', 'retries_per_second'), onset, options());
    expect(m).toMatchObject({ verdict: 'steady', before: 1, atOnset: 10, ratio: 10 });
    expect(m.summary).toBe('1 before (median of 60 over 15m) → 10 at onset (×10, +9), steady (it was there in the window before too)');
  });

  it('of several series, shows the one that moved and how many did', async () => {
    const m = await metricAtOnset(metric('latency', 'checkout_latency_seconds'), onset, options());
    expect(m).toMatchObject({ verdict: 'moved', seriesCount: 2, series: 'checkout_latency_seconds{service="checkout"}' });
    expect(m.summary).toMatch(/: moved; checkout_latency_seconds\{service="checkout"\}, 1 of 2 series moved$/);
  });

  it('says an empty result matched nothing, rather than calling it steady', async () => {
    const m = await metricAtOnset(metric('nowhere', 'checkout_latency_seconds{service="nowhere"}'), onset, options());
    expect(m.verdict).toBe('empty');
    expect(m.summary).toMatch(/^no series at onset or in the 15m before: the query matched nothing/);
  });

  it("says a bad query is a bad query (bad_data), with Prometheus' reason", async () => {
    const m = await metricAtOnset(metric('broken', 'sum(rate(checkout_latency_seconds[5m]'), onset, options());
    expect(m.verdict).toBe('bad-query');
    expect(m.summary).toMatch(/^bad query \(bad_data\): .*parse error/);
    expect(m.replay).toContain('query=sum%28rate%28checkout_latency_seconds%5B5m%5D');
  });

  it('says Prometheus was not reached when nothing listens', async () => {
    const { port, close } = await closedPort();
    onTestFinished(close);
    const m = await metricAtOnset(metric('latency', 'up', `http://127.0.0.1:${port}`), onset, options());
    expect(m.verdict).toBe('unreachable');
    expect(m.summary).toBe(`Prometheus not reached: connection refused: nothing listens on 127.0.0.1:${port}`);
  });

  it('says what answered when a 4xx or 5xx comes back instead of the API', async () => {
    const notApi = await metricAtOnset(metric('latency', 'up', `${url}/not-prometheus/`), onset, options());
    expect(notApi.verdict).toBe('http-error');
    expect(notApi.summary).toMatch(/^Prometheus answered HTTP 404 Not Found/);
    const proxy = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream connect error'));
    try {
      const m = await metricAtOnset(metric('latency', 'up', proxy.url), onset, { signal: new AbortController().signal, timeoutMs: 8000 });
      expect(m.verdict).toBe('http-error');
      expect(m.summary).toBe('Prometheus answered HTTP 502 Bad Gateway, not a Prometheus API answer: upstream connect error');
    } finally {
      await proxy.close();
    }
  });

  it("gives up at the caller's deadline when Prometheus never answers", async () => {
    const hang = await serve(() => undefined);
    try {
      const started = Date.now();
      const m = await metricAtOnset(metric('latency', 'up', hang.url), onset, { signal: new AbortController().signal, timeoutMs: 1000 });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(m.verdict).toBe('unreachable');
      expect(m.summary).toMatch(/^Prometheus not reached: /);
      expect(m.replay).toMatch(/^curl -sS --max-time 1 /);
    } finally {
      await hang.close();
    }
  });

  it('gives up at once when the caller aborts, as the rest of the follow does', async () => {
    const hang = await serve(() => undefined);
    try {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const started = Date.now();
      await expect(metricAtOnset(metric('latency', 'up', hang.url), onset, { signal: abort.signal, timeoutMs: 20_000 })).rejects.toThrow(/abort/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await hang.close();
    }
  });
});

withPrometheus("the followed trace compares the plan's metrics at its first error", () => {
  const at = (ms: number) => new Date(ONSET_MS + ms).toISOString();
  const plan = () =>
    planSchema.parse({
      traceId: ID,
      trace: {
        services: ['gateway', 'worker'],
        sources: ['file:gateway.log', 'file:worker.log'],
        metrics: [metric('checkout-latency', 'checkout_latency_seconds{service="checkout"}'), metric('payments-queue', 'payments_queue_depth')],
      },
    });
  const logs = () =>
    filesIn({
      'gateway.log': [`${at(-3000)} accepted ${ID}`],
      'worker.log': [`${at(-2000)} picked up ${ID}`, `${at(0)} ERROR charging failed ${ID}`],
    });

  it('queries each metric at the onset and hands them over with the timeline', async () => {
    const dir = logs();
    const outcome = await followTrace({ plan: plan(), baseDir: dir, signal: new AbortController().signal, now: new Date(ONSET_MS + 60_000), timeoutMs: 5000 });
    expect('result' in outcome && outcome.metrics?.map((m) => [m.name, m.verdict, m.onset])).toEqual([
      ['checkout-latency', 'moved', at(0)],
      ['payments-queue', 'steady', at(0)],
    ]);
  });

  it('puts them on the trace check: in its summary, as evidence lines and as facts with their replay', async () => {
    const dir = logs();
    const outcome = await traceCheck.run({
      signal: new AbortController().signal,
      timeoutMs: 10_000,
      plan: plan(),
      baseDir: dir,
      env: {},
      now: () => new Date(ONSET_MS + 60_000),
    });
    expect(outcome.summary).toMatch(/; metrics at onset: moved: checkout-latency$/);
    expect(outcome.evidence.map((e) => e.text)).toContain(
      'payments-queue: 5 before (median of 60 over 15m) → 5 at onset (×1, +0), steady (in ' +
        outcome.evidence.find((e) => e.text.startsWith('payments-queue'))!.text.split('(in ')[1],
    );
    const facts = outcome.facts!.filter((f) => f.kind === 'metric');
    expect(facts.map((f) => [f.subject, f.status, f.time])).toEqual([
      ['checkout-latency', 'info', at(0)],
      ['payments-queue', 'info', at(0)],
    ]);
    expect(facts[0]!.replay).toMatch(/^curl -sS --max-time \d+ 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query\?query=/);
  });

  it("lists them in the note's Timeline section, one line each with its replay, which runs as printed", async () => {
    const dir = logs();
    const session = openTestSession(dir, 'metrics-note', 'alice', plan(), [traceCheck]);
    try {
      await session.runChecksOf(['observability']);
      const note = session.previewNote();
      const timeline = /## Timeline\n([\s\S]*?)\n## /.exec(note)![1]!;
      expect(timeline).toContain(`Metrics at onset (\`${at(0)}\`, the trace's first error), each against its median over the window before:`);
      const lines = timeline.split('\n').filter((l) => l.startsWith('- `'));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^- `checkout-latency` \(prometheus http:\/\/127\.0\.0\.1:\d+\): 0\.1 before \(median of 60 over 15m\) → 0\.9 at onset \(×9, \+0\.8\): moved — replay: `curl -sS --max-time \d+ '.*&time=\d+'`$/,
      );
      expect(lines[1]).toMatch(/^- `payments-queue` .*: 5 before .*, steady — replay: `curl /);
      const replay = /replay: `(.*)`$/.exec(lines[0]!)![1]!;
      const answer = JSON.parse(execFileSync('sh', ['-c', replay], { encoding: 'utf8' })) as { data: { result: { value: [number, string] }[] } };
      expect(answer.data.result[0]!.value).toEqual([ONSET_MS / 1000, '0.9']);
      // Information beside the timeline: no mechanism is built from a metric.
      expect(note).not.toMatch(/## Mechanism[\s\S]*checkout-latency[\s\S]*## Evidence/);
    } finally {
      await session.quit();
    }
  });

  it('`triage trace` prints them after the stop, and puts them in its JSON', async () => {
    const dir = logs();
    writeFileSync(join(dir, 'triage.yaml'), JSON.stringify({ trace: plan().trace }));
    const text = await triage(['trace', ID], dir);
    expect(text.err).toBe('');
    expect(text.code).toBe(1);
    const block = text.out.slice(text.out.indexOf('metrics at onset'));
    expect(block.split('\n')[0]).toBe(`metrics at onset ${at(0)} (the first error), against the median before:`);
    expect(block).toMatch(
      /\n {2}▲ checkout-latency {2}0\.1 before \(median of 60 over 15m\) → 0\.9 at onset \(×9, \+0\.8\): moved \(in \d+ms\)\n {4}curl -sS --max-time 10 'http:/,
    );
    expect(block).toMatch(/\n {2}· payments-queue {4}5 before/);
    const json = JSON.parse((await triage(['trace', ID, '--format', 'json'], dir)).out) as { metrics: { name: string; verdict: string }[] };
    expect(json.metrics.map((m) => [m.name, m.verdict])).toEqual([
      ['checkout-latency', 'moved'],
      ['payments-queue', 'steady'],
    ]);
  });

  it("says a metric was not asked when following the trace left no time before the caller's deadline", async () => {
    const dir = logs();
    const outcome = await followTrace({
      plan: plan(),
      baseDir: dir,
      signal: new AbortController().signal,
      now: new Date(ONSET_MS + 60_000),
      timeoutMs: 5000,
      deadlineAt: performance.now(),
    });
    expect('result' in outcome && outcome.metrics?.map((m) => [m.name, m.verdict, m.summary])).toEqual([
      ['checkout-latency', 'not-asked', 'not asked: following the trace used the time there was'],
      ['payments-queue', 'not-asked', 'not asked: following the trace used the time there was'],
    ]);
    expect('result' in outcome && outcome.metrics![0]!.replay).toMatch(/^curl -sS --max-time 5 'http/);
  });

  it('asks nothing when the trace has no error: there is no onset', async () => {
    const dir = filesIn({ 'gateway.log': [`${at(0)} accepted ${ID}`], 'worker.log': [`${at(1000)} done ${ID}`] });
    const outcome = await followTrace({ plan: plan(), baseDir: dir, signal: new AbortController().signal, now: new Date(ONSET_MS + 60_000), timeoutMs: 5000 });
    expect('result' in outcome && outcome.metrics).toBeUndefined();
  });
});

describe('trace.metrics in the plan', () => {
  it('takes a list of name, url and query with a 15m window by default', () => {
    const plan = parsePlan('trace:\n  metrics:\n    - { name: p99, url: "http://127.0.0.1:9090", query: "up" }\n', 'triage.yaml');
    expect(plan.trace?.metrics).toEqual([{ name: 'p99', url: 'http://127.0.0.1:9090', query: 'up', window: '15m' }]);
  });

  it('refuses a bad entry naming the file, the line and the field', () => {
    const text = 'trace:\n  metrics:\n    - name: p99\n      url: "http://127.0.0.1:9090"\n      query: up\n      windw: 5m\n';
    expect(() => parsePlan(text, 'triage.yaml')).toThrow(/triage\.yaml:6.*trace\.metrics\[0\]\.windw.*unknown key/);
    expect(() => parsePlan('trace:\n  metrics:\n    - { name: p99, url: "ftp://x", query: up }\n', 'triage.yaml')).toThrow(
      /triage\.yaml:3.*trace\.metrics\[0\]\.url/,
    );
    expect(() =>
      parsePlan('trace:\n  metrics:\n    - { name: a, url: "http://x", query: up }\n    - { name: a, url: "http://x", query: up }\n', 'triage.yaml'),
    ).toThrow(/trace\.metrics.*share a name/);
  });
});
