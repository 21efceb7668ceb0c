// Which cluster triage talks to is exactly the one kubectl would: the real kubectl is the oracle.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveTarget } from '../../src/kube/kubeconfig';
import { clusterFor, namespacesFor } from '../../src/cli/cluster';
import { InputError } from '../../src/errors';
import { removeTempDirs, tempDir } from './support';

afterAll(() => removeTempDirs());

function kubeconfig(file: string, o: { current?: string; contexts: [string, string, string?][]; clusters: [string, string][]; users?: string }): string {
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      ...(o.current ? [`current-context: ${o.current}`] : []),
      'clusters:',
      ...o.clusters.map(([name, server]) => `- name: ${name}\n  cluster:\n    server: ${server}\n    certificate-authority: certs/${name}.crt`),
      'contexts:',
      ...o.contexts.map(([name, cluster, ns]) => `- name: ${name}\n  context:\n    cluster: ${cluster}\n    user: u\n${ns ? `    namespace: ${ns}\n` : ''}`),
      o.users ?? 'users:\n- name: u\n  user:\n    token: t',
      '',
    ].join('\n'),
  );
  return file;
}

async function kubectlView(env: Record<string, string>, ...flags: string[]) {
  const r = await execa(
    'kubectl',
    ['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].name} {.clusters[0].cluster.server} {.contexts[0].context.namespace}', ...flags],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
    },
  );
  return r.stdout.trim().split(' ');
}

describe('choosing the cluster as kubectl does', () => {
  let dir: string;
  let first: string;
  let second: string;
  beforeAll(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    first = kubeconfig(join(dir, 'a/config'), {
      current: 'staging',
      contexts: [['staging', 'shared', 'shop']],
      clusters: [['shared', 'https://10.0.0.1:6443']],
    });
    second = kubeconfig(join(dir, 'b/config'), {
      current: 'prod',
      contexts: [
        ['prod', 'prod'],
        ['staging', 'prod'],
      ],
      clusters: [
        ['shared', 'https://10.9.9.9:6443'],
        ['prod', 'https://10.0.0.2:6443'],
      ],
    });
  });

  it('merges every $KUBECONFIG file, the first to set a name or the current context winning, skipping missing files', async () => {
    const env = { KUBECONFIG: [join(dir, 'missing'), first, second].join(':'), HOME: dir };
    const target = resolveTarget({ env, cwd: dir })!;
    expect([target.contextName, target.cluster.server, target.namespace]).toEqual(['staging', 'https://10.0.0.1:6443', 'shop']);
    expect([target.contextName, target.cluster.server, target.namespace]).toEqual(await kubectlView(env));
    expect(target.cluster['certificate-authority']).toBe(join(dir, 'a/certs/shared.crt'));
  });

  it('--context picks another merged context; its namespace defaults to "default"', async () => {
    const env = { KUBECONFIG: `${first}:${second}`, HOME: dir };
    const target = resolveTarget({ env, cwd: dir, context: 'prod' })!;
    expect([target.contextName, target.cluster.server, target.namespace]).toEqual(['prod', 'https://10.0.0.2:6443', 'default']);
    expect((await kubectlView(env, '--context', 'prod')).slice(0, 2)).toEqual(['prod', 'https://10.0.0.2:6443']);
    expect(target.kubectlFlags).toEqual(['--context', 'prod']);
  });

  it('--kubeconfig reads that file only, and is passed on to kubectl', () => {
    const target = resolveTarget({ env: { KUBECONFIG: first }, cwd: dir, kubeconfig: 'b/config' })!;
    expect([target.contextName, target.cluster.server]).toEqual(['prod', 'https://10.0.0.2:6443']);
    expect(target.kubectlFlags).toEqual(['--kubeconfig', second, '--context', 'prod']);
  });

  it('falls back to ~/.kube/config, and to nothing when there is none', () => {
    const home = tempDir();
    expect(resolveTarget({ env: { HOME: home }, cwd: home })).toBeUndefined();
    expect(clusterFor({ positionals: [], flags: {} }, { env: { HOME: home }, cwd: home })).toBeUndefined();
    mkdirSync(join(home, '.kube'));
    kubeconfig(join(home, '.kube/config'), { current: 'kind', contexts: [['kind', 'kind']], clusters: [['kind', 'https://127.0.0.1:6443']] });
    expect(resolveTarget({ env: { HOME: home }, cwd: home })?.contextName).toBe('kind');
  });

  it('reports a missing --kubeconfig, an unknown --context and a malformed file as bad input', () => {
    expect(() => resolveTarget({ env: {}, cwd: dir, kubeconfig: 'nope' })).toThrow(InputError);
    expect(() => resolveTarget({ env: { KUBECONFIG: first }, cwd: dir, context: 'qa' })).toThrow(/context "qa" not found/);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'apiVersion: v1\nclusters:\n- name: x\n  cluster:\n    servr: https://x\n');
    const error = (() => {
      try {
        resolveTarget({ env: { KUBECONFIG: bad }, cwd: dir });
      } catch (e) {
        return e as InputError;
      }
    })()!;
    expect(error).toBeInstanceOf(InputError);
    expect([error.file, error.line, error.field]).toEqual([bad, 5, 'clusters[0].cluster.server']);
  });

  it("-A means every namespace, -n the ones given, else the plan's", () => {
    const args = (flags: Record<string, string[] | boolean>) => ({ positionals: [], flags });
    expect(namespacesFor(args({ 'all-namespaces': true, namespace: ['shop'] }), ['plan'])).toEqual([]);
    expect(namespacesFor(args({ namespace: ['a', 'b'] }), ['plan'])).toEqual(['a', 'b']);
    expect(namespacesFor(args({}), ['plan'])).toEqual(['plan']);
  });
});

describe('exec credential plugins', () => {
  let api: Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    api = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"gitVersion":"v1.31.0"}');
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  });
  afterAll(() => api.close());

  function withPlugin(script: string, interactiveMode = 'IfAvailable'): { env: Record<string, string>; dir: string } {
    const dir = tempDir();
    const plugin = join(dir, 'plugin.mjs');
    writeFileSync(plugin, script);
    chmodSync(plugin, 0o755);
    const config = join(dir, 'config');
    writeFileSync(
      config,
      `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster: {server: "${url}", insecure-skip-tls-verify: true}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${process.execPath}\n      args: [${plugin}]\n      interactiveMode: ${interactiveMode}\n`,
    );
    return { env: { KUBECONFIG: config, PATH: process.env.PATH ?? '' }, dir };
  }

  it('runs the plugin without stdin or a terminal, says interactive: false, and sends its token', async () => {
    const { env, dir } = withPlugin(`
      import { openSync, writeFileSync, fstatSync } from 'node:fs';
      let tty = 'opened';
      try { openSync('/dev/tty', 'r'); } catch (e) { tty = e.code; }
      writeFileSync(${JSON.stringify(join('DIR', 'seen.json'))}.replace('DIR', process.argv[1].replace(/\\/plugin.mjs$/, '')), JSON.stringify({ stdinIsTTY: Boolean(process.stdin.isTTY), stdinIsFile: fstatSync(0).isFIFO(), tty, info: JSON.parse(process.env.KUBERNETES_EXEC_INFO) }));
      console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-plugin' } }));
    `);
    const cluster = clusterFor({ positionals: [], flags: {} }, { env, cwd: dir })!;
    expect((await cluster.serverVersion()).gitVersion).toBe('v1.31.0');
    expect(seen.at(-1)).toBe('Bearer from-plugin');
    const observed = JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8'));
    expect(observed).toMatchObject({ stdinIsTTY: false, stdinIsFile: false, info: { kind: 'ExecCredential', spec: { interactive: false } } });
    expect(observed.tty).not.toBe('opened');
  });

  it('gives up on a plugin that waits for a login, kills it, and reports the cluster unreachable', async () => {
    const { env, dir } = withPlugin(`
      import { writeFileSync } from 'node:fs';
      writeFileSync(process.argv[1] + '.pid', String(process.pid));
      setInterval(() => {}, 1000);
    `);
    const cluster = clusterFor({ positionals: [], flags: {} }, { env, cwd: dir })!;
    const started = Date.now();
    const error = (await cluster.list('pods', '').catch((e: unknown) => e)) as Error;
    const took = Date.now() - started;
    console.log(`hanging exec plugin reported after ${took} ms`);
    expect(error.message).toMatch(/^cluster unreachable: exec plugin .* gave no credential within 8s \(it may be waiting for a login\) \(context c\)$/);
    expect(took).toBeLessThan(20_000);
    const pid = Number(readFileSync(join(dir, 'plugin.mjs.pid'), 'utf8'));
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 5000 });
  }, 60_000);

  it('never starts a plugin that insists on a terminal', async () => {
    const { env, dir } = withPlugin('process.exit(3)', 'Always');
    const cluster = clusterFor({ positionals: [], flags: {} }, { env, cwd: dir })!;
    await expect(cluster.serverVersion()).rejects.toThrow(/needs an interactive terminal \(interactiveMode: Always\)/);
  });
});
