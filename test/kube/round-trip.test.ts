// A capture of a replay says what the replay said (issue 10): `triage capture` through
// `triage replay` keeps the source's capturedAt, so the failed job of the last day and the
// warning events of the last hour stay where they were. The built binary throughout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binary } from '../faults/support';
import { DEMO, removeTempDirs, tempDir } from './support';
import { serveReplay } from './served';

afterAll(() => removeTempDirs());

interface Walk {
  steps: { checks: { id: string; status: string; summary: string }[] }[];
  mechanisms: { id: string }[];
}

async function walk(bundle: string): Promise<Walk> {
  const cwd = tempDir('triage-walk-');
  const ran = await binary(['run', '--bundle', bundle, '--format', 'json'], { cwd, limitMs: 120_000 });
  expect(ran.hung).toBe(false);
  return JSON.parse(ran.stdout) as Walk;
}

const findings = (w: Walk) => Object.fromEntries(w.steps.flatMap((s) => s.checks.map((c) => [c.id, `${c.status}: ${c.summary}`])));

describe('capture -> replay -> capture', () => {
  it('keeps capturedAt and gives the same findings and ranked mechanisms from both bundles', { timeout: 240_000 }, async () => {
    const home = tempDir();
    const served = await serveReplay(DEMO, home);
    const copy = join(home, 'captured');
    try {
      const captured = await binary(['capture', '--kubeconfig', served.kubeconfig, '-A', '-o', copy], { cwd: home, limitMs: 120_000 });
      expect(captured.code, captured.stderr).toBe(0);
    } finally {
      await served.stop();
    }
    const source = JSON.parse(readFileSync(join(DEMO, 'bundle.json'), 'utf8'));
    const again = JSON.parse(readFileSync(join(copy, 'bundle.json'), 'utf8'));
    expect(again.capturedAt).toBe(source.capturedAt);
    // The replay moved its times for kubectl; triage's capture read the bundle's own.
    expect(readFileSync(join(copy, 'resources/events.json'), 'utf8')).toContain('"lastTimestamp": "2026-06-15T08:58:02Z"');

    const [before, after] = await Promise.all([walk(DEMO), walk(copy)]);
    expect(findings(after)).toEqual(findings(before));
    expect(findings(after)['data-path/jobs']).toContain('shop-e2e/e2e-checkout-flow-1907 Failed (BackoffLimitExceeded)');
    expect(findings(after)['environment/events']).toMatch(/^warn: \d+ warning event groups/);
    expect(after.mechanisms.map((m) => m.id)).toEqual(before.mechanisms.map((m) => m.id));
    expect(after.mechanisms.length).toBeGreaterThan(3);
  });
});
