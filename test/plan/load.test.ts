import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan, parsePlan } from '../../src/plan/load';
import { InputError } from '../../src/errors';

function errorOf(text: string): InputError {
  try {
    parsePlan(text, 'triage.yaml');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the plan to be rejected');
}

describe('plan file', () => {
  it('names the line and field of an unknown key (a typo never silently disables a check)', () => {
    const e = errorOf(['name: shop', 'health:', '  - name: api', '    url: http://127.0.0.1:8080/healthz', '    expectStatuss: 200'].join('\n'));
    expect(e.message).toBe('triage.yaml:5: health[0].expectStatuss: unknown key (a typo here would silently disable a check)');
  });

  it('names the line and field of a value of the wrong type', () => {
    const e = errorOf(['name: shop', 'concurrency: lots'].join('\n'));
    expect(e.line).toBe(2);
    expect(e.field).toBe('concurrency');
  });

  it('names the line of a YAML syntax error', () => {
    const e = errorOf(['name: shop', 'health: [', '  {name: api'].join('\n'));
    expect(e.file).toBe('triage.yaml');
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown check kind in a step, naming the field', () => {
    const e = errorOf(['checks:', '  contract:', '    - kind: telepathy'].join('\n'));
    expect(e.line).toBe(3);
    expect(e.field).toBe('checks.contract[0].kind');
  });

  it('rejects a duration it cannot read', () => {
    const e = errorOf('timeout: soon');
    expect(e.message).toContain('timeout');
    expect(e.message).toContain('duration');
  });

  it('fills defaults for an empty plan', () => {
    const plan = parsePlan('', 'triage.yaml');
    expect(plan).toMatchObject({ name: 'unnamed system', timeout: '10s', concurrency: 4, health: [] });
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'triage-plan-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('uses ./triage.yaml when present and resolves paths against its directory', () => {
      writeFileSync(join(dir, 'triage.yaml'), 'name: payments\n');
      const loaded = loadPlan(dir);
      expect(loaded.plan.name).toBe('payments');
      expect(loaded.baseDir).toBe(dir);
    });

    it('says so when --plan names a file that does not exist', () => {
      expect(() => loadPlan(dir, 'missing.yaml')).toThrow('missing.yaml: plan file not found');
    });
  });
});
