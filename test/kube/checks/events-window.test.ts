// The events check's window ends at the bundle's capture time, also when the bundle is reached
// through `triage replay` and a kubeconfig (issue 10: a FailedMount repeated 490 times was
// missed, "the last hour before now"). The events are shaped as the API serves them:
// - core/v1 Event with count/firstTimestamp/lastTimestamp, and an events.k8s.io-written one
//   seen through core/v1 (eventTime, series.count, series.lastObservedTime, no count):
//   https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
// - the kubelet's FailedMount text for the Secret volume of the docs' secret-test-pod:
//   https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/
//   (kubelet: `MountVolume.SetUp failed for volume %q : %v`).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binary } from '../../faults/support';
import { MINI, removeTempDirs, tempDir } from '../support';
import { serveReplay } from '../served';
import { analyzeEvents } from '../../../src/kube/checks/environment/events';
import { eventSchema } from '../../../src/kube/analyze/resources';
import { kubectlFor } from '../../../src/kube/checks/kit';

afterAll(() => removeTempDirs());

const POD = { apiVersion: 'v1', kind: 'Pod', name: 'checkout-7d9f8c6b5-x2k4p', namespace: 'shop', uid: '16a97fb4-4e1a-4c2b-9d3f-00012bb4fcab' };
const failedMount = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: 'checkout-7d9f8c6b5-x2k4p.182c3f2d5a1e9b07',
    namespace: 'shop',
    uid: '2f0c7d4e-8a51-4b7e-9c1d-6e2a3b4c5d6e',
    creationTimestamp: '2025-03-13T14:02:11Z',
  },
  involvedObject: POD,
  reason: 'FailedMount',
  type: 'Warning',
  count: 490,
  message: 'MountVolume.SetUp failed for volume "secret-volume" : secret "test-secret" not found',
  firstTimestamp: '2025-03-13T14:02:11Z',
  lastTimestamp: '2025-03-14T09:24:31Z',
  eventTime: null,
  source: { component: 'kubelet', host: 'kind-worker' },
  reportingComponent: 'kubelet',
  reportingInstance: 'kind-worker',
};
const seriesMount = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: 'frontend-5c8d7b9f4-m7wqt.182c41aa0b3c2d19',
    namespace: 'shop',
    uid: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    creationTimestamp: '2025-03-14T08:51:02Z',
  },
  involvedObject: { ...POD, name: 'frontend-5c8d7b9f4-m7wqt', uid: '16a97fb4-4e1a-4c2b-9d3f-00012bb4fcad' },
  reason: 'FailedMount',
  type: 'Warning',
  action: 'MountVolume',
  message: 'MountVolume.SetUp failed for volume "config" : configmap "frontend-config" not found',
  eventTime: '2025-03-14T08:51:02.118204Z',
  firstTimestamp: null,
  lastTimestamp: null,
  series: { count: 37, lastObservedTime: '2025-03-14T09:27:40.402911Z' },
  reportingComponent: 'kubelet',
  reportingInstance: 'kind-worker',
  source: {},
};

function bundleWithMounts(): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(MINI, dir, { recursive: true });
  const file = join(dir, 'resources/events.json');
  const list = JSON.parse(readFileSync(file, 'utf8'));
  list.items.push(failedMount, seriesMount);
  writeFileSync(file, `${JSON.stringify(list, null, 4)}\n`);
  return dir;
}

describe('events window', () => {
  it('reports a FailedMount ×490 and a series of 37 with their counts, in the hour before capture', () => {
    const out = analyzeEvents([eventSchema.parse(failedMount), eventSchema.parse(seriesMount)], {
      now: new Date('2025-03-14T09:30:00Z'),
      kubectl: kubectlFor([]),
      scope: ['-A'],
    });
    expect(out.summary).toContain('FailedMount ×490 on shop/pod/checkout-7d9f8c6b5-x2k4p');
    expect(out.summary).toContain('FailedMount ×37 on shop/pod/frontend-5c8d7b9f4-m7wqt');
  });

  it('ends the window at the capture time when the walk reaches the bundle through triage replay and its kubeconfig', { timeout: 120_000 }, async () => {
    const home = tempDir();
    const served = await serveReplay(bundleWithMounts(), home);
    try {
      const ran = await binary(['run', '--kubeconfig', served.kubeconfig, '--format', 'json'], { cwd: home, limitMs: 90_000 });
      expect(ran.hung).toBe(false);
      const walk = JSON.parse(ran.stdout) as { steps: { checks: { id: string; summary: string }[] }[] };
      const events = walk.steps.flatMap((s) => s.checks).find((c) => c.id === 'environment/events')!;
      expect(events.summary).toContain('FailedMount ×490 on shop/pod/checkout-7d9f8c6b5-x2k4p');
      expect(events.summary).toContain('FailedMount ×37 on shop/pod/frontend-5c8d7b9f4-m7wqt');
      expect(events.summary).not.toContain('older');
    } finally {
      await served.stop();
    }
  });
});
