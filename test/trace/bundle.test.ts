import { describe, expect, it } from 'vitest';
import { filesIn, triage } from './support';

// A bundle made here, read the way every bundle is: through the replay server and the
// same client as a live cluster.

const ID = '7c9e6679742540de944be07fc1f90ae7';
const pod = (name: string, app: string, restarts = 0) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'jobs', labels: { app } },
  spec: { initContainers: [{ name: 'fetch' }], containers: [{ name: 'run' }] },
  status: {
    phase: 'Running',
    initContainerStatuses: [
      { name: 'fetch', restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0, finishedAt: '2025-03-14T09:00:01Z' } } },
    ],
    containerStatuses: [{ name: 'run', restartCount: restarts, state: { running: {} } }],
  },
});
const event = (name: string, involved: string, message: string, at: string, type = 'Normal') => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'jobs' },
  involvedObject: { kind: 'Pod', name: involved, namespace: 'jobs' },
  reason: 'Note',
  message,
  type,
  lastTimestamp: at,
});

function bundle() {
  return filesIn({
    'b/bundle.json': JSON.stringify({
      format: 'triage-bundle/v1',
      capturedAt: '2025-03-14T09:30:00Z',
      context: 'test',
      serverVersion: { gitVersion: 'v1.31.2' },
      namespaces: ['jobs'],
    }),
    'b/resources/pods.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('runner-abc12', 'runner'), pod('other-xyz34', 'other')] }),
    'b/resources/events.json': JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        event('e1', 'scheduler-0', `admitted job for execution ${ID}`, '2025-03-14T09:00:00Z'),
        event('e2', 'runner-abc12', 'Liveness probe failed: connection refused', '2025-03-14T09:00:05Z', 'Warning'),
        event('e3', 'other-xyz34', 'Pulled image', '2025-03-14T09:00:06Z'),
      ],
    }),
    'b/logs/jobs/runner-abc12/fetch.log': [`2025-03-14T09:00:00.500000000Z fetching inputs for ${ID}`],
    'b/logs/jobs/runner-abc12/run.log': [`2025-03-14T09:00:02.000000000Z running ${ID}`, '2025-03-14T09:00:03.000000000Z unrelated'],
    'b/logs/jobs/other-xyz34/run.log': [`2025-03-14T09:00:04.000000000Z not for this pod selector ${ID}`],
  });
}

describe('pods and events of a bundle', () => {
  it('reads every container (init ones too), events naming the id, and events and terminations of the pods that saw it', async () => {
    const { code, out, err } = await triage(
      ['trace', ID, '--bundle', 'b', '--source', 'pods:jobs/app=runner', '--source', 'events:jobs', '--format', 'json'],
      bundle(),
    );
    expect(err).toBe('');
    const json = JSON.parse(out);
    expect(json.entries.map((e: { text: string; via?: string }) => [e.text, e.via ?? ''])).toEqual([
      [`Normal Note Pod/scheduler-0: admitted job for execution ${ID}`, ''],
      [`fetching inputs for ${ID}`, ''],
      // How each container instance ended is context for a pod that saw the trace.
      ['container fetch terminated: Completed (exit code 0)', 'about jobs/runner-abc12'],
      [`running ${ID}`, ''],
      ['Warning Note Pod/runner-abc12: Liveness probe failed: connection refused', 'about jobs/runner-abc12'],
    ]);
    expect(json.entries[1].source).toEqual({ kind: 'pod', namespace: 'jobs', pod: 'runner-abc12', container: 'fetch', previous: false, line: 1 });
    expect(json.window.end).toBe('2025-03-14T09:30:00.000Z');
    expect(json.firstError.text).toContain('Liveness probe failed');
    expect(code).toBe(1);
  });

  it('reads every pod and event of the bundle when no source is named', async () => {
    const { out } = await triage(['trace', ID, '--bundle', 'b', '--format', 'json'], bundle());
    const texts = JSON.parse(out).entries.map((e: { text: string }) => e.text);
    expect(texts).toContain(`not for this pod selector ${ID}`);
    expect(texts).toContain(`running ${ID}`);
  });
});
