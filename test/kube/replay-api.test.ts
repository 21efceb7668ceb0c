// The replay server at the HTTP level: what any client (not only kubectl) may send.
import { cpSync, createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplay, type ReplayServer } from '../../src/kube/replay/server';
import { InputError } from '../../src/errors';
import { MINI, removeTempDirs, replayFetch, tempDir } from './support';

const POD = '/api/v1/namespaces/shop/pods/checkout-7d9f8c6b5-q8m2z';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('replay server API', () => {
  let server: ReplayServer;
  const auth = () => ({ Authorization: `Bearer ${server.token}` });
  const fetch = (url: string, init?: Parameters<typeof replayFetch>[2]) => replayFetch(server, url, init);
  const get = (path: string, accept = 'application/json') => fetch(`${server.url}${path}`, { headers: { Accept: accept, ...auth() } });
  const json = async (path: string, accept?: string) => (await get(path, accept)).json() as Promise<Record<string, any>>;
  const text = async (path: string) => (await get(path)).text();

  beforeAll(async () => {
    server = await startReplay(MINI);
  });
  afterAll(async () => {
    await server.close();
    removeTempDirs();
  });

  it('answers only loopback Host names with its bearer token', async () => {
    const { request } = await import('node:https');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/api/v1/secrets`, { headers, ca: server.certificate, checkServerIdentity: () => undefined }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const bearer = `Bearer ${server.token}`;
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, 'localhost']) {
      expect(await status({ Host: host, Authorization: bearer }), host).toBe(200);
    }
    // A page served from a rebound name sends that name as Host.
    for (const host of [`attacker.example:${server.port}`, `127.0.0.1.nip.io:${server.port}`, `localhost.attacker.example`, `[::1].attacker.example`]) {
      expect(await status({ Host: host, Authorization: bearer }), host).toBe(403);
    }
    expect(await status({ Host: `127.0.0.1:${server.port}` })).toBe(401);
    expect(await status({ Host: `127.0.0.1:${server.port}`, Authorization: 'Bearer wrong' })).toBe(401);
    expect(await status({ Host: `127.0.0.1:${server.port}`, Authorization: `Basic ${server.token}` })).toBe(401);
    const denied = await fetch(`${server.url}/api/v1/namespaces/shop/pods/checkout-7d9f8c6b5-q8m2z/log`, { headers: { Authorization: '' } });
    expect(denied.status).toBe(401);
    expect(await denied.text()).not.toContain('checkout');
  });

  it('serves discovery: versions, groups and resource lists with read verbs only', async () => {
    expect((await json('/version')).gitVersion).toBe('v1.31.2');
    expect((await json('/api')).versions).toEqual(['v1']);
    const groups = (await json('/apis')).groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'batch', 'autoscaling', 'authorization.k8s.io']));
    const apps = await json('/apis/apps/v1');
    const deployments = apps.resources.find((r: { name: string }) => r.name === 'deployments');
    expect(deployments).toMatchObject({ kind: 'Deployment', namespaced: true, verbs: ['get', 'list', 'watch'], shortNames: ['deploy'] });
    expect(apps.resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
  });

  it('lists namespaced and across namespaces, and gets one object with apiVersion and kind', async () => {
    expect((await json('/api/v1/pods')).items).toHaveLength(4);
    const shop = await json('/api/v1/namespaces/shop/pods');
    expect(shop.kind).toBe('PodList');
    expect(shop.items).toHaveLength(3);
    const pod = await json(POD);
    expect([pod.apiVersion, pod.kind, pod.metadata.name]).toEqual(['v1', 'Pod', 'checkout-7d9f8c6b5-q8m2z']);
    const missing = await get('/api/v1/namespaces/shop/pods/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('filters by field selectors and label selectors, and rejects a malformed selector with 400', async () => {
    const names = async (q: string) => (await json(`/api/v1/pods?${q}`)).items.map((p: { metadata: { name: string } }) => p.metadata.name).sort();
    expect(await names('fieldSelector=status.phase%3DFailed')).toEqual(['e2e-smoke-4711-7xq2n']);
    expect(await names('fieldSelector=metadata.namespace%3Dshop,status.phase!%3DRunning')).toEqual([]);
    expect(await names('fieldSelector=spec.nodeName%3Dkind-control-plane')).toEqual([]);
    expect(await names('labelSelector=app%3Dfrontend')).toEqual(['frontend-5c8d7b9f4-m7wqt']);
    expect(await names('labelSelector=!app')).toEqual(['e2e-smoke-4711-7xq2n']);
    const events = await json('/api/v1/events?fieldSelector=involvedObject.kind%3DJob,involvedObject.name%3De2e-smoke-4711');
    expect(events.items.map((e: { reason: string }) => e.reason)).toEqual(['BackoffLimitExceeded']);
    const bad = await get('/api/v1/pods?labelSelector=app%3D%3D%3D');
    expect(bad.status).toBe(400);
  });

  it('pages a list with limit and continue', async () => {
    const first = await json('/api/v1/pods?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = await json(`/api/v1/pods?limit=3&continue=${first.metadata.continue}`);
    expect(second.items).toHaveLength(1);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('answers a Table with columns, wide columns at priority 1, and metadata objects for each row', async () => {
    const table = await json('/apis/apps/v1/namespaces/shop/deployments', TABLE);
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Up-to-date:0',
      'Available:0',
      'Age:0',
      'Containers:1',
      'Images:1',
      'Selector:1',
    ]);
    expect(table.rows[0].cells).toEqual(['checkout', '1/2', 2, 1, '2d23h', 'checkout', 'registry.example.com/shop/checkout:1.14.2', 'app=checkout']);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'checkout', namespace: 'shop' } });
    const generic = await json('/api/v1/namespaces/shop/endpoints', TABLE);
    expect(generic.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Age']);
  });

  it('serves pods/log with tailLines, timestamps, sinceTime, sinceSeconds and limitBytes', async () => {
    const log = `${POD}/log?container=checkout`;
    const all = await text(`${log}&timestamps=true`);
    expect(all).toBe(readFileSync(join(MINI, 'logs/shop/checkout-7d9f8c6b5-q8m2z/checkout.log'), 'utf8'));
    const previous = await text(`${log}&previous=true&timestamps=true`);
    expect(previous).toBe(readFileSync(join(MINI, 'logs/shop/checkout-7d9f8c6b5-q8m2z/checkout.previous.log'), 'utf8'));
    expect((await text(`${log}&tailLines=2`)).split('\n')).toEqual([
      '{"level":"warn","ts":"2025-03-14T09:24:47.918Z","msg":"heap above soft limit","heap_mb":243,"limit_mb":256}',
      '{"level":"info","ts":"2025-03-14T09:24:50.377Z","msg":"POST /v1/orders","trace_id":"7a3f5c9e1b2d4f6a8c0e2b4d6f8a0c1e","step":"reserve-stock"}',
      '',
    ]);
    expect((await text(`${log}&timestamps=true&sinceTime=2025-03-14T09:24:48Z`)).split('\n')[0]).toMatch(/^2025-03-14T09:24:50.377102894Z /);
    // sinceSeconds counts back from the capture time (09:30:00): 6 minutes reaches 09:24.
    expect((await text(`${log}&sinceSeconds=360`)).trimEnd().split('\n')).toHaveLength(2);
    expect(await text(`${log}&limitBytes=10`)).toBe('{"level":"');
    const noPrevious = await get(`/api/v1/namespaces/shop/pods/frontend-5c8d7b9f4-m7wqt/log?previous=true`);
    expect(noPrevious.status).toBe(400);
    const badContainer = await get(`${POD}/log?container=sidecar`);
    expect(await badContainer.json()).toMatchObject({ code: 400, message: 'container sidecar is not valid for pod checkout-7d9f8c6b5-q8m2z' });
  });

  it('follows a log: the whole file, then held open until the client goes', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/namespaces/shop/pods/frontend-5c8d7b9f4-m7wqt/log?follow=true`, {
      signal: controller.signal,
      headers: auth(),
    });
    const reader = res.body!.getReader();
    let received = '';
    while (received.split('\n').length < 3) received += new TextDecoder().decode((await reader.read()).value);
    expect(received).toContain('trace=7a3f5c9e1b2d4f6a8c0e2b4d6f8a0c1e');
    const more = reader.read();
    const still = await Promise.race([more.then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 300))]);
    expect(still).toBe('open');
    controller.abort();
    await more.catch(() => undefined);
  });

  it('watch sends ADDED for what exists and stays open; from a resourceVersion it sends nothing', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/namespaces/shop/pods?watch=true`, { signal: controller.signal, headers: auth() });
    const reader = res.body!.getReader();
    let received = '';
    while (received.split('\n').filter(Boolean).length < 3) received += new TextDecoder().decode((await reader.read()).value);
    const events = received
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    expect(events.map((e) => e.object.metadata.name)).toContain('checkout-7d9f8c6b5-q8m2z');
    controller.abort();

    const quiet = await fetch(`${server.url}/api/v1/namespaces/shop/pods?watch=true&resourceVersion=1&timeoutSeconds=1`, { headers: auth() });
    expect(await quiet.text()).toBe('');
  });

  it('answers access reviews: reads allowed, writes denied', async () => {
    const review = async (verb: string) => {
      const res = await fetch(`${server.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body: JSON.stringify({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, resource: 'pods', namespace: 'shop' } },
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { status: { allowed: boolean } }).status.allowed;
    };
    expect(await review('list')).toBe(true);
    expect(await review('watch')).toBe(true);
    expect(await review('delete')).toBe(false);
    expect(await review('create')).toBe(false);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s with a 405 read-only Status', async (method) => {
    const path = method === 'POST' ? '/api/v1/namespaces/shop/pods' : POD;
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: method === 'DELETE' ? undefined : '{}',
    });
    expect(res.status).toBe(405);
    const status = (await res.json()) as Record<string, unknown>;
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'MethodNotAllowed', code: 405 });
    expect(status.message).toMatch(/^the bundle is read-only: /);
  });
});

describe('replay of a malformed or huge bundle', () => {
  afterAll(() => removeTempDirs());

  function copyOfMini(): string {
    const dir = join(tempDir(), 'bundle');
    cpSync(MINI, dir, { recursive: true });
    return dir;
  }

  it('names the file and line of a resource file that is not JSON', async () => {
    const dir = copyOfMini();
    writeFileSync(join(dir, 'resources/pods.json'), '{\n  "apiVersion": "v1",\n  "items": [,]\n}\n');
    const error = await startReplay(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(join(dir, 'resources/pods.json'));
    expect((error as InputError).line).toBe(3);
  });

  it('names bundle.json and the field when the manifest is wrong', async () => {
    const dir = copyOfMini();
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ ...manifest, capturedAt: 'yesterday' }));
    const error = (await startReplay(dir).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/bundle\.json:1: capturedAt: /);
  });

  it('names the item and field of an object without a name', async () => {
    const dir = copyOfMini();
    const list = JSON.parse(readFileSync(join(dir, 'resources/services.json'), 'utf8'));
    delete list.items[1].metadata.name;
    writeFileSync(join(dir, 'resources/services.json'), JSON.stringify(list));
    const error = (await startReplay(dir).catch((e: unknown) => e)) as InputError;
    expect(error.message).toContain('services.json:1: items[1].metadata.name:');
  });

  it('names the line of the bad field in a pretty-printed List, as kubectl -o json writes it', async () => {
    const dir = copyOfMini();
    const list = JSON.parse(readFileSync(join(dir, 'resources/services.json'), 'utf8'));
    list.items[1].metadata.labels = { app: 7 };
    const text = JSON.stringify(list, null, 4);
    writeFileSync(join(dir, 'resources/services.json'), text);
    const error = (await startReplay(dir).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.field).toBe('items[1].metadata.labels.app');
    expect(text.split('\n')[error.line! - 1]).toMatch(/^\s+"app": 7,?$/);
  });

  it('streams a 64 MiB log: the tail comes from the end of the file, the whole body without a Content-Length', async () => {
    const dir = copyOfMini();
    const file = join(dir, 'logs/shop/checkout-7d9f8c6b5-x2k4p/checkout.log');
    mkdirSync(join(dir, 'logs/shop/checkout-7d9f8c6b5-x2k4p'), { recursive: true });
    const out = createWriteStream(file);
    const line = `${'x'.repeat(1000)}\n`;
    const start = Date.parse('2025-03-14T08:00:00Z');
    for (let i = 0; i < 65_536; i++) {
      if (!out.write(`${new Date(start + i * 50).toISOString()} ${i} ${line}`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const server = await startReplay(dir);
    try {
      const tail = await (
        await replayFetch(server, `${server.url}/api/v1/namespaces/shop/pods/checkout-7d9f8c6b5-x2k4p/log?container=checkout&tailLines=2`)
      ).text();
      expect(tail.split('\n').map((l) => l.split(' ')[0])).toEqual(['65534', '65535', '']);
      const res = await replayFetch(server, `${server.url}/api/v1/namespaces/shop/pods/checkout-7d9f8c6b5-x2k4p/log?container=checkout&timestamps=true`);
      expect(res.headers.get('content-length')).toBeNull();
      let bytes = 0;
      for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
      expect(bytes).toBe(statSync(file).size);
    } finally {
      await server.close();
    }
  });
});
