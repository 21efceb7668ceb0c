// What counts as left over from an earlier run: the plan's `leftovers`, or the usual test
// namespace names when the plan says nothing.
import type { Plan } from '../../../plan/schema';
import { parseDuration } from '../../../model/duration';

/** Test namespaces by the names frameworks and CI scripts commonly give them. */
const DEFAULT_NAMESPACE_GLOBS = ['e2e-*', 'test-*'];
const DEFAULT_OLDER_THAN = '1h';

export interface LeftoverRules {
  namespaces: string[];
  labels: string[];
  olderThan: string;
  olderThanMs: number;
}

export function leftoverRules(plan: Pick<Plan, 'leftovers'>): LeftoverRules {
  const l = plan.leftovers;
  const olderThan = l?.olderThan ?? DEFAULT_OLDER_THAN;
  return {
    namespaces: l ? l.namespaces : DEFAULT_NAMESPACE_GLOBS,
    labels: l?.labels ?? [],
    olderThan,
    olderThanMs: parseDuration(olderThan) ?? 3_600_000,
  };
}

/** `e2e-*` -> /^e2e-.*$/: `*` any run of characters, `?` one. */
export function globRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`);
}
