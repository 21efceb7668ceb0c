// The built-in Kubernetes checks of every step: one file each, one line each here.
// Checks whose only input is plan configuration join when the plan configures them.
import type { Check } from '../../checks/types';
import type { Plan } from '../../plan/schema';
import { nodesCheck } from './environment/nodes';
import { podsCheck } from './environment/pods';
import { workloadsCheck } from './environment/workloads';
import { volumesCheck } from './environment/volumes';
import { eventsCheck } from './environment/events';
import { autoscalersCheck } from './environment/autoscalers';
import { servicesCheck } from './environment/services';
import { imagesCheck } from './versions/images';
import { rolloutsCheck } from './versions/rollouts';
import { buildShaCheck } from './versions/build-sha';
import { serverCheck } from './versions/server';
import { changesCheck } from './versions/changes';
import { accessCheck } from './auth-config/access';
import { keysCheck } from './auth-config/keys';
import { namespacesCheck, planNamespaces } from './auth-config/namespaces';
import { leftoverNamespacesCheck } from './rerun/namespaces';
import { staleJobsCheck } from './rerun/jobs';
import { labelledCheck } from './rerun/labelled';
import { leftoverRules } from './rerun/rules';
import { jobsCheck } from './data-path/jobs';
import { logSignaturesCheck } from './observability/log-signatures';

export function kubeChecks(plan: Plan): Check<Plan>[] {
  const leftovers = leftoverRules(plan);
  return [
    nodesCheck,
    podsCheck,
    workloadsCheck,
    volumesCheck,
    eventsCheck,
    autoscalersCheck,
    servicesCheck,
    imagesCheck,
    rolloutsCheck,
    ...(plan.build ? [buildShaCheck] : []),
    serverCheck,
    changesCheck,
    accessCheck,
    keysCheck,
    ...(planNamespaces(plan).length ? [namespacesCheck] : []),
    ...(leftovers.namespaces.length ? [leftoverNamespacesCheck] : []),
    staleJobsCheck,
    ...(leftovers.labels.length ? [labelledCheck] : []),
    jobsCheck,
    logSignaturesCheck,
  ];
}
