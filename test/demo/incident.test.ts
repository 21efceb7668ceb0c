import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startDemoIncident, type DemoIncident } from '../../src/demo/incident';
import { DEMO_FILES } from '../../src/demo/workspace';
import { DEMO_TRACE_ID, EXPECTED_SHA, MISSING_ENV, PRESENT_ENV } from '../../src/demo/story';

let incident: DemoIncident;

beforeAll(async () => {
  incident = await startDemoIncident({ PATH: process.env.PATH, [MISSING_ENV]: 'set-by-the-caller' });
});

afterAll(async () => {
  await incident?.stop();
});

const inWorkspace = (relative: string) => join(incident.workspace.dir, relative);

describe('the demo incident', () => {
  it('serves an api whose /buildinfo reports a SHA other than the expected one, and a healthy /healthz', async () => {
    const info = (await (await fetch(`${incident.services.apiUrl}/buildinfo`)).json()) as { sha: string };
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.sha).not.toBe(EXPECTED_SHA);
    expect(incident.plan.plan.build?.expectedSha).toBe(EXPECTED_SHA);
    expect((await fetch(`${incident.services.apiUrl}/healthz`)).status).toBe(200);
  });

  it('serves a worker whose /healthz answers 503 with the restart message', async () => {
    const res = await fetch(`${incident.services.workerUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('503 from upstream, restart triggered');
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

  it('keeps appending to a log whose trace reaches the worker and stops there', async () => {
    const log = inWorkspace(DEMO_FILES.log);
    const before = statSync(log).size;
    await new Promise((r) => setTimeout(r, 800));
    expect(statSync(log).size).toBeGreaterThan(before);
    const traceLines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(DEMO_TRACE_ID));
    expect(traceLines[0]).toMatch(/"svc":"api"/);
    expect(traceLines.some((l) => l.includes('svc=queue'))).toBe(true);
    expect(traceLines.at(-1)).toMatch(/svc=worker .*restart triggered/);
    for (const line of traceLines) expect(line).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/);
  });

  it('leaves an empty result artifact, a header-only CSV and an hours-old lock from an earlier run', () => {
    expect(statSync(inWorkspace(DEMO_FILES.parquet)).size).toBe(0);
    expect(readFileSync(inWorkspace(DEMO_FILES.csv), 'utf8').trim().split('\n')).toHaveLength(1);
    const age = Date.now() - statSync(inWorkspace(DEMO_FILES.leftoverLock)).mtimeMs;
    expect(age).toBeGreaterThan(60 * 60 * 1000);
  });

  it('ships a JUnit report whose failing test expects a renamed status', () => {
    expect(readFileSync(inWorkspace(DEMO_FILES.junit), 'utf8')).toContain('expected status "COMPLETED", received "SUCCEEDED"');
  });

  it('requires one env name that is set and one that is not, even if the caller had it', () => {
    expect(incident.plan.plan.requiredEnv).toEqual([PRESENT_ENV, MISSING_ENV]);
    expect(incident.env[PRESENT_ENV]).toBe(incident.services.apiUrl);
    expect(incident.env[MISSING_ENV]).toBeUndefined();
  });

  it('points the plan at the running services and the workspace', () => {
    const { plan, baseDir } = incident.plan;
    expect(baseDir).toBe(incident.workspace.dir);
    expect(plan.health.map((h) => h.url)).toEqual([`${incident.services.apiUrl}/healthz`, `${incident.services.workerUrl}/healthz`]);
    expect(plan.traceId).toBe(DEMO_TRACE_ID);
    expect(plan.leftovers?.paths).toEqual(['state/*.lock']);
  });
});

describe('stopping the demo incident', () => {
  it('closes every port and removes the workspace', async () => {
    const other = await startDemoIncident({});
    const { apiUrl, workerUrl } = other.services;
    await Promise.all([other.stop(), other.stop()]);
    expect(existsSync(other.workspace.dir)).toBe(false);
    await expect(fetch(`${apiUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${workerUrl}/healthz`)).rejects.toThrow();
  });
});
