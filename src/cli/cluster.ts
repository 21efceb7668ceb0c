import { flagBool, flagList, flagString, type ParsedArgs } from './args';
import type { Io } from './command';
import { clusterOf } from '../kube/access';
import { kubeconfigFiles } from '../kube/kubeconfig';
import { requestTimeoutOf } from './request-timeout';

/** The cluster the flags name (`--bundle`, `--kubeconfig`, `--context`), as kubectl reads them. */
export function clusterFor(args: ParsedArgs, io: Pick<Io, 'env' | 'cwd'>, choice: { bundle?: string; offline?: boolean } = {}) {
  return clusterOf(
    {
      bundle: choice.bundle ?? flagString(args, 'bundle'),
      kubeconfig: flagString(args, 'kubeconfig'),
      context: flagString(args, 'context'),
      offline: choice.offline,
      requestTimeoutMs: requestTimeoutOf(args),
    },
    io,
  );
}

/** What the person asked to look at: `-A` → every namespace ([]), `-n A -n B` → those, else the plan's. */
export function namespacesFor(args: ParsedArgs, planNamespaces: readonly string[]): string[] {
  if (flagBool(args, 'all-namespaces')) return [];
  const given = flagList(args, 'namespace');
  return given.length ? given : [...planNamespaces];
}

/** Why no cluster was found, for the line that says how to give one. */
export function whyNoCluster(args: ParsedArgs, io: Pick<Io, 'env' | 'cwd'>): string {
  const files = kubeconfigFiles({ kubeconfig: flagString(args, 'kubeconfig'), env: io.env, cwd: io.cwd });
  if (files.length === 0) return 'no kubeconfig ($KUBECONFIG, ~/.kube/config)';
  return `${files.join(', ')} names no current context`;
}
