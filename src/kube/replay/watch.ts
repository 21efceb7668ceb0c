// `kubectl get -w` against a replay: the initial ADDED events (objects or one-row Tables),
// a BOOKMARK when asked for, then the connection held open until the client or the timeout ends it.
import type { ServerResponse } from 'node:http';
import type { ServedType } from './store';
import { RESOURCE_VERSION, selectPage, shapeOf, watchEvent } from './objects';
import { shiftedJson, type ReplayClock } from './clock';
import { intParam } from './http';

/** Initial ADDED events, then held open: a bundle never changes. */
export async function serveWatch(
  type: ServedType,
  query: { namespace?: string; labelSelector?: string; fieldSelector?: string },
  params: URLSearchParams,
  res: ServerResponse,
  signal: AbortSignal,
  shift: number,
  clock: ReplayClock,
): Promise<void> {
  const shape = shapeOf(res.req.headers.accept);
  const { items } = selectPage(type, query);
  const resourceVersion = params.get('resourceVersion');
  const initial = !resourceVersion || resourceVersion === '0' || params.get('sendInitialEvents') === 'true';
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (initial) {
    for (const object of items) res.write(`${shiftedJson(watchEvent(type, shape, object, clock.now(shift), params.get('includeObject')), shift)}\n`);
  }
  if (params.get('sendInitialEvents') === 'true') {
    const bookmark = {
      kind: type.kind,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      metadata: { resourceVersion: RESOURCE_VERSION, annotations: { 'k8s.io/initial-events-end': 'true' } },
    };
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
  }
  const timeoutSeconds = intParam(params, 'timeoutSeconds');
  const until = timeoutSeconds && timeoutSeconds > 0 ? AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]) : signal;
  if (!until.aborted) await new Promise((resolve) => until.addEventListener('abort', resolve, { once: true }));
  res.end();
}
