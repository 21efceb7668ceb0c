// What changed before onset, as the cluster records it: rollouts and what they changed, rollout
// states, config map and secret writes, rescales, node joins and conditions, job starts, newest
// first. It reports and judges nothing; the mechanisms date causes with its `change` facts.
import { timelineOutcome } from '../../../checks/change-timeline';
import type { CheckOutcome } from '../../../model';
import { formatDuration, parseDuration } from '../../../model/duration';
import { clusterChanges, DEFAULT_LOOKBACK_MS, type ChangeInput } from '../../analyze/changes';
import {
  controllerRevisionSchema,
  deploymentSchema,
  eventSchema,
  hpaSchema,
  jobSchema,
  nodeSchema,
  podSchema,
  replicaSetSchema,
} from '../../analyze/resources';
import { namesAndKeys } from '../auth-config/keys';
import { analyzeOptions, kubeCheck, listClusterObjects, listObjects, type AnalyzeOptions } from '../kit';

/** `24h`, `36h`, `90m`: a lookback in the unit a person would set it in. */
function lookbackText(ms: number): string {
  return ms % 3_600_000 === 0 && ms <= 7 * 86_400_000 ? `${ms / 3_600_000}h` : formatDuration(ms);
}

export function analyzeChanges(input: ChangeInput, o: AnalyzeOptions, lookbackMs = DEFAULT_LOOKBACK_MS): CheckOutcome {
  const window = { from: new Date(o.now.getTime() - lookbackMs), to: o.now };
  const span = `the ${lookbackText(lookbackMs)} before ${o.now.toISOString().replace('.000Z', 'Z')}`;
  return timelineOutcome(clusterChanges(input, window, o), {
    window: `in ${span}`,
    quiet: `nothing changed in ${span}: no new ReplicaSet or revision, config map or secret write, rescale, node change or job start`,
    replay: o.kubectl('get', 'rs', ...o.scope, '-o', 'wide', '--sort-by=.metadata.creationTimestamp'),
  });
}

export const changesCheck = kubeCheck({
  name: 'changes',
  step: 'versions',
  title: 'What changed before onset',
  async run(ctx, cluster) {
    const namespaces = ctx.plan.namespaces;
    const [replicaSets, controllerRevisions, deployments, pods, configMaps, secrets, hpas, events, nodes, jobs] = await Promise.all([
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
      listObjects(ctx, cluster, 'controllerrevisions', 'apps', controllerRevisionSchema),
      listObjects(ctx, cluster, 'deployments', 'apps', deploymentSchema),
      listObjects(ctx, cluster, 'pods', '', podSchema),
      namesAndKeys(cluster, 'configmaps', namespaces),
      // The keys check's reading of Secrets: names, keys and metadata, never a value.
      namesAndKeys(cluster, 'secrets', namespaces),
      listObjects(ctx, cluster, 'horizontalpodautoscalers', 'autoscaling', hpaSchema),
      listObjects(ctx, cluster, 'events', '', eventSchema),
      listClusterObjects(cluster, 'nodes', '', nodeSchema),
      listObjects(ctx, cluster, 'jobs', 'batch', jobSchema),
    ]);
    const lookback = ctx.plan.changes?.lookback;
    return analyzeChanges(
      { replicaSets, controllerRevisions, deployments, pods, configMaps, secrets, hpas, events, nodes, jobs },
      analyzeOptions(ctx, cluster),
      (lookback && parseDuration(lookback)) || DEFAULT_LOOKBACK_MS,
    );
  },
});
