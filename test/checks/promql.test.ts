import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promqlKind, promqlSpec } from '../../src/checks/kinds/promql';
import { checkSpecSchema } from '../../src/checks/registry';
import { run, serve, tempDir, type Served } from './support';
import { closedPort, freePort } from '../support/ports';
import { describeWith, onPath } from '../support/requires';

// A real Prometheus (the Debian package) on loopback, scraping a small exporter this test
// serves, asked real questions about real series.

const PROMETHEUS = onPath('prometheus');

// What the exporter says: checkout's error ratio is up, payments is up, the collector is under its limit.
const METRICS = `# TYPE checkout_error_ratio gauge
checkout_error_ratio{service="checkout"} 0.12
checkout_error_ratio{service="cart"} 0.01
# TYPE payments_up gauge
payments_up 1
# TYPE collector_memory_bytes gauge
collector_memory_bytes 900
`;

let exporter: Served;
let prometheus: ChildProcess;
let url: string;
const dirs = tempDir();

async function until(test: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  if (!PROMETHEUS) return; // describeWith has failed the file (CI) or skipped its tests
  exporter = await serve((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(METRICS);
  });
  const port = await freePort();
  const config = join(dirs.dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: shop\n    static_configs:\n      - targets: ['127.0.0.1:${exporter.port}']\n`,
  );
  prometheus = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dirs.dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'],
    { stdio: 'ignore' },
  );
  url = `http://127.0.0.1:${port}`;
  // Ready once the first scrape is in: a series has a value.
  await until(
    async () => {
      const r = await fetch(`${url}/api/v1/query?query=payments_up`);
      return ((await r.json()) as { data: { result: unknown[] } }).data.result.length > 0;
    },
    'Prometheus to scrape the exporter',
    60_000,
  );
  // Samples over the last 3 s, so the 3 s range below is covered from its start: a range
  // query over those seconds (at the check's 1 s step) has its first point at the start's step.
  await until(
    async () => {
      const end = Math.floor(Date.now() / 1000);
      const q = new URLSearchParams({ query: 'checkout_error_ratio{service="checkout"}', start: String(end - 3), end: String(end), step: '1s' });
      const r = await fetch(`${url}/api/v1/query_range?${q}`);
      const first = ((await r.json()) as { data: { result: { values: [number, string][] }[] } }).data.result[0]?.values[0];
      return first !== undefined && first[0] <= end - 3 + 1;
    },
    'three seconds of samples',
    60_000,
  );
}, 90_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  if (prometheus && prometheus.exitCode === null) await new Promise((r) => prometheus.once('exit', r));
  await exporter?.close();
  dirs.cleanup();
});

function promql(spec: Record<string, unknown>) {
  return promqlKind.create(promqlSpec.parse({ kind: 'promql', url, ...spec }), 'environment', 0);
}

describeWith(
  'Prometheus',
  PROMETHEUS,
  'apt-get install prometheus',
)('promql check', () => {
  it('fails when a series meets the condition, naming it and its value, with a curl replay', async () => {
    const result = await run(promql({ name: 'checkout-errors', query: 'max by (service) (checkout_error_ratio)', failWhen: '> 0.05' }));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('{service="checkout"} = 0.12: > 0.05');
    expect(result.evidence.map((e) => e.text)).toContain('{service="cart"} = 0.01');
    expect(result.evidence.find((e) => e.text.startsWith('timing:'))?.text).toMatch(/total \d+ms$/);
    expect(result.replay).toBe(`curl -sS -G --max-time 5 --data-urlencode 'query=max by (service) (checkout_error_ratio)' ${url}/api/v1/query`);
  });

  it('passes when no series meets it', async () => {
    const result = await run(promql({ query: 'payments_up', failWhen: '== 0' }));
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^payments_up\{instance="127\.0\.0\.1:\d+",job="shop"\} = 1, none == 0 \(in \d+ms\)$/);
    const memory = await run(promql({ query: 'collector_memory_bytes / 1000', failWhen: '>= 0.95' }));
    expect(memory.status).toBe('pass');
    expect(memory.summary).toMatch(/^\{instance="127\.0\.0\.1:\d+",job="shop"\} = 0\.9, none >= 0\.95/);
  });

  it('judges a range with `for`: the condition must hold at every sample', async () => {
    const held = await run(promql({ query: 'checkout_error_ratio{service="checkout"}', failWhen: '> 0.05', for: '3s' }));
    expect(held.status).toBe('fail');
    expect(held.summary).toMatch(/: > 0\.05 for 3s$/);
    expect(held.evidence.some((e) => / \(\d+ samples, 0\.12–0\.12\)/.test(e.text))).toBe(true);
    expect(held.replay).toContain('query_range');
    const never = await run(promql({ query: 'payments_up', failWhen: '< 1', for: '3s' }));
    expect(never.status).toBe('pass');
    // Over a range longer than the series has existed, it cannot have held for all of it.
    const young = await run(promql({ query: 'checkout_error_ratio{service="checkout"}', failWhen: '> 0.05', for: '1h' }));
    expect(young.status).toBe('pass');
    expect(young.evidence.some((e) => /first seen \d+m into the 1h$/.test(e.text))).toBe(true);
  });

  it('warns on an empty result: the condition cannot be judged', async () => {
    const result = await run(promql({ query: 'checkout_error_ratio{service="nowhere"}', failWhen: '> 0.05' }));
    expect(result.status).toBe('warn');
    expect(result.summary).toMatch(/^no series: the query matched nothing/);
  });

  it("says a bad query is a bad query (bad_data), with Prometheus' reason", async () => {
    const result = await run(promql({ query: 'sum(rate(checkout_error_ratio[5m]', failWhen: '> 0' }));
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^bad query \(bad_data\): .*parse error/);
  });

  it('says Prometheus answered 4xx when the URL is not its API', async () => {
    const result = await run(
      promqlKind.create(promqlSpec.parse({ kind: 'promql', url: `${url}/not-prometheus/`, query: 'up', failWhen: '== 0' }), 'environment', 0),
    );
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^Prometheus answered HTTP 404 Not Found/);
  });

  it('says Prometheus answered 5xx when a proxy in front of it fails', async () => {
    const proxy = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream connect error'));
    try {
      const result = await run(promqlKind.create(promqlSpec.parse({ kind: 'promql', url: proxy.url, query: 'up', failWhen: '== 0' }), 'environment', 0), {
        timeoutMs: 8000,
      });
      expect(result.status).toBe('error');
      expect(result.summary).toBe('Prometheus answered HTTP 502 Bad Gateway, not a Prometheus API answer: upstream connect error');
    } finally {
      await proxy.close();
    }
  });

  it('says Prometheus was not reached when nothing listens', async () => {
    const { port, close } = await closedPort();
    onTestFinished(close);
    const result = await run(
      promqlKind.create(promqlSpec.parse({ kind: 'promql', url: `http://127.0.0.1:${port}`, query: 'up', failWhen: '== 0' }), 'environment', 0),
    );
    expect(result.status).toBe('error');
    expect(result.summary).toBe(`Prometheus not reached: connection refused: nothing listens on 127.0.0.1:${port}`);
  });

  it('refuses a condition it cannot read, naming the field', () => {
    const parsed = checkSpecSchema.safeParse({ kind: 'promql', url, query: 'up', failWhen: 'above 5' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['failWhen'] });
  });
});
