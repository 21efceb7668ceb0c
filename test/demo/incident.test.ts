import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startDemoIncident, type DemoIncident } from '../../src/demo/incident';
import { DEMO_FILES } from '../../src/demo/workspace';
import {
  DEMO_JOB,
  DEMO_TRACE_ID,
  EXPECTED_SHA,
  GATEWAY_BUILD,
  LEFTOVER_LOCKED_AT,
  MISSING_ENV,
  PRESENT_ENV,
  TRACE_SERVICES,
  WORKER_BUILD,
} from '../../src/demo/story';
import { readResource } from '../kube/checks/bundle-source';

let incident: DemoIncident;

beforeAll(async () => {
  incident = await startDemoIncident({ PATH: process.env.PATH, [MISSING_ENV]: 'set-by-the-caller' });
});

afterAll(async () => {
  await incident?.stop();
});

const inWorkspace = (relative: string) => join(incident.workspace.dir, relative);
const bundleJson = () => JSON.parse(readFileSync(join(incident.bundle, 'bundle.json'), 'utf8')) as { capturedAt: string };

/** The revision annotation of a deployment's pods in the captured cluster. */
function revisionOf(name: string): string {
  const deployment = readResource(incident.bundle, 'deployments', 'apps').items.find((d) => (d.metadata as { name: string }).name === name)!;
  return (deployment as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations[
    'org.opencontainers.image.revision'
  ]!;
}

describe('the demo incident', () => {
  it('comes with the captured cluster of the same incident', () => {
    expect(existsSync(join(incident.bundle, 'bundle.json'))).toBe(true);
    expect(incident.bundle).toMatch(/fixtures[/\\]demo-bundle$/);
  });

  it("serves the api-gateway's public endpoint: healthy, reporting the revision the cluster runs", async () => {
    expect((await fetch(`${incident.services.gatewayUrl}/healthz`)).status).toBe(200);
    const info = (await (await fetch(`${incident.services.gatewayUrl}/buildinfo`)).json()) as { service: string; sha: string };
    expect(info).toMatchObject({ service: 'api-gateway', sha: GATEWAY_BUILD.sha });
    expect(info.sha).toBe(revisionOf('api-gateway'));
  });

  it("serves the payments-worker's endpoint: 503 while it restarts after an OOM kill, on the revision before the fix", async () => {
    const res = await fetch(`${incident.services.workerUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('OOMKilled');
    const info = (await (await fetch(`${incident.services.workerUrl}/buildinfo`)).json()) as { sha: string };
    expect(info.sha).toBe(WORKER_BUILD.sha);
    expect(info.sha).toBe(revisionOf('payments-worker'));
    expect(info.sha).not.toBe(EXPECTED_SHA);
    expect(incident.plan.plan.build).toMatchObject({
      expectedSha: EXPECTED_SHA,
      deployed: [{ name: 'payments-worker', url: `${incident.services.workerUrl}/buildinfo` }],
    });
  });

  it('accepts connections on the queue port', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(incident.services.queue.port, incident.services.queue.host, () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
  });

  it("keeps appending to the harness's log, whose trace lines sit in the captured cluster's window", async () => {
    const log = inWorkspace(DEMO_FILES.log);
    const before = statSync(log).size;
    await vi.waitFor(() => expect(statSync(log).size).toBeGreaterThan(before), { timeout: 10_000, interval: 100 });
    const traceLines = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes(DEMO_TRACE_ID));
    expect(traceLines.length).toBeGreaterThan(2);
    const capturedAt = Date.parse(bundleJson().capturedAt);
    for (const line of traceLines) {
      expect(line).toMatch(/ svc=e2e-harness /);
      const time = Date.parse(/^time=(\S+)/.exec(line)![1]!);
      expect(time).toBeLessThan(capturedAt);
      expect(capturedAt - time).toBeLessThan(35 * 60_000);
    }
    expect(traceLines.at(-1)).toMatch(/level=error .*did not reach PAID/);
  });

  it("leaves run 1907's empty result artifact and header-only CSV, and run 1841's lock as old as its lock in the cluster", () => {
    expect(statSync(inWorkspace(DEMO_FILES.parquet)).size).toBe(0);
    expect(readFileSync(inWorkspace(DEMO_FILES.csv), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(statSync(inWorkspace(DEMO_FILES.parquet)).mtimeMs).toBeLessThan(Date.parse(bundleJson().capturedAt));
    const lock = readResource(incident.bundle, 'configmaps').items.find((c) => (c.metadata as { name: string }).name === 'checkout-e2e-lock') as unknown as {
      data: { acquiredAt: string; holder: string };
    };
    expect(lock.data.acquiredAt).toBe(LEFTOVER_LOCKED_AT);
    expect(statSync(inWorkspace(DEMO_FILES.leftoverLock)).mtimeMs).toBe(Date.parse(LEFTOVER_LOCKED_AT));
    expect(JSON.parse(readFileSync(inWorkspace(DEMO_FILES.leftoverLock), 'utf8'))).toMatchObject({ holder: lock.data.holder, lockedAt: LEFTOVER_LOCKED_AT });
  });

  it("ships run 1907's JUnit report: a contract that expects a renamed status, and the job's own failure", () => {
    const junit = readFileSync(inWorkspace(DEMO_FILES.junit), 'utf8');
    expect(junit).toContain('expected status "PENDING", received "PENDING_PAYMENT"');
    const jobLog = readFileSync(join(incident.bundle, 'logs', DEMO_JOB.namespace, `${DEMO_JOB.name}-k8v2n`, 'e2e.log'), 'utf8');
    const failure = /AssertionError: (expected order .*\))$/m.exec(jobLog)![1]!;
    expect(junit).toContain(`message="${failure}"`);
  });

  it('requires one env name that is set and one that is not, even if the caller had it', () => {
    expect(incident.plan.plan.requiredEnv).toEqual([PRESENT_ENV, MISSING_ENV]);
    expect(incident.env[PRESENT_ENV]).toBe(incident.services.gatewayUrl);
    expect(incident.env[MISSING_ENV]).toBeUndefined();
  });

  it("points the plan at the running services, the workspace and the cluster's namespaces, job and leftovers", () => {
    const { plan, baseDir } = incident.plan;
    expect(baseDir).toBe(incident.workspace.dir);
    expect(plan.health.map((h) => h.url)).toEqual([`${incident.services.gatewayUrl}/healthz`, `${incident.services.workerUrl}/healthz`]);
    expect(plan.traceId).toBe(DEMO_TRACE_ID);
    expect(plan.trace?.services).toEqual([...TRACE_SERVICES]);
    expect(plan.namespaces).toEqual(['shop', 'shop-e2e', 'monitoring']);
    expect(plan.jobs).toEqual([DEMO_JOB]);
    expect(plan.leftovers).toMatchObject({
      namespaces: ['e2e-run-*'],
      paths: ['state/*.lock'],
      labels: ['e2e.example.com/run-id,e2e.example.com/run-id!=1907'],
    });
  });
});

describe('stopping the demo incident', () => {
  it('closes every port and removes the workspace', async () => {
    const other = await startDemoIncident({});
    const { gatewayUrl, workerUrl } = other.services;
    await Promise.all([other.stop(), other.stop()]);
    expect(existsSync(other.workspace.dir)).toBe(false);
    await expect(fetch(`${gatewayUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${workerUrl}/healthz`)).rejects.toThrow();
  });
});
