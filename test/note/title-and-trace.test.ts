import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestSession, tempRoot } from './support';
import { runCli } from '../support/cli';

// The title becomes the tracker issue's title, and the trace line says what the walk followed:
// both through the real CLI, over a plan with a real JUnit report and no cluster.

let root: string;
let cleanup: () => void;

beforeEach(() => {
  ({ root, cleanup } = tempRoot('triage-title-'));
  copyFileSync(join(import.meta.dirname, '../../fixtures/junit/orders-jest.xml'), join(root, 'orders-jest.xml'));
});
afterEach(() => cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const ran = await runCli(argv, { env: { USER: 'alice' }, cwd: root });
  return { code: ran.code, stdout: ran.out, stderr: ran.err };
}

describe("the investigation's title", () => {
  it('reads like an incident title: the namespace and the first failing step with what it found, never "unnamed system: triage"', async () => {
    writeFileSync(join(root, 'triage.yaml'), 'namespaces: [orders]\njunit: [orders-jest.xml]\n');
    const run = await cli('run', '--investigation', 'inv');
    expect(run.stderr).toBe('');
    const title = run.stdout.split('\n')[0]!;
    expect(title).not.toMatch(/unnamed system|: triage$/);
    expect(title).toMatch(/^# namespace orders: test contract no longer matches the product — \d+ of \d+ tests failed/);
  });

  it("is the plan's system when it names one, and a person's title wins over the derived one", async () => {
    writeFileSync(join(root, 'triage.yaml'), 'name: orders-api\njunit: [orders-jest.xml]\n');
    expect((await cli('run', '--investigation', 'inv')).stdout).toMatch(/^# orders-api: test contract no longer matches the product — /);
    const person = openTestSession(root, 'inv', 'bob');
    expect(person.setTitle('orders API rejects new order payloads since 3.4').ok).toBe(true);
    await person.quit();
    expect((await cli('run', '--investigation', 'inv')).stdout).toMatch(/^# orders API rejects new order payloads since 3\.4\n/);
  });
});

describe('resuming with --trace', () => {
  it('records the trace the resumed walk follows: the note names it instead of "none given"', async () => {
    writeFileSync(join(root, 'triage.yaml'), 'name: orders-api\njunit: [orders-jest.xml]\n');
    const first = await cli('run', '--investigation', 'inv');
    expect(first.stdout).toContain('**Trace:** none given');
    const resumed = await cli('run', '--investigation', 'inv', '--trace', '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(resumed.stdout).toContain('**Trace:** `4bf92f3577b34da6a3ce929d0e0e4736`');
    const rendered = await cli('note', 'render', '--investigation', 'inv');
    expect(rendered.stdout).toContain('**Trace:** `4bf92f3577b34da6a3ce929d0e0e4736`');
  });
});
