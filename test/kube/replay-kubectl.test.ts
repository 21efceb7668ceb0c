// The real kubectl against `triage replay`: what a person types during an incident works
// unchanged, and every write is refused by the server with the read-only Status.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, MINI, removeTempDirs, replay, tempDir, type Replayed } from './support';

describe('kubectl against the replay of the mini bundle', () => {
  let r: Replayed;
  beforeAll(async () => {
    r = await replay(MINI);
  });
  afterAll(async () => {
    await r.server.close();
    removeTempDirs();
  });

  it('get pods -A -o wide prints every pod with status, restarts, IP and node', async () => {
    const { exitCode, stdout } = await r.kubectl('get', 'pods', '-A', '-o', 'wide');
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(lines).toHaveLength(5);
    expect(stdout).toMatch(/shop\s+checkout-7d9f8c6b5-q8m2z\s+0\/1\s+CrashLoopBackOff\s+4 \(5m9s ago\)\s+49m\s+10\.244\.1\.18\s+kind-worker/);
    expect(stdout).toMatch(/batch\s+e2e-smoke-4711-7xq2n\s+0\/1\s+Error\s+0\s+20m/);
  });

  it('get deploy,rs -n shop prints both kinds with their own columns', async () => {
    const { exitCode, stdout } = await r.kubectl('get', 'deploy,rs', '-n', 'shop');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/checkout\s+1\/2\s+2\s+1\s+/);
    expect(stdout).toMatch(/NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nreplicaset\.apps\/checkout-7d9f8c6b5\s+2\s+2\s+1\s+50m/);
  });

  it('get events, nodes, services and jobs print their usual columns', async () => {
    const events = await r.kubectl('get', 'events', '-n', 'batch');
    expect(events.stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n17m\s+Warning\s+BackoffLimitExceeded\s+job\/e2e-smoke-4711\s+Job has reached/);
    const nodes = await r.kubectl('get', 'nodes');
    expect(nodes.stdout).toMatch(/kind-control-plane\s+Ready\s+control-plane\s+4d2h\s+v1\.31\.2/);
    const services = await r.kubectl('get', 'svc', '-n', 'shop');
    expect(services.stdout).toMatch(/checkout\s+ClusterIP\s+10\.96\.41\.12\s+<none>\s+8080\/TCP/);
    const jobs = await r.kubectl('get', 'jobs', '-A');
    expect(jobs.stdout).toMatch(/batch\s+e2e-smoke-4711\s+Failed\s+0\/1\s+20m\s+20m/);
  });

  it('describe pod shows the last termination reason and the pod events', async () => {
    const { exitCode, stdout } = await r.kubectl('describe', 'pod', '-n', 'shop', 'checkout-7d9f8c6b5-q8m2z');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled/);
    expect(stdout).toMatch(/Warning\s+BackOff\s+.*\(x31 over/);
  });

  it('logs and logs --previous return the current and the previous container log', async () => {
    const current = await r.kubectl('logs', '-n', 'shop', 'checkout-7d9f8c6b5-q8m2z');
    expect(current.exitCode).toBe(0);
    // In CrashLoopBackOff the current log is the instance that died last (OOMKilled at 09:24:51).
    expect(current.stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(current.stdout).toMatch(/^\{"level":"info","ts":"2025-03-14T09:21:40.514Z","msg":"checkout starting"/);
    expect(current.stdout).toMatch(/"step":"reserve-stock"\}$/);
    const previous = await r.kubectl('logs', '-n', 'shop', 'checkout-7d9f8c6b5-q8m2z', '--previous', '--timestamps', '--tail=1');
    expect(previous.stdout).toBe(
      '2025-03-14T09:21:06.733418092Z {"level":"warn","ts":"2025-03-14T09:21:06.733Z","msg":"heap above soft limit","heap_mb":241,"limit_mb":256}',
    );
    const none = await r.kubectl('logs', '-n', 'shop', 'frontend-5c8d7b9f4-m7wqt', '--previous');
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('previous terminated container "frontend" in pod "frontend-5c8d7b9f4-m7wqt" not found');
  });

  it("get events --field-selector involvedObject.name= selects one object's events", async () => {
    const { stdout } = await r.kubectl('get', 'events', '-n', 'shop', '--field-selector', 'involvedObject.name=checkout-7d9f8c6b5-q8m2z');
    const rows = stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toContain('pod/checkout-7d9f8c6b5-q8m2z');
  });

  it('label selectors filter lists', async () => {
    const { stdout } = await r.kubectl('get', 'pods', '-A', '-l', 'app in (checkout),pod-template-hash!=nope', '-o', 'name');
    expect(stdout.trim().split('\n').sort()).toEqual(['pod/checkout-7d9f8c6b5-q8m2z', 'pod/checkout-7d9f8c6b5-x2k4p']);
  });

  it('auth can-i answers yes for reads and no for writes', async () => {
    const list = await r.kubectl('auth', 'can-i', 'list', 'pods');
    expect([list.exitCode, list.stdout.trim()]).toEqual([0, 'yes']);
    const del = await r.kubectl('auth', 'can-i', 'delete', 'pods');
    expect(del.exitCode).toBe(1);
    expect(del.stdout.trim()).toMatch(/^no/);
  });

  it('refuses delete, apply and scale with the read-only Status', async () => {
    const refusal = /Error from server \(MethodNotAllowed\)[\s\S]*the bundle is read-only/;
    const del = await r.kubectl('delete', 'pod', '-n', 'shop', 'checkout-7d9f8c6b5-q8m2z');
    expect(del.exitCode).toBe(1);
    expect(del.stderr).toMatch(refusal);
    const scale = await r.kubectl('scale', 'deploy', 'checkout', '-n', 'shop', '--replicas=3');
    expect(scale.stderr).toMatch(refusal);
    const apply = await r.kubectl('apply', '-f', `${MINI}/resources/configmaps.json`);
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toMatch(refusal);
    const manifest = join(tempDir(), 'new.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata: {a: b}\n');
    const create = await r.kubectl('apply', '-f', manifest);
    expect(create.stderr).toMatch(/MethodNotAllowed[\s\S]*POST \/api\/v1\/namespaces\/shop\/configmaps refused/);
    expect((await r.kubectl('get', 'cm', 'extra', '-n', 'shop')).stderr).toContain('configmaps "extra" not found');
    // Nothing changed.
    const after = await r.kubectl('get', 'deploy', 'checkout', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}');
    expect(after.stdout).toBe('2');
  });

  it('get -o json of a Secret shows its keys with no values', async () => {
    const { stdout } = await r.kubectl('get', 'secret', 'checkout-db', '-n', 'shop', '-o', 'jsonpath={.data}');
    expect(JSON.parse(stdout)).toEqual({ password: '', username: '' });
  });
});

describe('kubectl against the replay of the demo bundle', () => {
  let r: Replayed;
  beforeAll(async () => {
    r = await replay(DEMO);
  });
  afterAll(async () => {
    await r.server.close();
    removeTempDirs();
  });

  it('lists, describes, reads logs and events, answers can-i and refuses writes', async () => {
    const pods = await r.kubectl('get', 'pods', '-A', '-o', 'wide');
    expect(pods.exitCode).toBe(0);
    const rows = pods.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/));
    expect(rows.length).toBeGreaterThan(3);
    const restarted = rows.find((row) => row[4] !== '0');
    const [ns, name] = restarted ?? rows[0]!;

    const deploy = await r.kubectl('get', 'deploy,rs', '-n', ns!);
    expect(deploy.exitCode).toBe(0);
    expect(deploy.stdout).toMatch(/deployment\.apps\//);

    const described = await r.kubectl('describe', 'pod', '-n', ns!, name!);
    expect(described.exitCode).toBe(0);
    expect(described.stdout).toContain(`Name:`);

    const logs = await r.kubectl('logs', '-n', ns!, name!, '--all-containers', '--tail=5');
    expect(logs.exitCode).toBe(0);
    if (restarted) {
      const previous = await r.kubectl('logs', '-n', ns!, name!, '--previous', '--tail=5');
      expect(previous.exitCode).toBe(0);
      expect(previous.stdout.length).toBeGreaterThan(0);
    }

    const events = await r.kubectl('get', 'events', '-n', ns!, '--field-selector', `involvedObject.name=${name}`, '-o', 'name');
    expect(events.exitCode).toBe(0);

    expect((await r.kubectl('auth', 'can-i', 'list', 'pods')).stdout.trim()).toBe('yes');
    for (const args of [
      ['delete', 'pod', '-n', ns!, name!],
      ['scale', 'deploy', '--all', '-n', ns!, '--replicas=0'],
    ]) {
      const refused = await r.kubectl(...args);
      expect(refused.stderr).toMatch(/MethodNotAllowed|the bundle is read-only/);
    }
  });
});
