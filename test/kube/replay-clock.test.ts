// kubectl computes `describe`'s event ages on the client, from its own clock, while `get`'s
// come from the replay's Tables (issue 10: describe showed `2y172d` where get showed `17m`).
// `triage replay` moves every timestamp forward by the time since capture, says so, and
// serves triage's own client the bundle's own times. The real kubectl against the real binary.
import { afterAll, describe, expect, it } from 'vitest';
import { CAPTURED_AT_HEADER, shiftedJson, shiftTime } from '../../src/kube/replay/clock';
import { DEMO, removeTempDirs, tempDir } from './support';
import { serveReplay } from './served';

afterAll(() => removeTempDirs());

const POD = 'payments-worker-5c8d7b9f4-qp9zr';
// fixtures/demo-bundle: the BackOff of this pod ×14 over 23m, last seen seconds before the capture (09:12:04Z).

describe('triage replay clock', () => {
  it('kubectl describe shows event ages as at capture, as kubectl get does, and the banner says times were moved', async () => {
    const served = await serveReplay(DEMO, tempDir());
    try {
      expect(served.banner).toMatch(
        /times moved forward \d+\S* so ages read as at capture \(captured 2026-06-15T09:12:04Z is served as \S+\); --as-captured serves them unmoved/,
      );
      const described = await served.kubectl('describe', 'pod', '-n', 'shop', POD);
      expect(described.exitCode, described.stderr).toBe(0);
      const backOff = /Warning\s+BackOff\s+(\S+) \(x14 over (\S+)\)/.exec(described.stdout);
      expect(backOff, described.stdout.slice(-600)).not.toBeNull();
      // 15s after capture and 23m33s since first seen, plus the seconds this test has run.
      expect(backOff![1]).toMatch(/^\d+s$|^1m\d*s?$/);
      expect(backOff![2]).toMatch(/^2[34]m$/);
      const got = await served.kubectl('get', 'events', '-n', 'shop', '--field-selector', `involvedObject.name=${POD},reason=BackOff`);
      expect(got.stdout).toMatch(/\n(\d+s|1m\d*s?)\s+Warning\s+BackOff\s+pod\//);
    } finally {
      await served.stop();
    }
  });

  it('moves every stamp by the same whole seconds: objects, events and log lines stay consistent with each other', async () => {
    const served = await serveReplay(DEMO, tempDir());
    try {
      const servedAt = /is served as (\S+)\)/.exec(served.banner)![1]!;
      const shiftMs = Date.parse(servedAt) - Date.parse('2026-06-15T09:12:04Z');
      expect(shiftMs % 1000).toBe(0);
      const pod = JSON.parse((await served.kubectl('get', 'pod', '-n', 'shop', POD, '-o', 'json')).stdout);
      expect(pod.metadata.creationTimestamp).toBe(shiftTime('2026-06-14T06:10:12Z', shiftMs));
      const logs = await served.kubectl('logs', '-n', 'shop', POD, '--timestamps', '--tail', '1');
      const stamp = logs.stdout.split(' ')[0]!;
      // Nanoseconds kept as the kubelet wrote them; the seconds moved.
      expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(Date.parse(stamp) - shiftMs).toBeLessThanOrEqual(Date.parse('2026-06-15T09:12:04Z'));
      expect(Date.parse(stamp)).toBeGreaterThan(Date.now() - 3_600_000);
    } finally {
      await served.stop();
    }
  });

  it('--as-captured serves the bundle as captured: describe then reads the ages from today', async () => {
    const served = await serveReplay(DEMO, tempDir(), ['--as-captured']);
    try {
      expect(served.banner).not.toContain('times moved');
      const described = await served.kubectl('describe', 'pod', '-n', 'shop', POD);
      expect(described.stdout).toMatch(/Warning\s+BackOff\s+\d+d\S* \(x14 over \d+d/);
      const pod = JSON.parse((await served.kubectl('get', 'pod', '-n', 'shop', POD, '-o', 'json')).stdout);
      expect(pod.metadata.creationTimestamp).toBe('2026-06-14T06:10:12Z');
    } finally {
      await served.stop();
    }
  });

  it('leaves ConfigMap and Secret content, and strings that are not instants, as they are', () => {
    const body = {
      metadata: { creationTimestamp: '2026-06-14T06:10:12Z', annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-06-14T06:00:00+02:00' } },
      data: { startedAt: '2026-06-14T06:10:12Z' },
      status: { startTime: 'not a time', containerStatuses: [{ state: { running: { startedAt: '2026-06-14T06:10:12.123456Z' } } }] },
    };
    const moved = JSON.parse(shiftedJson(body, 86_400_000));
    expect(moved.metadata.creationTimestamp).toBe('2026-06-15T06:10:12Z');
    expect(moved.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-06-15T04:00:00Z');
    expect(moved.data.startedAt).toBe('2026-06-14T06:10:12Z');
    expect(moved.status.startTime).toBe('not a time');
    expect(moved.status.containerStatuses[0].state.running.startedAt).toBe('2026-06-15T06:10:12.123456Z');
    expect(CAPTURED_AT_HEADER).toBe('triage-captured-at');
  });
});
