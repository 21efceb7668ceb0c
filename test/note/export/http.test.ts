import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportError, retryAfterMs, send } from '../../../src/note/export/http';
import { github } from '../../../src/trackers/github';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering from a script of [status, headers, body], then 201 with an issue. */
async function scripted(script: [number, Record<string, string>, string][]): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [status, headers, body] = script.shift() ?? [201, {}, JSON.stringify({ number: 3, html_url: 'https://github.example.test/acme/shop/issues/3' })];
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const spec = github.createIssue({ apiUrl: '', repo: 'acme/shop' }, { title: 't', body: 'b', labels: [] });

describe('sending a tracker request', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Mon, 15 Jun 2026 08:00:10 GMT', Date.parse('2026-06-15T08:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('bounds a long Retry-After and then succeeds', async () => {
    const apiUrl = await scripted([[503, { 'Retry-After': '3600' }, '{"message":"maintenance"}']]);
    const retries: string[] = [];
    const issue = await send(spec, { tracker: 'github', repo: 'acme/shop', apiUrl, headers: {}, maxWaitMs: 20, onRetry: (m) => retries.push(m) });
    expect(issue).toEqual({ number: 3, url: 'https://github.example.test/acme/shop/issues/3' });
    expect(retries).toEqual([expect.stringMatching(/503 Service Unavailable \(maintenance\); retrying in 0 s \(attempt 2 of 4\)/)]);
  });

  it('retries a GitHub secondary rate limit (403 with Retry-After)', async () => {
    const apiUrl = await scripted([[403, { 'Retry-After': '0' }, '{"message":"You have exceeded a secondary rate limit"}']]);
    await expect(send(spec, { tracker: 'github', repo: 'acme/shop', apiUrl, headers: {} })).resolves.toMatchObject({ number: 3 });
  });

  it('refuses a success without the fields the tracker documents', async () => {
    const apiUrl = await scripted([[201, {}, '{"id":1}']]);
    const error = await send(spec, { tracker: 'github', repo: 'acme/shop', apiUrl, headers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(/answered POST .* without number/);
  });

  it('reports an unreachable tracker after its attempts', async () => {
    const apiUrl = await scripted([]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await send(spec, { tracker: 'github', repo: 'acme/shop', apiUrl, headers: {}, backoffMs: 1, attempts: 2 }).catch((e: unknown) => e);
    expect((error as ExportError).kind).toBe('unreachable');
    expect((error as ExportError).message).toMatch(/failed 2 times; last: fetch failed: .*ECONNREFUSED/);
  });
});
