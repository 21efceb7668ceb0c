// The cluster a command investigates: a live context (kubeconfig.ts chooses it) or, with
// `--bundle DIR`, the replay of a captured bundle, reached through the same client.
import { resolve } from 'node:path';
import { LiveCluster } from './client';
import { BundleCluster } from './client-bundle';
import { resolveTarget } from './kubeconfig';

export interface ClusterRequest {
  /** A captured bundle to serve instead of a live cluster. */
  bundle?: string;
  kubeconfig?: string;
  context?: string;
  /** Never read the person's kubeconfig: the demo must not touch a real cluster. */
  offline?: boolean;
  /** `--request-timeout` in ms (0: none); unset, the client's own deadline. */
  requestTimeoutMs?: number;
}

/**
 * The cluster a command investigates: a bundle (served by an in-process replay, started on
 * first use) or the live context; undefined when there is neither.
 */
export function clusterOf(request: ClusterRequest, where: { env: NodeJS.ProcessEnv; cwd: string }): LiveCluster | BundleCluster | undefined {
  if (request.bundle) return new BundleCluster(resolve(where.cwd, request.bundle));
  if (request.offline) return undefined;
  const target = resolveTarget({ kubeconfig: request.kubeconfig, context: request.context, env: where.env, cwd: where.cwd });
  if (!target) return undefined;
  if (request.requestTimeoutMs === undefined) return new LiveCluster(target, where.env);
  // kubectl (a check's, a replay line's) gets the same deadline; after a check's own flag, it wins.
  const ms = request.requestTimeoutMs;
  const flag = `--request-timeout=${ms === 0 ? '0' : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`}`;
  return new LiveCluster({ ...target, requestTimeoutMs: request.requestTimeoutMs, kubectlFlags: [...target.kubectlFlags, flag] }, where.env);
}
