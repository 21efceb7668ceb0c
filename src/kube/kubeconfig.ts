// Which context a command talks to, chosen exactly as kubectl chooses it: `--kubeconfig`,
// else every file in $KUBECONFIG merged (first one to set a value wins, missing files
// skipped), else ~/.kube/config, else the in-cluster service account; `--context` picks
// the context; `-n` / the context's namespace / `default`.
// Kept by hand rather than client-node's KubeConfig.loadFromDefault: loading needs the whole
// client-node module, measured at 3.3-4.2 s and +70 MB RSS to import (node -e, 2 cores under
// load, issue 12), on the path of every command that names a context; and its errors do not
// say which file or --context was wrong, as the InputErrors here do.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import { parseYaml } from '../yaml-input';

// Schemas here are built on their first parse (z.lazy): importing this module builds none.
const execConfig = z.lazy(() =>
  z.looseObject({
    command: z.string().min(1),
    args: z.array(z.string()).nullish(),
    env: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
    apiVersion: z.string().default('client.authentication.k8s.io/v1beta1'),
    interactiveMode: z.enum(['Never', 'IfAvailable', 'Always']).nullish(),
    provideClusterInfo: z.boolean().nullish(),
    installHint: z.string().nullish(),
  }),
);
export type ExecConfig = z.infer<typeof execConfig>;

const kubeconfigSchema = z.lazy(() =>
  z.looseObject({
    clusters: z
      .array(
        z.looseObject({
          name: z.string(),
          cluster: z.looseObject({
            server: z.string(),
            'certificate-authority': z.string().nullish(),
            'certificate-authority-data': z.string().nullish(),
            'insecure-skip-tls-verify': z.boolean().nullish(),
            'tls-server-name': z.string().nullish(),
            'proxy-url': z.string().nullish(),
          }),
        }),
      )
      .nullish(),
    users: z
      .array(
        z.looseObject({
          name: z.string(),
          user: z
            .looseObject({
              token: z.string().nullish(),
              tokenFile: z.string().nullish(),
              username: z.string().nullish(),
              password: z.string().nullish(),
              'client-certificate': z.string().nullish(),
              'client-certificate-data': z.string().nullish(),
              'client-key': z.string().nullish(),
              'client-key-data': z.string().nullish(),
              as: z.string().nullish(),
              exec: execConfig.nullish(),
              'auth-provider': z.looseObject({ name: z.string(), config: z.record(z.string(), z.string()).nullish() }).nullish(),
            })
            .nullish(),
        }),
      )
      .nullish(),
    contexts: z
      .array(z.looseObject({ name: z.string(), context: z.looseObject({ cluster: z.string(), user: z.string().nullish(), namespace: z.string().nullish() }) }))
      .nullish(),
    'current-context': z.string().nullish(),
  }),
);
type KubeconfigFile = z.infer<typeof kubeconfigSchema>;
export type KubeCluster = NonNullable<KubeconfigFile['clusters']>[number]['cluster'];
type KubeUser = NonNullable<NonNullable<KubeconfigFile['users']>[number]['user']>;

/** The one context a command uses, with everything needed to reach its cluster. */
export interface KubeTarget {
  contextName: string;
  /** The kubeconfig files merged (empty for in-cluster). */
  files: string[];
  clusterName: string;
  cluster: KubeCluster;
  userName: string;
  user: KubeUser;
  /** The context's namespace, or `default`. */
  namespace: string;
  /** kubectl flags that reach the same cluster: `--context X`, plus `--kubeconfig F` when given. */
  kubectlFlags: string[];
  /** One request's deadline in ms from `--request-timeout` (0: none); unset, the client's own. */
  requestTimeoutMs?: number;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function absolute(base: string, path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  return isAbsolute(path) ? path : join(base, path);
}

/** Relative certificate, key and token paths resolve against the kubeconfig file's directory. */
function readKubeconfig(file: string): KubeconfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read kubeconfig: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const config = parseYaml(text, file, kubeconfigSchema);
  const base = dirname(file);
  for (const c of config.clusters ?? []) c.cluster['certificate-authority'] = absolute(base, c.cluster['certificate-authority']);
  for (const u of config.users ?? []) {
    if (!u.user) continue;
    u.user['client-certificate'] = absolute(base, u.user['client-certificate']);
    u.user['client-key'] = absolute(base, u.user['client-key']);
    u.user.tokenFile = absolute(base, u.user.tokenFile);
  }
  return config;
}

/** kubectl's merge: the first file to set a name (or the current context) wins. */
function merge(configs: KubeconfigFile[]): KubeconfigFile {
  const firstByName = <T extends { name: string }>(lists: (T[] | null | undefined)[]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list ?? []) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  return {
    clusters: firstByName(configs.map((c) => c.clusters)),
    users: firstByName(configs.map((c) => c.users)),
    contexts: firstByName(configs.map((c) => c.contexts)),
    'current-context': configs.map((c) => c['current-context']).find((c) => c) ?? undefined,
  };
}

export interface TargetFlags {
  kubeconfig?: string;
  context?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The kubeconfig files kubectl would read, in order. */
export function kubeconfigFiles(flags: TargetFlags): string[] {
  if (flags.kubeconfig) {
    const file = resolve(flags.cwd, flags.kubeconfig);
    if (!existsSync(file)) throw new InputError(flags.kubeconfig, undefined, undefined, 'kubeconfig file not found (--kubeconfig)');
    return [file];
  }
  const fromEnv = flags.env.KUBECONFIG;
  if (fromEnv) {
    return fromEnv
      .split(delimiter)
      .filter((f) => f !== '')
      .map((f) => resolve(flags.cwd, f))
      .filter((f) => existsSync(f));
  }
  const home = flags.env.HOME ?? flags.env.USERPROFILE;
  const file = home ? join(home, '.kube', 'config') : undefined;
  return file && existsSync(file) ? [file] : [];
}

function inClusterTarget(env: TargetFlags['env']): KubeTarget | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(join(SERVICE_ACCOUNT, 'token'))) return undefined;
  const namespaceFile = join(SERVICE_ACCOUNT, 'namespace');
  return {
    contextName: 'in-cluster',
    files: [],
    clusterName: 'in-cluster',
    cluster: { server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`, 'certificate-authority': join(SERVICE_ACCOUNT, 'ca.crt') },
    userName: 'service-account',
    user: { tokenFile: join(SERVICE_ACCOUNT, 'token') },
    namespace: existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : 'default',
    kubectlFlags: [],
  };
}

/**
 * The context to use, or undefined when there is no kubeconfig at all (nothing to talk to).
 * A missing `--kubeconfig` file, a malformed file or an unknown `--context` is an InputError.
 */
export function resolveTarget(flags: TargetFlags): KubeTarget | undefined {
  const files = kubeconfigFiles(flags);
  if (files.length === 0 && !flags.context) return inClusterTarget(flags.env);
  const config = merge(files.map(readKubeconfig));
  const where = files.join(delimiter) || '(no kubeconfig)';
  const contextName = flags.context ?? config['current-context'] ?? undefined;
  if (!contextName) return undefined;
  const context = config.contexts?.find((c) => c.name === contextName);
  if (!context) throw new InputError(flags.context ? '--context' : where, undefined, undefined, `context "${contextName}" not found in ${where}`);
  const cluster = config.clusters?.find((c) => c.name === context.context.cluster);
  if (!cluster) throw new InputError(where, undefined, undefined, `context "${contextName}" names cluster "${context.context.cluster}", which is not defined`);
  const userName = context.context.user ?? '';
  const user = config.users?.find((u) => u.name === userName)?.user ?? {};
  return {
    contextName,
    files,
    clusterName: cluster.name,
    cluster: cluster.cluster,
    userName,
    user,
    namespace: context.context.namespace || 'default',
    kubectlFlags: [...(flags.kubeconfig ? ['--kubeconfig', resolve(flags.cwd, flags.kubeconfig)] : []), '--context', contextName],
  };
}
