import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksFor } from '../../src/walk/assemble';
import { kubeChecks } from '../../src/kube/checks/index';
import { parsePlan } from '../../src/plan/load';
import { sameSha } from '../../src/plan/deployed-build';
import { InputError } from '../../src/errors';
import type { Check } from '../../src/checks/types';
import { run, serve, tempDir, type Served } from '../checks/support';

const plan = (lines: string[]) => parsePlan(lines.join('\n'), 'triage.yaml');
const byId = (checks: Check[], id: string) => checks.find((c) => c.id === id)!;
/** The zero-config cluster built-ins are always asked for (they skip without a cluster); these tests are about the plan's own. */
const planned = (lines: string[]) => {
  const builtin = new Set(kubeChecks(plan(lines)).map((c) => c.id));
  return checksFor(plan(lines)).filter((c) => !builtin.has(c.id));
};

const SECTIONS = [
  'name: shop',
  'health:',
  '  - name: API',
  '    url: http://127.0.0.1:8080/healthz',
  '  - name: worker',
  '    url: http://127.0.0.1:8081/health',
  '    expectStatus: 204',
  'ports:',
  '  - { name: postgres, host: 127.0.0.1, port: 5432 }',
  '  - { host: 127.0.0.1, port: 6379 }',
  'build:',
  '  expectedSha: 3f9a2c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  '  deployed:',
  '    - { name: api, url: "http://127.0.0.1:8080/buildinfo", field: build.sha }',
  'requiredEnv: [API_TOKEN, DATABASE_URL]',
  'junit: ["reports/*.xml"]',
  'artifacts:',
  '  - { path: "results/*.parquet", minLines: 1 }',
  'logs:',
  '  - { path: logs/api.log, mustMatch: ["trace_id="] }',
  'leftovers:',
  '  paths: [tmp/e2e.lock, "state/run-*"]',
  'checks:',
  '  environment:',
  '    - { kind: tcp, name: port-postgres, host: 127.0.0.1, port: 5433 }',
  '  versions:',
  '    - { kind: command, argv: [kubectl, version, --client] }',
];

describe('checksFor', () => {
  it('expands each plan section into checks of its step, in step order, with unique ids', () => {
    const checks = planned(SECTIONS);
    expect(checks.map((c) => [c.step, c.id])).toEqual([
      ['contract', 'contract/junit'],
      ['environment', 'environment/health-api'],
      ['environment', 'environment/health-worker'],
      ['environment', 'environment/port-postgres'],
      ['environment', 'environment/port-127.0.0.1-6379'],
      ['environment', 'environment/port-postgres-2'],
      ['versions', 'versions/deployed-api'],
      ['versions', 'versions/command-1'],
      ['auth-config', 'auth-config/required-env'],
      ['rerun', 'rerun/leftover-paths'],
      ['data-path', 'data-path/artifact-results-parquet'],
      ['observability', 'observability/log-logs-api.log'],
    ]);
    expect(byId(checks, 'environment/health-api').title).toBe('GET API /healthz');
    expect(byId(checks, 'environment/port-postgres').title).toBe('TCP postgres 127.0.0.1:5432');
    expect(byId(checks, 'versions/deployed-api').title).toBe('GET api /buildinfo: deployed SHA');
    expect(byId(checks, 'versions/command-1').title).toBe('$ kubectl version --client');
  });

  it('asks only for the 17 cluster built-ins when the plan is empty, in step order', () => {
    expect(planned(['name: shop'])).toEqual([]);
    expect(checksFor(plan(['name: shop'])).map((c) => [c.step, c.id, c.title])).toEqual([
      ['environment', 'environment/nodes', 'Nodes Ready, no pressure'],
      ['environment', 'environment/pods', 'Pods Running and Ready'],
      ['environment', 'environment/workloads', 'Workloads at desired replicas'],
      ['environment', 'environment/volumes', 'Volume claims Bound'],
      ['environment', 'environment/events', 'Warning events'],
      ['environment', 'environment/autoscalers', 'Autoscalers below maxReplicas'],
      ['environment', 'environment/services', 'Service selectors see their pods'],
      ['versions', 'versions/images', 'Images and digests running'],
      ['versions', 'versions/rollouts', 'One version per workload'],
      ['versions', 'versions/server', 'API server and kubelet versions'],
      ['versions', 'versions/changes', 'What changed before onset'],
      ['auth-config', 'auth-config/access', 'Access the test needs'],
      ['auth-config', 'auth-config/keys', 'Secrets and config keys present'],
      ['rerun', 'rerun/leftover-namespaces', 'Namespaces left from earlier runs'],
      ['rerun', 'rerun/finished-jobs', 'Finished jobs left behind'],
      ['data-path', 'data-path/jobs', 'Jobs succeeded'],
      ['observability', 'observability/log-signatures', 'Known failures in pod logs and events'],
    ]);
  });

  it('rejects an invalid regex in a section where the plan is read', () => {
    expect(() => plan(['logs:', '  - { path: a.log, mustNotMatch: ["(unclosed"] }'])).toThrow(InputError);
    expect(() => plan(['logs:', '  - { path: a.log, mustNotMatch: ["(unclosed"] }'])).toThrow(
      /^triage\.yaml:2: logs\[0\]\.mustNotMatch\[0\]: not a valid regular expression$/,
    );
  });
});

describe('plan sections as running checks', () => {
  let tmp: ReturnType<typeof tempDir>;
  let api: Served | undefined;
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    tmp.cleanup();
    await api?.close();
    api = undefined;
  });

  const deployed = (url: string, expectedSha: string, extra = '') =>
    byId(checksFor(plan(['build:', `  expectedSha: ${expectedSha}`, '  deployed:', `    - { name: api, url: "${url}"${extra} }`])), 'versions/deployed-api');

  it('names "fix merged but not deployed" when the deployed SHA differs from the expected one', async () => {
    api = await serve((_req, res) => res.end(JSON.stringify({ build: { sha: 'abc1234e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c' } })));
    const result = await run(deployed(`${api.url}/buildinfo`, 'def5678a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e', ', field: build.sha'));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^fix merged but not deployed: api GET \/buildinfo → 200 in \d+ms, sha abc1234 ≠ expected def5678$/);
    expect(result.bucket).toBe('version-drift');
    expect(result.evidence.map((e) => e.text)).toContain(
      'deployed abc1234e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c (field build.sha), expected def5678a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e',
    );
  });

  it('passes when a short deployed SHA is a prefix of the expected one', async () => {
    api = await serve((_req, res) => res.end('build 3f9a2c1 (main) built 2026-11-22'));
    const result = await run(deployed(api.url, '3f9a2c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39', ', regex: "build ([0-9a-f]+)"'));
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^api runs the expected build: GET \/ → 200 in \d+ms, sha 3f9a2c1$/);
  });

  it('cannot tell the version of a build endpoint that answers 503', async () => {
    api = await serve((_req, res) => {
      res.writeHead(503);
      res.end('restarting');
    });
    const result = await run(deployed(`${api.url}/version`, '3f9a2c1d8e7b'));
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^cannot read the deployed build of api: GET \/version → 503 in \d+ms$/);
  });

  it('compares short and long SHAs by prefix, either way', () => {
    expect(sameSha('3f9a2c1', '3F9A2C1D8E7B6A5F')).toBe(true);
    expect(sameSha('3f9a2c1d8e7b6a5f', '3f9a2c1')).toBe(true);
    expect(sameSha('3f9a2c1', '3f9a2c2d8e7b6a5f')).toBe(false);
    expect(sameSha('3f9a', '3f9a2c1d8e7b6a5f')).toBe(false);
  });

  it('fails the rerun step on files an earlier run left behind, with their age', async () => {
    mkdirSync(join(tmp.dir, 'tmp'));
    mkdirSync(join(tmp.dir, 'state/run-41'), { recursive: true });
    writeFileSync(join(tmp.dir, 'state/run-41/checkpoint'), '{}');
    writeFileSync(join(tmp.dir, 'tmp/e2e.lock'), 'pid 4242\n');
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(tmp.dir, 'tmp/e2e.lock'), old, old);
    const check = byId(checksFor(plan(['leftovers:', '  paths: [tmp/e2e.lock, "state/run-*"]'])), 'rerun/leftover-paths');
    const result = await run(check, { baseDir: tmp.dir });
    expect(result.status).toBe('fail');
    expect(result.bucket).toBe('replay-dedupe');
    expect(result.summary).toMatch(
      /^2 leftovers from an earlier run would block an identical rerun: state\/run-41 \(directory, 1 entry, [\d.]+m?s old\) \(\+1 more\)$/,
    );
    expect(result.evidence.map((e) => e.text)).toContain('tmp/e2e.lock (file, 9 bytes, 2h old)');
  });

  it('passes the rerun step when nothing is left behind', async () => {
    const check = byId(checksFor(plan(['leftovers:', '  paths: [tmp/e2e.lock]'])), 'rerun/leftover-paths');
    expect(await run(check, { baseDir: tmp.dir })).toMatchObject({ status: 'pass', summary: 'no leftovers from an earlier run (tmp/e2e.lock)' });
  });

  it('runs the required-env section without showing values', async () => {
    const check = byId(checksFor(plan(['requiredEnv: [API_TOKEN, DATABASE_URL]'])), 'auth-config/required-env');
    const result = await run(check, { env: { API_TOKEN: 'tok-secret' } });
    expect(result).toMatchObject({ status: 'fail', summary: '1 of 2 required env names missing or empty: DATABASE_URL' });
    expect(JSON.stringify(result)).not.toContain('tok-secret');
  });
});
