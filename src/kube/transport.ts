// How requests reach a context's API server: TLS, keep-alive agents and credentials.
// client-node does what it does well here (auth providers, client certificates, basic auth,
// impersonation, proxies: applyToHTTPSOptions), loaded with import() on the first request
// that needs it; plain-tls.ts spares that import when a token and a CA are all there is.
import type { Agent as HttpAgent, RequestOptions } from 'node:http';
import { readFileSync } from 'node:fs';
import { STREAM_SOCKETS } from '../model/cluster';
import type { KubeTarget } from './kubeconfig';
import type { ExecCredentialCache } from './access-exec';
import { plainTransportOptions } from './plain-tls';
import { nodeHttp, nodeHttps } from '../node-http';

/** Requests at once (lists, logs, discovery); follow streams have sockets of their own. */
const REQUEST_SOCKETS = 16;

export interface Transport {
  agent: HttpAgent;
  /** For follow streams, which hold a socket as long as they follow. */
  streamAgent: HttpAgent;
  tls: Pick<
    RequestOptions & { ca?: unknown; cert?: unknown; key?: unknown; rejectUnauthorized?: boolean; servername?: string },
    'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'
  >;
  headers: Record<string, string>;
  auth?: string;
}

/** client-node's User, without `exec`: exec plugins run here, where they cannot prompt (access-exec.ts). */
function clientNodeUser(name: string, user: KubeTarget['user']) {
  return {
    name,
    token: user.token ?? undefined,
    username: user.username ?? undefined,
    password: user.password ?? undefined,
    certFile: user['client-certificate'] ?? undefined,
    certData: user['client-certificate-data'] ?? undefined,
    keyFile: user['client-key'] ?? undefined,
    keyData: user['client-key-data'] ?? undefined,
    impersonateUser: user.as ?? undefined,
    authProvider: user['auth-provider'] ?? undefined,
  };
}

export async function makeTransport(target: KubeTarget): Promise<Transport> {
  const plain = plainTransportOptions(target);
  if (plain) {
    const agentOf = (maxSockets: number) =>
      target.cluster.server.startsWith('http:')
        ? new (nodeHttp().Agent)({ keepAlive: true, maxSockets })
        : new (nodeHttps().Agent)({ keepAlive: true, maxSockets, ...plain.tls });
    return { agent: agentOf(REQUEST_SOCKETS), streamAgent: agentOf(STREAM_SOCKETS), tls: plain.tls, headers: plain.headers };
  }
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: target.clusterName,
        server: target.cluster.server,
        caFile: target.cluster['certificate-authority'] ?? undefined,
        caData: target.cluster['certificate-authority-data'] ?? undefined,
        skipTLSVerify: target.cluster['insecure-skip-tls-verify'] === true,
        tlsServerName: target.cluster['tls-server-name'] ?? undefined,
        proxyUrl: target.cluster['proxy-url'] ?? undefined,
      },
    ],
    users: [clientNodeUser(target.userName, target.user)],
    contexts: [{ name: target.contextName, cluster: target.clusterName, user: target.userName }],
    currentContext: target.contextName,
  });
  const opts: RequestOptions & Record<string, unknown> = {};
  await kc.applyToHTTPSOptions(opts);
  const tls = {
    ca: opts.ca,
    cert: opts.cert,
    key: opts.key,
    rejectUnauthorized: opts.rejectUnauthorized as boolean | undefined,
    servername: opts.servername as string | undefined,
  };
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const http = target.cluster.server.startsWith('http:');
  // A proxy needs client-node's agent (for streams too); otherwise keep-alive agents of our own.
  const agentOf = (maxSockets: number) =>
    target.cluster['proxy-url']
      ? (opts.agent as HttpAgent)
      : http
        ? new (nodeHttp().Agent)({ keepAlive: true, maxSockets })
        : new (nodeHttps().Agent)({ keepAlive: true, maxSockets, ...(tls as object) });
  return { agent: agentOf(REQUEST_SOCKETS), streamAgent: agentOf(STREAM_SOCKETS), tls, headers, auth: opts.auth ?? undefined };
}

/** The headers and TLS options of one request: a token file read fresh, an exec plugin's credential. */
export async function credentials(
  transport: Transport,
  target: KubeTarget,
  exec: ExecCredentialCache | undefined,
  signal?: AbortSignal,
): Promise<{ headers: Record<string, string>; tls: Transport['tls'] }> {
  const headers: Record<string, string> = { ...transport.headers };
  let tls = transport.tls;
  const tokenFile = target.user.tokenFile;
  if (tokenFile && !target.user.token) headers.Authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`;
  if (exec) {
    const credential = await exec.get(signal);
    if (credential.token) headers.Authorization = `Bearer ${credential.token}`;
    if (credential.clientCertificateData) tls = { ...tls, cert: credential.clientCertificateData, key: credential.clientKeyData ?? undefined };
  }
  return { headers, tls };
}
