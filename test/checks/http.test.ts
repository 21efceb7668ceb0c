import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { httpKind, httpSpec, type HttpSpec } from '../../src/checks/kinds/http';
import { runChecks } from '../../src/checks/runner';
import { planSchema } from '../../src/plan/schema';
import { coldListener, run, serve, type Served } from './support';
import { closedPort } from '../support/ports';

const servers: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof serve>[0]): Promise<Served> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

function http(spec: Partial<HttpSpec> & { url: string }) {
  return httpKind.create(httpSpec.parse({ kind: 'http', ...spec }), 'environment', 0);
}

const json = (body: unknown) => (_req: IncomingMessage, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('http check', () => {
  it('passes on the expected status, with a timing breakdown and a curl replay', async () => {
    const api = await server(json({ sha: 'abc1234' }));
    const result = await run(http({ url: `${api.url}/buildinfo` }));
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^GET \/buildinfo → 200 in \d+ms$/);
    const timing = result.evidence.find((e) => e.text.startsWith('timing:'));
    expect(timing?.text).toMatch(/^timing: dns — · connect \d+ms · tls — · first byte \d+ms · total \d+ms$/);
    expect(timing?.source).toBe(`http GET ${api.url}/buildinfo`);
    expect(result.evidence.map((e) => e.text)).toContain('body: {"sha":"abc1234"}');
    expect(result.replay).toBe(`curl -sS -i -X GET --max-time 5 ${api.url}/buildinfo`);
  });

  it('names the JSON field that differs from the expected value', async () => {
    const api = await server(json({ build: { sha: 'abc1234' } }));
    const result = await run(http({ url: `${api.url}/buildinfo`, jsonField: { path: 'build.sha', equals: 'def5678' } }));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^GET \/buildinfo → 200 in \d+ms, build\.sha abc1234 ≠ expected def5678$/);
    expect(result.evidence.map((e) => e.text)).toContain('build.sha = abc1234');
  });

  it('passes a JSON field that matches its regex', async () => {
    const api = await server(json({ items: [{ state: 'READY' }] }));
    const result = await run(http({ url: `${api.url}/state`, jsonField: { path: 'items[0].state', matches: '^READY$' } }));
    expect(result.status).toBe('pass');
  });

  it('fails an unexpected status and quotes the start of the body', async () => {
    const worker = await server((_req, res) => {
      res.writeHead(503);
      res.end('worker restarting after OOMKilled');
    });
    const result = await run(http({ url: `${worker.url}/healthz`, expectStatus: [200, 204] }));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/→ 503 in \d+ms, expected 200 or 204: worker restarting after OOMKilled$/);
    expect(result.bucket).toBe('environment-not-ready');
  });

  it('fails a body that does not match', async () => {
    const api = await server((_req, res) => res.end('status: degraded'));
    const result = await run(http({ url: api.url, bodyMatches: 'status: ok' }));
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('body does not match /status: ok/');
  });

  it('sends header values from the environment but never shows them', async () => {
    let received: string | undefined;
    const api = await server((req, res) => {
      received = req.headers.authorization;
      res.end('ok');
    });
    const spec = {
      url: api.url,
      headers: [
        { name: 'Authorization', fromEnv: 'API_TOKEN' },
        { name: 'X-Tenant', value: 'acme-secret-tenant' },
      ],
    };
    const result = await run(http(spec), { env: { API_TOKEN: 'Bearer s3cr3t-t0ken' } });
    expect(received).toBe('Bearer s3cr3t-t0ken');
    expect(result.status).toBe('pass');
    const shown = JSON.stringify(result);
    expect(shown).not.toContain('s3cr3t');
    expect(shown).not.toContain('acme-secret-tenant');
    expect(result.replay).toContain(`-H "Authorization: $API_TOKEN"`);
    expect(result.replay).toContain(`-H 'X-Tenant: <redacted>'`);
  });

  it('does not send a request whose header variable is unset', async () => {
    let requests = 0;
    const api = await server((_req, res) => {
      requests++;
      res.end('ok');
    });
    const result = await run(http({ url: api.url, headers: [{ name: 'Authorization', fromEnv: 'API_TOKEN' }] }), { env: {} });
    expect(result.status).toBe('error');
    expect(result.summary).toBe('not sent: header Authorization needs $API_TOKEN, which is not set');
    expect(requests).toBe(0);
  });

  it('fails a refused connection with the reason', async () => {
    const { port, close } = await closedPort();
    onTestFinished(close);
    const result = await run(http({ url: `http://127.0.0.1:${port}/healthz` }));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(`GET /healthz → connection refused: nothing listens on 127.0.0.1:${port}`);
  });

  it('fails an endpoint that accepts and never answers, before the deadline', async () => {
    const hang = await server(() => {});
    const result = await run(http({ url: `${hang.url}/healthz` }), { timeoutMs: 800 });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^GET \/healthz → connected, but no response within \d+ms$/);
  });

  it('measures a slow answer in the first-byte timing', async () => {
    const slow = await server((_req, res) => setTimeout(() => res.end('ok'), 300));
    const result = await run(http({ url: slow.url }));
    expect(result.status).toBe('pass');
    const firstByte = Number(/first byte (\d+)ms/.exec(result.evidence.map((e) => e.text).join('\n'))?.[1]);
    expect(firstByte).toBeGreaterThanOrEqual(290);
  });

  it('retries once when the first connect times out, and says so', async () => {
    const cold = await coldListener();
    servers.push(cold);
    // The first SYN is dropped; the listener warms up while the first attempt waits.
    setTimeout(() => cold.warm(), 150);
    const result = await run(http({ url: `http://127.0.0.1:${cold.port}/`, connectTimeout: '500ms' }), { timeoutMs: 4000 });
    expect(result.summary).toMatch(/^GET \/ → 200 in \d+ms \(first connect timed out, retried once\)$/);
    expect(result.status).toBe('warn');
    expect(result.evidence[0]?.text).toBe('first connect timed out after 500ms; retried once (a cold first connection is a known false alarm)');
  });

  it('fails when the retry times out too', async () => {
    const cold = await coldListener();
    servers.push(cold);
    const result = await run(http({ url: `http://127.0.0.1:${cold.port}/`, connectTimeout: '200ms' }), { timeoutMs: 3000 });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(`GET / → connect to 127.0.0.1:${cold.port} timed out after 200ms (first connect timed out, retried once)`);
  });

  it('replays HEAD as curl -I and a body as --data-raw', async () => {
    expect(http({ url: 'http://127.0.0.1:9/x', method: 'HEAD' }).id).toBe('environment/http-1');
    const api = await server((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => res.end(body));
    });
    const post = await run(http({ url: api.url, method: 'POST', body: `{"q":"it's"}`, bodyMatches: '"q"' }));
    expect(post.status).toBe('pass');
    expect(post.replay).toBe(`curl -sS -i -X POST --data-raw '{"q":"it'\\''s"}' --max-time 5 ${api.url}`);
    const head = await run(http({ url: api.url, method: 'HEAD' }));
    expect(head.replay).toMatch(/^curl -sS -I --max-time 5 /);
  });

  it('titles a check after its method, host and path', () => {
    expect(http({ url: 'http://api.shop.svc:8080/buildinfo' }).title).toBe('GET api.shop.svc:8080 /buildinfo');
    expect(http({ url: 'http://10.0.0.1/buildinfo', name: 'api' })).toMatchObject({ id: 'environment/api', title: 'GET api /buildinfo' });
  });

  it('rejects a header with both a value and an environment variable', () => {
    const parsed = httpSpec.safeParse({ kind: 'http', url: 'http://x/', headers: [{ name: 'A', value: 'v', fromEnv: 'V' }] });
    expect(parsed.success).toBe(false);
  });
});

describe('http check under the runner', () => {
  it('turns a hanging endpoint into a result within the timeout, and cancels the request on quit', async () => {
    let closed = 0;
    const hang = await server((req) => req.socket.on('close', () => closed++));
    const quit = new AbortController();
    const checks = [http({ url: `${hang.url}/a`, name: 'a' }), { ...http({ url: `${hang.url}/b`, name: 'b' }), timeoutMs: 60_000 }];
    const started = Date.now();
    const pending = runChecks(checks, {
      concurrency: 2,
      defaultTimeoutMs: 600,
      signal: quit.signal,
      context: { plan: planSchema.parse({}), baseDir: process.cwd(), env: {}, now: () => new Date() },
      onFinish: (check) => {
        if (check.id === 'environment/a') quit.abort();
      },
    });
    const [a, b] = await pending;
    expect(a!.status).toBe('fail');
    expect(a!.summary).toMatch(/no response within/);
    // Its own deadline, not the other's 60 s (the margin is for a loaded machine's late timers).
    expect(a!.durationMs).toBeLessThan(600 + 2000);
    // The one with a long deadline ends when the person quits, not after 60 s.
    expect(b!).toMatchObject({ status: 'error', summary: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5000);
    await vi.waitFor(() => expect(closed).toBe(2));
  });
});
