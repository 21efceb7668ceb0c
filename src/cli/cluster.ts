import { flagBool, flagList, flagString, type ParsedArgs } from './args';
import type { Io } from './command';
import { clusterOf } from '../kube/access';

/** The cluster the flags name (`--bundle`, `--kubeconfig`, `--context`), as kubectl reads them. */
export function clusterFor(args: ParsedArgs, io: Pick<Io, 'env' | 'cwd'>, choice: { bundle?: string; offline?: boolean } = {}) {
  return clusterOf(
    {
      bundle: choice.bundle ?? flagString(args, 'bundle'),
      kubeconfig: flagString(args, 'kubeconfig'),
      context: flagString(args, 'context'),
      offline: choice.offline,
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
