// A pod's log from a replay, as the API server's `pods/log` subresource answers it.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../model/cluster';
import { streamLog, type LogQuery } from './logs';
import { containerLogFile } from './log-target';
import type { ReplayClock } from './clock';
import { badRequest, intParam } from './http';

/** `pods/NAME/log`: the container's captured log, filtered as kubectl asks (since, tail, bytes), or followed. */
export async function serveLog(
  bundleDir: string,
  pod: KubeObject,
  params: URLSearchParams,
  res: ServerResponse,
  signal: AbortSignal,
  shift: number,
  clock: ReplayClock,
): Promise<void> {
  const { file, exists } = containerLogFile(bundleDir, pod, params.get('container') ?? undefined, params.get('previous') === 'true', badRequest);
  const sinceSeconds = intParam(params, 'sinceSeconds');
  const sinceTime = params.get('sinceTime');
  let sinceMs: number | undefined;
  // A bundle's "now" is its served clock: `--since 10m` means the ten minutes before it.
  if (sinceSeconds !== undefined) sinceMs = clock.now(shift).getTime() - sinceSeconds * 1000;
  else if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw badRequest(`sinceTime: "${sinceTime}" is not an RFC 3339 time`);
    // The client saw the moved stamps; the file holds the bundle's own.
    sinceMs -= shift;
  }
  const tailLines = intParam(params, 'tailLines');
  const limitBytes = intParam(params, 'limitBytes');
  const query: LogQuery = {
    timestamps: params.get('timestamps') === 'true',
    tailLines: tailLines !== undefined && tailLines >= 0 ? tailLines : undefined,
    sinceMs,
    limitBytes: limitBytes !== undefined && limitBytes > 0 ? limitBytes : undefined,
    follow: params.get('follow') === 'true',
    shiftMs: shift,
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (query.follow) res.flushHeaders();
  if (exists) await streamLog(file, query, res, signal);
  else if (query.follow) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  res.end();
}
