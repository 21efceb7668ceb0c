import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { STEP_IDS, type StepId } from '../../src/model';
import { STEPS } from '../../src/plan/steps';
import { DEMO_TRACE_ID, EXPECTED_SHA, MISSING_ENV, WORKER_BUILD } from '../../src/demo/story';

// What each step of the demo must find: a marker that only the real finding contains.
const FINDING: Record<StepId, string> = {
  contract: 'received "PENDING_PAYMENT"',
  environment: '503',
  versions: WORKER_BUILD.sha.slice(0, 7),
  'auth-config': MISSING_ENV,
  rerun: 'e2e-run-1841.lock',
  'data-path': 'run-1907.parquet',
  observability: 'payments-worker (previous)',
};

// What the captured cluster served beside the local endpoints shows in the same walk.
const CLUSTER_FINDING: [check: string, status: string, marker: string][] = [
  ['versions/rollouts', 'warn', 'shop/deployment/checkout mid-rollout on 2 ReplicaSets, checkout on 2 digests'],
  ['environment/autoscalers', 'fail', 'monitoring/opentelemetry-kube-stack-deployment-collector pinned at maxReplicas 4'],
  ['environment/pods', 'fail', 'shop/payments-worker-5c8d7b9f4-qp9zr CrashLoopBackOff (last: OOMKilled'],
  ['data-path/jobs', 'fail', 'shop-e2e/e2e-checkout-flow-1907 Failed (BackoffLimitExceeded)'],
  ['rerun/leftover-namespaces', 'warn', 'e2e-run-1841'],
  ['rerun/labelled-objects', 'warn', 'configmap e2e-run-1841/checkout-e2e-lock'],
  ['versions/build-sha', 'fail', `fix ${EXPECTED_SHA.slice(0, 7)} is merged but not deployed`],
];

interface Walk {
  code: number;
  stdout: string;
  stderr: string;
}

async function demo(cwd: string, env: NodeJS.ProcessEnv, ...flags: string[]): Promise<Walk> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env: { ...process.env, USER: 'oncall', ...env }, cwd };
  const code = await main(['demo', ...flags], io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

interface WalkJson {
  investigation: string;
  note: string;
  steps: { id: StepId; status: string; checks: WalkCheck[] }[];
}

interface WalkCheck {
  id: string;
  status: string;
  summary: string;
  evidence: { text: string; source: string; time?: string }[];
}

function checkOf(id: string): WalkCheck {
  const walk = JSON.parse(json.stdout) as WalkJson;
  const check = walk.steps.flatMap((s) => s.checks).find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in the walk`);
  return check;
}

let cwd: string;
let json: Walk;
let md: Walk;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-demo-test-'));
  // A kubeconfig that fails to parse: the demo must never read it.
  const kubeconfig = join(cwd, 'kubeconfig');
  writeFileSync(kubeconfig, 'clusters: [unterminated\n');
  json = await demo(cwd, { KUBECONFIG: kubeconfig }, '--headless', '--format', 'json');
  md = await demo(cwd, {}, '--headless');
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

  it.each(CLUSTER_FINDING)("finds the captured cluster's evidence too: %s (%s) %s", (id, status, marker) => {
    const check = checkOf(id);
    expect(check.status, check.summary).toBe(status);
    expect(check.summary).toContain(marker);
    expect(check.evidence.some((e) => e.time)).toBe(true);
  });

  it('reports one deployed build on both sides: the local /buildinfo and the cluster report what the payments-worker runs', () => {
    const short = WORKER_BUILD.sha.slice(0, 7);
    expect(checkOf('versions/deployed-payments-worker').summary).toContain(`sha ${short} ≠ expected ${EXPECTED_SHA.slice(0, 7)}`);
    expect(
      checkOf('versions/build-sha')
        .evidence.map((e) => `[${e.source}] ${e.text}`)
        .join('\n'),
    ).toContain(`[shop/deployment/payments-worker] runs ${short} in 2 pods`);
  });

  it("follows the trace across the harness's log and the cluster's pods, to where it stops: the payments-worker's previous instance", () => {
    const trace = checkOf('observability/trace');
    expect(trace.status).toBe('fail');
    expect(trace.summary).toContain('crossed e2e-harness → api-gateway → checkout → e2e-checkout-flow → payments-worker');
    expect(trace.summary).toContain('last seen at payments-worker (shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)) at 2026-06-15T09:02:03');
    expect(trace.summary).toContain('first error at payments-worker: container payments-worker terminated: OOMKilled');
    expect(trace.evidence.find((e) => e.source.startsWith('logs/e2e-harness.log:') && e.text.includes('test started'))).toBeDefined();
    expect(
      trace.evidence.find((e) => e.source === 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)' && e.text.includes('loading settlement batch')),
    ).toBeDefined();
  });

  it('ranks the OOM-killed payments-worker first, its fix merged but not deployed and the collector refusing data as separate mechanisms in the top three', () => {
    const { mechanisms } = JSON.parse(json.stdout) as {
      mechanisms: { id: string; title: string; bucket: string; points: { delta: number; reason: string }[] }[];
    };
    expect(mechanisms[0]).toMatchObject({ id: 'runtime/shop/payments-worker', bucket: 'resource-pressure' });
    expect(mechanisms[0]!.title).toContain('OOM-killed (exit 137)');
    const next = mechanisms.slice(1, 3);
    expect(next.map((m) => m.id).sort()).toEqual(['runtime/monitoring/opentelemetry-kube-stack-deployment-collector', 'version/shop/payments-worker']);
    expect(next.find((m) => m.id.startsWith('version'))!.title).toContain('fix merged but not deployed');
    expect(mechanisms[0]!.points.every((p) => p.reason.length > 0 && p.delta !== 0)).toBe(true);
  });

  it('proposes the top mechanism in the note with its points, the OOM kill leading the evidence', () => {
    const mechanism = md.stdout.slice(md.stdout.indexOf('## Mechanism'), md.stdout.indexOf('## Evidence'));
    expect(mechanism).toContain('**Proposed (not confirmed):** payments-worker OOM-killed');
    expect(mechanism).toMatch(/- \+30 the trace stops on payments-worker/);
    const evidence = md.stdout
      .slice(md.stdout.indexOf('## Evidence'), md.stdout.indexOf('## Discrimination'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(evidence[0]).toContain('OOMKilled');
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
