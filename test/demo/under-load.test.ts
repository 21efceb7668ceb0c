import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STEP_IDS } from '../../src/model';

// The demo must not fail its own story on a loaded machine: the built binary, headless,
// while two CPU burners (started and stopped here) take both cores.

const BIN = join(import.meta.dirname, '../../bin/triage.js');
/** The figure of the report: cluster checks of a cold walk timed out at 5s under load. */
const CLUSTER_CHECK_BUDGET_MS = 5_000;

let burners: ChildProcess[] = [];
let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-demo-load-'));
  burners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
});

afterAll(() => {
  for (const b of burners) if (b.pid !== undefined && b.exitCode === null) b.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

interface WalkJson {
  steps: { id: string; status: string; checks: { id: string; status: string; summary: string; durationMs: number }[] }[];
}

function demoHeadless(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'demo', '--headless', '--format', 'json'], { cwd, env: { ...process.env, USER: 'ci' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the demo under load', () => {
  it('tells its whole story with both cores busy: every step fails on its finding, no check errors or times out, cluster checks stay well inside their deadline', async () => {
    const walk = await demoHeadless();
    expect(walk.stderr).toBe('');
    expect(walk.code).toBe(1);
    const json = JSON.parse(walk.stdout) as WalkJson;
    expect(json.steps.map((s) => [s.id, s.status])).toEqual(STEP_IDS.map((id) => [id, 'fail']));
    const checks = json.steps.flatMap((s) => s.checks);
    expect(checks.filter((c) => c.status === 'error' || /timed out/.test(c.summary)).map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    // The captured cluster is served in-process: reading it is triage's own work, never seconds of it.
    const cluster = checks.filter((c) =>
      /^(environment\/(nodes|pods|workloads|volumes|events|autoscalers|services)|versions\/(images|rollouts|server)|data-path\/jobs)$/.test(c.id),
    );
    expect(cluster.length).toBeGreaterThan(8);
    expect(cluster.filter((c) => c.durationMs > CLUSTER_CHECK_BUDGET_MS).map((c) => `${c.id} ${c.durationMs}ms`)).toEqual([]);
  }, 180_000);
});
