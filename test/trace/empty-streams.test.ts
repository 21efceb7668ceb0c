import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/model/cluster';
import { StreamCursor } from '../../src/trace/cursor';
import { TraceMatcher } from '../../src/trace/match';
import { parseSourceSpec } from '../../src/trace/sources';
import type { KubeAccess } from '../../src/trace/sources/kube-access';
import type { SourceStream } from '../../src/trace/types';

// A container a bundle has no log for, and that did not end, is a stream known to be empty:
// the cursor never reads it (most of a 5,000-pod bundle). Any other is read as before.

const pod = (name: string, restarts: number, terminated?: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns' },
  spec: { containers: [{ name: 'app' }] },
  status: { containerStatuses: [{ name: 'app', restartCount: restarts, state: terminated ? { terminated } : { running: {} } }] },
});

function access(withLogs: Set<string>, hasNoLog = true): { kube: KubeAccess; reads: string[] } {
  const reads: string[] = [];
  const kube: KubeAccess = {
    description: 'test',
    replayFlags: [],
    pods: async () => [pod('quiet', 0), pod('talks', 0), pod('ended', 0, { reason: 'Error', exitCode: 1 }), pod('restarted', 2)],
    events: async () => [],
    log: async (_ns, name, _c, previous) => {
      reads.push(`${name}${previous ? ' (previous)' : ''}`);
      return withLogs.has(name)
        ? (async function* () {
            yield { lines: '2025-01-01T00:00:00Z hello' };
          })()
        : undefined;
    },
    ...(hasNoLog ? { hasNoLog: (_ns: string, name: string) => !withLogs.has(name) } : {}),
  };
  return { kube, reads };
}

async function streamsOf(kube: KubeAccess): Promise<SourceStream[]> {
  const source = parseSourceSpec('pods:ns', { kube } as never);
  const out: SourceStream[] = [];
  for await (const s of source.streams({ ids: ['x'], signal: new AbortController().signal, timeoutMs: 1000, referenceMs: 0 } as never))
    out.push(...(Array.isArray(s) ? s : [s]));
  return out;
}

describe('pod streams known to be empty', () => {
  it('marks a container without a log that did not end, and the cursor never reads it', async () => {
    const { kube, reads } = access(new Set(['talks']));
    const streams = await streamsOf(kube);
    const label = (s: SourceStream) => {
      const ref = s.source as unknown as { pod: string; previous: boolean };
      return `${ref.pod}${ref.previous ? ' (previous)' : ''}`;
    };
    expect(streams.map((s) => [label(s), s.empty === true])).toEqual([
      ['quiet', true],
      ['talks', false],
      ['ended', false],
      ['restarted (previous)', true],
      ['restarted', true],
    ]);
    const matcher = new TraceMatcher([{ id: 'x' }]);
    for (const [i, s] of streams.entries()) {
      const cursor = new StreamCursor(s, i, { matcher, time: { referenceMs: 0 }, reorderWindow: 0, contextLimit: 0 });
      while (await cursor.next());
    }
    expect(reads).toEqual(['talks', 'ended']);
  });

  it('reads every stream where the source cannot tell (a live cluster)', async () => {
    const { kube } = access(new Set(['talks']), false);
    expect((await streamsOf(kube)).some((s) => s.empty)).toBe(false);
  });
});
