import type { Printer } from './table';
import { genericPrinter } from './table';
import { podPrinter } from './pods';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads';
import { cronJobPrinter, jobPrinter } from './batch';
import { eventPrinter } from './events';
import { nodePrinter } from './nodes';
import { servicePrinter } from './services';
import { configMapPrinter, namespacePrinter, persistentVolumeClaimPrinter, secretPrinter } from './config';
import { hpaPrinter } from './autoscaling';

/** Printers by `<plural>.<group>` (`pods.`, `deployments.apps`). Adding one: its file, one line here. */
const PRINTERS: Record<string, Printer> = {
  'pods.': podPrinter,
  'events.': eventPrinter,
  'nodes.': nodePrinter,
  'services.': servicePrinter,
  'namespaces.': namespacePrinter,
  'configmaps.': configMapPrinter,
  'secrets.': secretPrinter,
  'persistentvolumeclaims.': persistentVolumeClaimPrinter,
  'deployments.apps': deploymentPrinter,
  'replicasets.apps': replicaSetPrinter,
  'statefulsets.apps': statefulSetPrinter,
  'daemonsets.apps': daemonSetPrinter,
  'jobs.batch': jobPrinter,
  'cronjobs.batch': cronJobPrinter,
  'horizontalpodautoscalers.autoscaling': hpaPrinter,
};

export function printerFor(plural: string, group: string): Printer {
  return PRINTERS[`${plural}.${group}`] ?? genericPrinter;
}
