// capture → replay: a bundle captured from a replayed bundle replays the same objects and
// log lines; Secrets keep keys, never values; what cannot be read is recorded, not fatal.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startReplay, type ReplayServer } from '../../src/kube/replay/server';
import { BundleCluster } from '../../src/kube/client-bundle';
import { captureBundle, kubectlJson, secretWithoutValues, type CaptureProgress } from '../../src/kube/capture';
import { readList } from '../../src/kube/bundle';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { MINI, removeTempDirs, replay, replayFetch, tempDir } from './support';
import { closedPort as holdClosedPort } from '../support/ports';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else out.push(relative(dir, join(d, entry.name)));
    }
  };
  walk(dir);
  return out.sort();
}

const byName = (items: { metadata: { namespace?: string; name: string } }[]) =>
  [...items].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));

async function listAll(server: ReplayServer, path: string) {
  return byName(((await (await replayFetch(server, `${server.url}${path}`)).json()) as { items: { metadata: { name: string } }[] }).items);
}

function io(cwd: string, env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdout, stderr, stdin: new PassThrough(), isTTY: false, env, cwd, out: () => out, err: () => err };
}

afterAll(() => removeTempDirs());

describe('capture from a replayed bundle', () => {
  it('gives a bundle whose replay serves the same objects and log lines', async () => {
    const source = new BundleCluster(MINI);
    const out = join(tempDir(), 'captured');
    const phases: CaptureProgress[] = [];
    const result = await captureBundle(await source.client(), { out, context: 'kind-staging', namespaces: [], env: {}, onProgress: (p) => phases.push(p) });
    expect(result.manifest.failures).toEqual([]);
    expect(result.manifest.allNamespaces).toBe(true);
    expect(result.manifest.capturedAt).toBe('2025-03-14T09:30:00Z');
    expect(phases.at(-1)).toMatchObject({ phase: 'files', done: 0, total: 0 });
    expect(phases.filter((p) => p.phase === 'logs').at(-1)).toMatchObject({ done: 5, total: 5 });

    const original = await startReplay(MINI);
    const copy = await startReplay(out);
    try {
      for (const path of [
        '/api/v1/pods',
        '/api/v1/events',
        '/api/v1/nodes',
        '/api/v1/namespaces',
        '/api/v1/services',
        '/api/v1/configmaps',
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/replicasets',
        '/apis/batch/v1/jobs',
        '/apis/apps/v1/statefulsets',
      ]) {
        expect(await listAll(copy, path), path).toEqual(await listAll(original, path));
      }
      // Secrets were listed as metadata only: names, labels and annotations; no type, no data.
      const secrets = (await listAll(original, '/api/v1/secrets')) as { apiVersion?: string; kind?: string; metadata: { name: string } }[];
      expect(secrets.length).toBeGreaterThan(0);
      expect(await listAll(copy, '/api/v1/secrets')).toEqual(secrets.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, metadata: s.metadata })));
      const logs = files(MINI).filter((f) => f.startsWith('logs/'));
      expect(files(out).filter((f) => f.startsWith('logs/'))).toEqual(logs);
      for (const log of logs) expect(readFileSync(join(out, log), 'utf8'), log).toBe(readFileSync(join(MINI, log), 'utf8'));
    } finally {
      await original.close();
      await copy.close();
      await source.close();
    }
  });

  it('writes Lists exactly as kubectl get -o json prints them', async () => {
    const r = await replay(MINI);
    const source = new BundleCluster(MINI);
    try {
      const out = join(tempDir(), 'captured');
      await captureBundle(await source.client(), { out, context: 'kind-staging', namespaces: [], env: {} });
      const printed = await r.kubectl('get', 'deployments', '-A', '-o', 'json');
      expect(readFileSync(join(out, 'resources/deployments.apps.json'), 'utf8')).toBe(`${printed.stdout}\n`);
    } finally {
      await r.server.close();
      await source.close();
    }
  });

  it('keeps the names and keys of Secrets and never their values', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      data: { password: 'aHVudGVyMg==', username: 'YWRtaW4=' },
      stringData: { token: 's3cr3t' },
      metadata: {
        name: 'db',
        namespace: 'shop',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', team: 'payments' },
      },
    };
    const kept = secretWithoutValues(secret);
    expect(kept).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      data: { password: '', username: '', token: '' },
      metadata: { name: 'db', namespace: 'shop', annotations: { team: 'payments' } },
    });
    expect(kubectlJson(kept)).not.toMatch(/aHVudGVyMg|YWRtaW4|s3cr3t/);
  });

  it('records a log it cannot read in bundle.json and captures the rest', async () => {
    const dir = join(tempDir(), 'bundle');
    cpSync(MINI, dir, { recursive: true });
    // A container the pod spec does not have: the API refuses its log.
    const pods = readList(join(dir, 'resources/pods.json'));
    const frontend = pods.items.find((p) => p.metadata.name.startsWith('frontend'))! as Record<string, any>;
    frontend.status.containerStatuses.push({ ...frontend.status.containerStatuses[0], name: 'istio-proxy' });
    writeFileSync(join(dir, 'resources/pods.json'), JSON.stringify(pods));
    const source = new BundleCluster(dir);
    try {
      const out = join(tempDir(), 'captured');
      const result = await captureBundle(await source.client(), { out, context: 'kind-staging', namespaces: ['shop'], env: {} });
      expect(result.manifest.failures).toEqual([
        { what: 'logs/shop/frontend-5c8d7b9f4-m7wqt/istio-proxy.log', error: 'container istio-proxy is not valid for pod frontend-5c8d7b9f4-m7wqt (HTTP 400)' },
      ]);
      expect(JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')).failures).toHaveLength(1);
      expect(existsSync(join(out, 'logs/shop/frontend-5c8d7b9f4-m7wqt/frontend.log'))).toBe(true);
      // -n shop: only that namespace's objects, but cluster-scoped ones in full.
      expect(readList(join(out, 'resources/pods.json')).items.every((p) => p.metadata.namespace === 'shop')).toBe(true);
      expect(readList(join(out, 'resources/nodes.json')).items).toHaveLength(2);
    } finally {
      await source.close();
    }
  });
});

describe('triage capture', () => {
  let health: Server | undefined;
  afterAll(() => health?.close());

  it("captures from --bundle with -A, records the plan's health answers in files/, and prints a summary", async () => {
    health = createServer((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer from-env' ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end('{"status":"ok","sha":"a41c9e2"}');
    });
    await new Promise<void>((r) => health!.listen(0, '127.0.0.1', () => r()));
    const port = (health.address() as { port: number }).port;
    const { port: closedPort, close } = await holdClosedPort();
    onTestFinished(close);
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'triage.yaml'),
      `name: shop\nhealth:\n  - name: checkout\n    url: http://127.0.0.1:${port}/healthz\n    headers: [{ name: Authorization, fromEnv: HEALTH_TOKEN }]\n  - name: gone\n    url: http://127.0.0.1:${closedPort}/healthz\n`,
    );
    const streams = io(cwd, { HEALTH_TOKEN: 'Bearer from-env' });
    const code = await main(['capture', '-o', 'out', '-A', '--bundle', MINI, '--since', '1h'], streams);
    expect(streams.err()).toContain('capture: logs 5/5');
    expect(code).toBe(0);
    expect(streams.out()).toMatch(/^captured \d+ objects of \d+ types, 5 logs, 1 files from bundle /);
    const manifest = JSON.parse(readFileSync(join(cwd, 'out/bundle.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'triage-bundle/v1',
      context: 'kind-staging',
      since: '1h',
      allNamespaces: true,
      serverVersion: { gitVersion: 'v1.31.2' },
    });
    expect(manifest.failures).toEqual([
      { what: 'files/health/gone.json', error: `http://127.0.0.1:${closedPort}/healthz: connect ECONNREFUSED 127.0.0.1:${closedPort}` },
    ]);
    const recorded = JSON.parse(readFileSync(join(cwd, 'out/files/health/checkout.json'), 'utf8'));
    expect(recorded).toMatchObject({ name: 'checkout', status: 200, body: '{"status":"ok","sha":"a41c9e2"}' });
    expect(JSON.stringify(recorded)).not.toContain('from-env');
    // --since 1h counts back from the bundle's capture time: the frontend's 3-day-old first line is left out.
    expect(readFileSync(join(cwd, 'out/logs/shop/frontend-5c8d7b9f4-m7wqt/frontend.log'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a directory that is not empty, and says which', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'keep.txt'), 'x');
    const streams = io(cwd);
    expect(await main(['capture', '-o', '.', '--bundle', MINI], streams)).toBe(2);
    expect(streams.err()).toContain('not empty: capture writes a new bundle');
  });
});

describe('Secrets on the wire', () => {
  it('lists Secrets as metadata only: the request asks for PartialObjectMetadataList and no value ever arrives', async () => {
    const value = 'c3VwZXItc2VjcmV0LXZhbHVlLTQ3MTE='; // what a full Secret list would carry
    const secret = { metadata: { name: 'db', namespace: 'shop', uid: 'u-1', annotations: { team: 'payments' } } };
    const seen: { path: string; accept: string; body: string }[] = [];
    // A loopback API that answers a metadata list when asked for one, and the whole Secret otherwise.
    const api = createServer((req, res) => {
      const path = req.url!.split('?')[0]!;
      const accept = String(req.headers.accept ?? '');
      const send = (code: number, body: unknown) => {
        const text = JSON.stringify(body);
        seen.push({ path, accept, body: text });
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(text);
      };
      if (path === '/version') return send(200, { gitVersion: 'v1.31.2', major: '1', minor: '31' });
      if (path === '/api/v1')
        return send(200, {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [
            { name: 'secrets', namespaced: true, kind: 'Secret', verbs: ['list'] },
            { name: 'pods', namespaced: true, kind: 'Pod', verbs: ['list'] },
          ],
        });
      if (path === '/apis') return send(200, { kind: 'APIGroupList', groups: [] });
      if (path === '/api/v1/pods') return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
      if (path === '/api/v1/secrets') {
        if (accept.startsWith('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1')) {
          return send(200, {
            kind: 'PartialObjectMetadataList',
            apiVersion: 'meta.k8s.io/v1',
            metadata: { resourceVersion: '7' },
            items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', ...secret }],
          });
        }
        return send(200, { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [{ ...secret, type: 'Opaque', data: { password: value } }] });
      }
      send(404, { kind: 'Status', code: 404, message: 'not found', reason: 'NotFound' });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    try {
      const cwd = tempDir();
      const port = (api.address() as { port: number }).port;
      writeFileSync(
        join(cwd, 'kubeconfig'),
        `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
      );
      const streams = io(cwd);
      expect(await main(['capture', '-o', 'out', '-A', '--kubeconfig', join(cwd, 'kubeconfig')], streams)).toBe(0);
      const asked = seen.filter((s) => s.path === '/api/v1/secrets');
      expect(asked.map((s) => s.accept)).toEqual(['application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1']);
      expect(seen.some((s) => s.body.includes(value))).toBe(false);
      expect(JSON.parse(readFileSync(join(cwd, 'out/resources/secrets.json'), 'utf8')).items).toEqual([
        { apiVersion: 'v1', kind: 'Secret', metadata: secret.metadata },
      ]);
    } finally {
      await new Promise((r) => api.close(r));
    }
  });
});
