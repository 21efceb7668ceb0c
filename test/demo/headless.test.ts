import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { STEP_IDS, type StepId } from '../../src/model';
import { STEPS } from '../../src/plan/steps';
import { DEMO_TRACE_ID, DEPLOYED_SHA, MISSING_ENV } from '../../src/demo/story';

// What each step of the demo must find: a marker that only the real finding contains.
const FINDING: Record<StepId, string> = {
  contract: 'SUCCEEDED',
  environment: '503',
  versions: DEPLOYED_SHA.slice(0, 7),
  'auth-config': MISSING_ENV,
  rerun: '6c01.lock',
  'data-path': 'run-7f3a.parquet',
  observability: 'restart triggered',
};

interface Walk {
  code: number;
  stdout: string;
  stderr: string;
}

async function demo(cwd: string, ...flags: string[]): Promise<Walk> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env: { ...process.env, USER: 'oncall' }, cwd };
  const code = await main(['demo', ...flags], io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

interface WalkJson {
  investigation: string;
  note: string;
  steps: { id: StepId; status: string; checks: { status: string; summary: string; evidence: { text: string }[] }[] }[];
}

let cwd: string;
let json: Walk;
let md: Walk;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-demo-test-'));
  json = await demo(cwd, '--headless', '--format', 'json');
  md = await demo(cwd, '--headless');
}, 60_000);

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('triage demo --headless', () => {
  it('exits 1 because the demo incident has failures', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    expect(md.code).toBe(1);
  });

  it.each(STEP_IDS)('finds something real in step %s', (id) => {
    const walk = JSON.parse(json.stdout) as WalkJson;
    const step = walk.steps.find((s) => s.id === id)!;
    expect(['fail', 'warn']).toContain(step.status);
    const flagged = step.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
    const text = flagged.map((c) => [c.summary, ...c.evidence.map((e) => e.text)].join('\n')).join('\n');
    expect(text).toContain(FINDING[id]);
  });

  it('prints the note with every step and the trace it followed', () => {
    expect(md.stdout).toMatch(/^# demo: /);
    expect(md.stdout).toContain(DEMO_TRACE_ID);
    // Each step's line in the walk, whatever its layout (table row or list item), says it failed or warned.
    const lines = md.stdout.split('\n');
    for (const step of STEPS) {
      const line = lines.find((l) => new RegExp(`(^|\\D)${step.number}\\D.*${step.title}`).test(l));
      expect(line, step.title).toMatch(/\b(FAIL|WARN)\b/);
    }
  });

  it('keeps the journal and the note in the current directory, like any walk', () => {
    const walk = JSON.parse(json.stdout) as WalkJson;
    expect(walk.note).toBe(join(cwd, '.triage', 'notes', `${walk.investigation}.md`));
    expect(readFileSync(walk.note, 'utf8')).toContain('expected status');
    expect(readdirSync(join(cwd, '.triage', 'investigations'))).toContain(`${walk.investigation}.ndjson`);
  });

  it('removes its temporary workspace when it is done', () => {
    // The demo ran inside this process, so its workspace carries this pid.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`triage-demo-${process.pid}-`))).toEqual([]);
  });
});
