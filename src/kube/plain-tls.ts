import { readFileSync } from 'node:fs';
import type { KubeTarget } from './kubeconfig';

// The TLS options and headers of a target that needs nothing client-node adds: a bearer
// token (or none) and a certificate authority, as the replay's kubeconfig and most service
// accounts have. Loading client-node takes seconds on a loaded machine (measured 3.3-4.2 s
// and +70 MB RSS to import, issue 12), which a check's deadline paid for on the first
// request; auth providers, client certificates, basic auth, impersonation and proxies still
// go through it (client-node's applyToHTTPSOptions, in transport.ts).

export interface PlainTransportOptions {
  tls: { ca?: Buffer; rejectUnauthorized?: boolean; servername?: string };
  headers: Record<string, string>;
}

export function plainTransportOptions(target: KubeTarget): PlainTransportOptions | undefined {
  const { user, cluster } = target;
  const needsClientNode =
    user['auth-provider'] ||
    user['client-certificate'] ||
    user['client-certificate-data'] ||
    user['client-key'] ||
    user['client-key-data'] ||
    user.username ||
    user.password ||
    user.as ||
    cluster['proxy-url'];
  if (needsClientNode) return undefined;
  const caData = cluster['certificate-authority-data'];
  const caFile = cluster['certificate-authority'];
  const ca = caData ? Buffer.from(caData, 'base64') : caFile ? readFileSync(caFile) : undefined;
  return {
    tls: {
      ...(ca ? { ca } : {}),
      ...(cluster['insecure-skip-tls-verify'] === true ? { rejectUnauthorized: false } : {}),
      ...(cluster['tls-server-name'] ? { servername: cluster['tls-server-name'] } : {}),
    },
    headers: user.token ? { Authorization: `Bearer ${user.token}` } : {},
  };
}
