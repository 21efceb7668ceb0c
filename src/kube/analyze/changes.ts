// What the cluster says changed inside a lookback before the window's end: new ReplicaSets and
// ControllerRevisions against the revision before them, rollout states, config map and secret
// writes (names only), rescales, node joins and condition transitions, job starts.
// Pure: resources and a clock in, changes out; a bundle gives the same answer any day.
// Each kind of change is read in its own file (changes-rollouts, -config, -scaling, -nodes-jobs).
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import type { ChangeInput, ChangeWindow } from './changes-input';
import { controllerRevisions, deploymentRollouts, deploymentStates } from './changes-rollouts';
import { configChanges } from './changes-config';
import { mergeRescaleEchoes, rescales } from './changes-scaling';
import { jobStarts, nodeChanges } from './changes-nodes-jobs';

export { DEFAULT_LOOKBACK_MS, type ChangeInput, type ChangeWindow } from './changes-input';

/** Every change the cluster records inside the window, unordered. */
export function clusterChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  return mergeRescaleEchoes([
    ...deploymentRollouts(input, w, o),
    ...controllerRevisions(input, w, o),
    ...deploymentStates(input, w, o),
    ...configChanges(input, w, o),
    ...rescales(input, w, o),
    ...nodeChanges(input, w, o),
    ...jobStarts(input, w, o),
  ]);
}
