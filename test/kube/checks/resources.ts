// Parsed resource Lists of a fixture bundle, as analyzers get them after the list calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as R from '../../../src/kube/analyze/resources';
import { kubectlFor, type AnalyzeOptions } from '../../../src/kube/checks/kit';
import { itemsOf, readResource } from './bundle-source';

export function optionsFor(dir: string): AnalyzeOptions {
  const { capturedAt } = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as { capturedAt: string };
  return { now: new Date(capturedAt), kubectl: kubectlFor([]), scope: ['-A'] };
}

export function resourcesOf(dir: string) {
  return {
    pods: itemsOf(dir, 'pods', '', R.podSchema),
    nodes: itemsOf(dir, 'nodes', '', R.nodeSchema),
    events: itemsOf(dir, 'events', '', R.eventSchema),
    deployments: itemsOf(dir, 'deployments', 'apps', R.deploymentSchema),
    replicaSets: itemsOf(dir, 'replicasets', 'apps', R.replicaSetSchema),
    statefulSets: itemsOf(dir, 'statefulsets', 'apps', R.statefulSetSchema),
    daemonSets: itemsOf(dir, 'daemonsets', 'apps', R.daemonSetSchema),
    jobs: itemsOf(dir, 'jobs', 'batch', R.jobSchema),
    claims: itemsOf(dir, 'persistentvolumeclaims', '', R.pvcSchema),
    hpas: itemsOf(dir, 'horizontalpodautoscalers', 'autoscaling', R.hpaSchema),
    services: itemsOf(dir, 'services', '', R.serviceSchema),
    endpoints: itemsOf(dir, 'endpoints', '', R.endpointsSchema),
    namespaces: itemsOf(dir, 'namespaces', '', R.namespaceSchema),
    secrets: R.keyedObjects(readResource(dir, 'secrets'), 'secrets'),
    configMaps: R.keyedObjects(readResource(dir, 'configmaps'), 'configmaps'),
  };
}
export type Resources = ReturnType<typeof resourcesOf>;

/** Every evidence line of an outcome as `[source] text`, for substring assertions. */
export function lines(outcome: { evidence: { source: string; text: string }[] }): string {
  return outcome.evidence.map((e) => `[${e.source}] ${e.text}`).join('\n');
}
