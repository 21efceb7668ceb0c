// Which log file a pod's log request reads, resolved as the API server resolves the container:
// shared by the HTTP replay and the direct bundle reader, so both refuse in the same words.
import { existsSync } from 'node:fs';
import type { KubeObject } from '../../model/cluster';
import { logFile } from '../bundle';
import { arr, obj, str } from './tables/table';

/**
 * The file for `container` (or the pod's only container) and whether the bundle has it.
 * Throws `badRequest(message)` with the API server's wording for a missing or unknown
 * container, a previous instance never captured, or a container still waiting to start.
 */
export function containerLogFile(
  bundleDir: string,
  pod: KubeObject,
  requested: string | undefined,
  previous: boolean,
  badRequest: (message: string) => Error,
  /** Whether the bundle has the file: asked of the disk, or of a listing made once (the direct reader's). */
  has: (file: string) => boolean = existsSync,
): { file: string; exists: boolean } {
  const podName = pod.metadata.name;
  const spec = obj((pod as Record<string, unknown>).spec);
  const containers = arr(spec.containers).map((c) => str(c.name));
  const inits = arr(spec.initContainers).map((c) => str(c.name));
  const ephemeral = arr(spec.ephemeralContainers).map((c) => str(c.name));
  let container = requested ?? '';
  if (!container) {
    if (containers.length !== 1) {
      const orInit = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
      throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${orInit}`);
    }
    container = containers[0]!;
  }
  if (![...containers, ...inits, ...ephemeral].includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  const file = logFile(bundleDir, pod.metadata.namespace ?? '', podName, container, previous);
  const exists = has(file);
  if (!exists) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    const status = obj((pod as Record<string, unknown>).status);
    const statuses = [...arr(status.containerStatuses), ...arr(status.initContainerStatuses), ...arr(status.ephemeralContainerStatuses)];
    const waiting = obj(obj(statuses.find((s) => s.name === container)?.state).waiting);
    if (str(waiting.reason)) throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${str(waiting.reason)}`);
  }
  return { file, exists };
}
