// Shared by the replay, capture and access tests: the mini bundle, a real kubectl run
// against a replay, and temp directories that are always removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { startReplay, type ReplayServer } from '../../src/kube/replay/server';

export const MINI = join(import.meta.dirname, '../../fixtures/bundles/mini');
export const DEMO = join(import.meta.dirname, '../../fixtures/demo-bundle');

const dirs: string[] = [];

export function tempDir(prefix = 'triage-kube-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface Replayed {
  server: ReplayServer;
  kubeconfig: string;
  /** Runs the real kubectl against the replay; never rejects. */
  kubectl(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

export async function replay(bundle: string): Promise<Replayed> {
  const server = await startReplay(bundle);
  const home = tempDir('triage-kubectl-');
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  return {
    server,
    kubeconfig,
    kubectl: async (...args) => {
      const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), ...args], {
        reject: false,
        stdin: 'ignore',
        timeout: 20_000,
        env: { HOME: home, PATH: process.env.PATH ?? '' },
        extendEnv: false,
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
  };
}

/**
 * `fetch` for a replay: TLS trusting its own certificate, and its bearer token unless the
 * request names an Authorization of its own. Answers a standard Response.
 */
export function replayFetch(
  server: ReplayServer,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${server.token}`, ...(init.headers ?? {}) };
    const req = request(url, { method: init.method ?? 'GET', headers, ca: server.certificate, signal: init.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const body = status === 204 || status === 304 || init.method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      const answer = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) answer.set(k, Array.isArray(v) ? v.join(', ') : v);
      resolve(new Response(body, { status, headers: answer }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The few answers a plain-http API test server gives: version, pod discovery, an empty pod list. */
export function answerMinimalApi(path: string, res: import('node:http').ServerResponse): void {
  res.setHeader('Content-Type', 'application/json');
  if (path.startsWith('/version')) res.end(JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' }));
  else if (path === '/api/v1')
    res.end(
      JSON.stringify({
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'] }],
      }),
    );
  else res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }));
}

/** A kubeconfig file in `dir` whose context `name` reaches http://127.0.0.1:`port` with a token. */
export function plainKubeconfig(dir: string, name: string, port: number): string {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: ${name}\nclusters:\n- name: ${name}\n  cluster: {server: "http://127.0.0.1:${port}"}\ncontexts:\n- name: ${name}\n  context: {cluster: ${name}, user: u}\nusers:\n- name: u\n  user: {token: t}\n`,
  );
  return file;
}
