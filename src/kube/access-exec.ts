// Exec credential plugins (aws, gke-gcloud-auth-plugin, kubelogin, ...), run so that they
// can never prompt: no stdin, their own session without a controlling terminal (opening
// /dev/tty fails), KUBERNETES_EXEC_INFO saying `interactive: false`, and a deadline.
// Kept by hand: client-node 1.3's ExecAuth spawns the plugin with a stdin pipe left open and
// no timeout (a plugin waiting for a browser login hangs the call for good), sends no
// KUBERNETES_EXEC_INFO, and copies the plugin's `env` into this process's environment.
import { endGroup, spawnInGroup } from '../checks/process-group';
import { z } from 'zod';
import type { ExecConfig, KubeCluster } from './kubeconfig';

const execCredential = z.looseObject({
  kind: z.literal('ExecCredential'),
  status: z.looseObject({
    token: z.string().nullish(),
    clientCertificateData: z.string().nullish(),
    clientKeyData: z.string().nullish(),
    expirationTimestamp: z.string().nullish(),
  }),
});
export type ExecCredential = z.infer<typeof execCredential>['status'];

export class ExecPluginError extends Error {}

const PLUGIN_TIMEOUT_MS = 8_000;

/** Run the plugin once and return its credential; never hangs, never takes the terminal. */
function runExecPlugin(
  exec: ExecConfig,
  cluster: KubeCluster,
  env: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): Promise<ExecCredential> {
  const name = exec.command;
  if (exec.interactiveMode === 'Always') {
    return Promise.reject(
      new ExecPluginError(`exec plugin ${name} needs an interactive terminal (interactiveMode: Always); log in with kubectl first, then retry`),
    );
  }
  const info = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: false,
      ...(exec.provideClusterInfo
        ? {
            cluster: {
              server: cluster.server,
              'certificate-authority-data': cluster['certificate-authority-data'] ?? undefined,
              'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify'] ?? undefined,
            },
          }
        : {}),
    },
  };
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  for (const { name: key, value } of exec.env ?? []) childEnv[key] = value;
  childEnv.KUBERNETES_EXEC_INFO = JSON.stringify(info);

  return new Promise((resolve, reject) => {
    const child = spawnInGroup(exec.command, exec.args ?? [], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (error: Error | undefined, credential?: ExecCredential) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(credential!);
    };
    const kill = () => {
      if (child.pid) endGroup(child.pid);
    };
    const onAbort = () => {
      kill();
      finish(new ExecPluginError(`exec plugin ${name} cancelled`));
    };
    const timer = setTimeout(() => {
      kill();
      finish(new ExecPluginError(`exec plugin ${name} gave no credential within ${PLUGIN_TIMEOUT_MS / 1000}s (it may be waiting for a login)`));
    }, PLUGIN_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint = exec.installHint ? `: ${exec.installHint.trim()}` : '';
      finish(new ExecPluginError(error.code === 'ENOENT' ? `exec plugin ${name} not found${hint}` : `exec plugin ${name}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (code !== 0) {
        const why = stderr.trim().split('\n').at(-1) ?? '';
        finish(new ExecPluginError(`exec plugin ${name} exited with ${code}${why ? `: ${why}` : ''}`));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        finish(new ExecPluginError(`exec plugin ${name} printed no ExecCredential JSON`));
        return;
      }
      const result = execCredential.safeParse(parsed);
      if (!result.success) finish(new ExecPluginError(`exec plugin ${name}: malformed ExecCredential (${result.error.issues[0]!.message})`));
      else finish(undefined, result.data.status);
    });
  });
}

/** Caches a plugin's credential until it expires; concurrent callers share one run. */
export class ExecCredentialCache {
  private pending?: Promise<ExecCredential>;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: KubeCluster,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  get(signal?: AbortSignal): Promise<ExecCredential> {
    if (!this.pending) {
      this.pending = runExecPlugin(this.exec, this.cluster, this.env, signal).then((credential) => {
        const expires = credential.expirationTimestamp ? Date.parse(credential.expirationTimestamp) : Number.NaN;
        if (Number.isFinite(expires)) setTimeout(() => (this.pending = undefined), Math.max(0, expires - Date.now() - 30_000)).unref();
        return credential;
      });
      this.pending.catch(() => (this.pending = undefined));
    }
    return this.pending;
  }
}
