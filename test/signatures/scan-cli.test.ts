import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../support/cli';
import { binary } from '../faults/support';

const root = resolve(__dirname, '../..');
let dir: string;
/** XDG_CACHE_HOME of the built CLI's runs: cold for the first, warm after it. */
let cacheHome: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-scan-cli-'));
  cacheHome = join(dir, 'cache');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], opts: { stdin?: string; cwd?: string } = {}) {
  return runCli(argv, { cwd: opts.cwd ?? root, stdin: opts.stdin });
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('triage scan', () => {
  it('prints matches, hypotheses and unexplained lines in the documented JSON shape and exits 1', async () => {
    const log = write('app.log', [
      '2026-06-15T09:00:00Z dial tcp 10.96.44.12:5432: connect: connection refused',
      '2026-06-15T09:00:01Z ERROR ledger rejected write 4412',
      'pod shop/api-1 container api last state terminated reason OOMKilled exit code 137',
    ].join('\n'));
    const { code, out } = await run(['scan', log, '--format', 'json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['matches', 'hypotheses', 'unexplained']);
    expect(json.matches[0]).toEqual({
      signature: 'connection-refused',
      bucket: 'environment-not-ready',
      class: 'environment',
      source: log,
      line: 1,
      text: '2026-06-15T09:00:00Z dial tcp 10.96.44.12:5432: connect: connection refused',
    });
    for (const h of json.hypotheses) expect(Object.keys(h)).toEqual(['tier', 'bucket', 'class', 'score', 'signatures', 'hypothesis', 'next', 'replay', 'confidence', 'cues']);
    expect(json.hypotheses.slice(0, 2).map((h: { tier: string }) => h.tier)).toEqual(['signature', 'signature']);
    expect(json.hypotheses[0]).toMatchObject({ bucket: 'resource-pressure', class: 'environment', signatures: ['container-oom-killed'] });
    expect(json.hypotheses[0].score).toBeGreaterThan(json.hypotheses[1].score);
    expect(json.unexplained).toEqual([{ template: '<time> ERROR ledger rejected write <n>', count: 1, example: '2026-06-15T09:00:01Z ERROR ledger rejected write 4412' }]);
  });

  it('shows a line no signature names as a weaker tier: "~ unnamed — looks like <bucket> (confidence …): cues", after every signature', async () => {
    const log = write('unnamed.log', [
      'pod shop/payments-worker-1 container payments-worker last state terminated reason OOMKilled exit code 137',
      // A made-up service: no signature knows its wording, its words say auth.
      '2026-06-15T09:00:01Z ERROR warehouse-sync: access denied, credentials for role loader expired',
    ].join('\n'));
    const { code, out } = await run(['scan', log]);
    expect(code).toBe(1);
    const heading = out.indexOf('Unnamed: lines no signature names');
    expect(heading).toBeGreaterThan(out.indexOf('1. resource-pressure'));
    expect(out.slice(heading)).toMatch(/\n {2}~ unnamed — looks like auth-config-mismatch · \w+ \(confidence 0\.\d\d\): \S.*\n {6}check .* because /);
    const json = JSON.parse((await run(['scan', log, '--format', 'json'])).out);
    const tiers = json.hypotheses.map((h: { tier: string }) => h.tier);
    expect(tiers[0]).toBe('signature');
    expect(tiers.indexOf('fallback')).toBe(tiers.lastIndexOf('signature') + 1);
    const unnamed = json.hypotheses.find((h: { bucket: string; tier: string }) => h.tier === 'fallback' && h.bucket === 'auth-config-mismatch');
    expect(unnamed).toMatchObject({ signatures: [], replay: null });
    expect(unnamed.confidence).toBeGreaterThan(0);
    expect(unnamed.cues.length).toBeGreaterThanOrEqual(2);
  });

  it('says a fallback reading of a line a signature named is a second opinion, not a line no signature names', async () => {
    const log = write('second-opinion.log', ['INFO start', 'Error: connect ECONNREFUSED 10.0.0.5:5432'].join('\n'));
    const { out } = await run(['scan', log]);
    expect(out).toContain('signatures: connection-refused');
    expect(out).not.toContain('Unnamed: lines no signature names');
    const heading = out.indexOf('Second opinions: lines a signature named');
    expect(heading).toBeGreaterThan(0);
    expect(out.slice(heading)).toMatch(/\n {6}check .* because a line a signature named also reads like /);
    const json = JSON.parse((await run(['scan', log, '--format', 'json'])).out);
    const fallback = json.hypotheses.filter((h: { tier: string }) => h.tier === 'fallback');
    expect(fallback.length).toBeGreaterThan(0);
    for (const h of fallback) {
      expect(h.secondOpinion).toBe(true);
      expect(h.hypothesis).not.toContain('no signature names');
    }
  });

  it('scans and ranks every PATH on its own with --each: one JSON object per line', async () => {
    const a = write('each/a.log', 'dial tcp 10.96.44.12:5432: connect: connection refused\n');
    const b = write('each/b.log', 'all good\n');
    const { code, out } = await run(['scan', '--each', '--format', 'json', a, b]);
    expect(code).toBe(1);
    const results = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => r.input)).toEqual([a, b]);
    expect(results[0].hypotheses[0]).toMatchObject({ tier: 'signature', bucket: 'environment-not-ready' });
    expect(results[1].hypotheses).toEqual([]);
  });

  it('exits 0 when nothing matched', async () => {
    const { code, out } = await run(['scan', write('quiet.log', 'all good\nstill good\n')]);
    expect(code).toBe(0);
    expect(out).toContain('No known signature matched.');
  });

  it('exits 2 when no input could be read', async () => {
    const { code, err } = await run(['scan', join(dir, 'missing.log')]);
    expect(code).toBe(2);
    expect(err).toMatch(/missing\.log: not found/);
  });

  it('reads stdin for -', async () => {
    const { code, out } = await run(['scan', '-', '--format', 'json'], { stdin: 'x\nnpm ERR! code ENOSPC\n' });
    expect(code).toBe(1);
    expect(JSON.parse(out).matches[0]).toMatchObject({ signature: 'no-space-left', source: '(stdin)', line: 2 });
  });

  it('recognises JUnit XML by its content and matches its failure messages', async () => {
    const xml = write('reports/run.xml', `<?xml version="1.0"?>
<testsuites><testsuite name="checkout" tests="2">
  <testcase classname="checkout" name="places an order" time="120.6"><failure message="expected order ord_7Hc2Qm status PAID, got PENDING_PAYMENT after 120s">AssertionError: expected order ord_7Hc2Qm status PAID, got PENDING_PAYMENT after 120s
    at waitForStatus (suites/checkout/order.spec.ts:88:13)</failure><system-out>POST /api/orders -> 502 Bad Gateway</system-out></testcase>
  <testcase classname="checkout" name="lists products" time="1.2"><system-out>connect: connection refused</system-out></testcase>
</testsuite></testsuites>`);
    const { out } = await run(['scan', xml, '--format', 'json']);
    const matches = JSON.parse(out).matches as { signature: string; source: string; line: number }[];
    expect(matches.map((m) => [m.signature, m.source, m.line])).toEqual([
      ['assertion-expected-received', `${xml}#checkout.places an order`, 3],
      ['upstream-5xx', `${xml}#checkout.places an order`, 3],
    ]);
  });

  it('prints the most likely blocker classes first, as "check X because Y", contract problems apart', async () => {
    const log = write('mixed.log', [
      'AssertionError: expected status "COMPLETED", received "SUCCEEDED"',
      'Warning BackOff pod/payments-worker-1 -n shop: Back-off restarting failed container payments-worker in pod payments-worker-1_shop(1)',
      'pod shop/payments-worker-1 container payments-worker last state terminated reason OOMKilled exit code 137',
    ].join('\n'));
    const { out } = await run(['scan', log]);
    const lines = out.split('\n');
    expect(lines[2]).toBe('Most likely blockers');
    expect(lines[3]).toMatch(/^ {2}1\. resource-pressure · environment · score /);
    expect(lines[4]).toMatch(/^ +check .* because /);
    const blockers = out.indexOf('Most likely blockers');
    expect(out.indexOf('stale-contract')).toBeGreaterThan(blockers);
  });

  it('puts the demo incident\'s real mechanism (the OOM-killed payments-worker) in its top three', async () => {
    const { code, out } = await run(['scan', 'fixtures/demo-bundle/logs', 'fixtures/demo-bundle/resources/events.json', 'fixtures/demo-bundle/resources/pods.json', '--format', 'json']);
    expect(code).toBe(1);
    const top = (JSON.parse(out).hypotheses as { signatures: string[]; replay: string }[]).slice(0, 3);
    const oom = top.find((h) => h.signatures.includes('container-oom-killed'));
    expect(oom?.replay).toMatch(/^kubectl get pod -n shop payments-worker-5c8d7b9f4-\w+ -o custom-columns=/);
    expect(top.some((h) => h.signatures.includes('otel-collector-memory-limiter-refusing'))).toBe(true);
  });

  it('in the built CLI, ranks and reads unnamed lines the same from a cold cache and a warm one (the cached model taken as fitting)', async () => {
    const log = write('warm.log', [
      'pod shop/payments-worker-1 container payments-worker last state terminated reason OOMKilled exit code 137',
      '2026-06-15T09:00:01Z ERROR warehouse-sync: access denied, credentials for role loader expired',
      '2026-06-15T09:00:02Z ERROR ledger: upstream returned HTTP 503 while flushing batch 7',
    ].join('\n'));
    const cache = cacheHome;
    expect(existsSync(cache), 'the first run of the built CLI in this file, with a cold cache').toBe(false);
    // The built CLI, as CI runs it; a cold run compiles the whole library: seconds on a loaded machine.
    const scan = async (env: NodeJS.ProcessEnv) => {
      const run = await binary(['scan', log, '--format', 'json'], { cwd: root, env: { ...process.env, ...env }, limitMs: 110_000 });
      expect({ code: run.code, hung: run.hung }, run.stderr).toEqual({ code: 1, hung: false });
      return run.stdout;
    };
    const cold = await scan({ XDG_CACHE_HOME: cache });
    const entry = readdirSync(join(cache, 'triage')).find((f) => f.startsWith('signatures-'))!;
    expect(JSON.parse(readFileSync(join(cache, 'triage', entry), 'latin1')).modelInputs).toMatch(/^[0-9a-f]{64}$/);
    const warm = await scan({ XDG_CACHE_HOME: cache });
    const tiers = (JSON.parse(warm).hypotheses as { tier: string }[]).map((h) => h.tier);
    expect(tiers).toContain('fallback');
    expect(warm).toBe(cold);
    // A corpus file written anew (a build, an upgrade): the model is checked by content once and
    // the entry takes the new inputs, so later runs take it as fitting again.
    const entryPath = join(cache, 'triage', entry);
    const inputs = (JSON.parse(readFileSync(entryPath, 'latin1')) as { modelInputs: string }).modelInputs;
    writeFileSync(entryPath, readFileSync(entryPath, 'latin1').replace(inputs, '0'.repeat(64)), 'latin1');
    expect(await scan({ XDG_CACHE_HOME: cache })).toBe(cold);
    expect((JSON.parse(readFileSync(entryPath, 'latin1')) as { modelInputs: string }).modelInputs).toBe(inputs);
    // A model file damaged (or made with another corpus) is written again with the model that
    // fits, so the next run does not check it again.
    const modelPath = join(cache, 'triage', readdirSync(join(cache, 'triage')).find((f) => f.startsWith('fallback-'))!);
    const model = readFileSync(modelPath);
    writeFileSync(modelPath, model.subarray(0, model.length >> 1));
    expect(await scan({ XDG_CACHE_HOME: cache })).toBe(cold);
    expect(readFileSync(modelPath).equals(model)).toBe(true);
  }, 120_000);

  it('scans a large file across threads in the built CLI with the same line numbers', async () => {
    const path = join(dir, 'large.log');
    const fd = openSync(path, 'w');
    const filler = `${'ts=2026-06-15T09:00:00Z level=info msg="request completed" path=/api/orders status=200 duration_ms=12\n'.repeat(10_000)}`;
    const fillerLines = 10_000;
    const expected: number[] = [];
    let line = 0;
    for (let block = 0; block < 60; block++) {
      writeSync(fd, filler);
      line += fillerLines;
      if (block % 15 === 14) {
        writeSync(fd, 'Error: connect ECONNREFUSED 10.96.3.4:5432\n');
        expected.push(++line);
      }
    }
    closeSync(fd);
    // The library compiled by the test before (a cold compile when this test runs alone).
    const run = await binary(['scan', path, '--format', 'json'], { cwd: root, env: { ...process.env, XDG_CACHE_HOME: cacheHome }, limitMs: 110_000 });
    expect({ code: run.code, hung: run.hung }, run.stderr).toEqual({ code: 1, hung: false });
    const out = run.stdout;
    expect((JSON.parse(out).matches as { line: number }[]).map((m) => m.line)).toEqual(expected);
  });
});

describe('triage signatures', () => {
  it('lists the library as JSON in the documented shape', async () => {
    const { code, out } = await run(['signatures', 'list', '--format', 'json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const k3s = rows.find((r) => r.id === 'k3s-bootstrap-token-mismatch')!;
    expect(Object.keys(k3s)).toEqual(['id', 'bucket', 'class', 'step', 'severity', 'patterns']);
    expect(k3s).toMatchObject({ bucket: 'replay-dedupe', class: 'environment', step: 'rerun', severity: 'high', patterns: ['bootstrap data already found and encrypted with (a )?different token'] });
  });

  it('test runs every example and passes on the built-in library', async () => {
    const { code, out } = await run(['signatures', 'test']);
    expect(code).toBe(0);
    expect(out).toMatch(/all pass\n$/);
  });

  it('test fails on a user signature whose example does not behave', async () => {
    const userDir = join(dir, 'user-failing');
    write('user-failing/pool.yaml', `id: pool-busy
title: t
bucket: replay-dedupe
class: environment
step: rerun
severity: low
match:
  any:
    - literal: pool busy
hypothesis: check the pool because it is busy
next: n
examples:
  match: ['pool busy', 'the pool is busy']
  nomatch: ['pool idle', 'x']
`);
    const { code, out } = await run(['signatures', 'test', userDir]);
    expect(code).toBe(1);
    expect(out).toContain(`${userDir}/pool.yaml:13: pool-busy: examples.match[1] should match but did not: "the pool is busy"`);
    expect(out).toMatch(/^1 signature\(s\), 4 example\(s\): 1 failure\(s\)$/m);
  });

  it('test exits 2 on a signature directory that is not there, and counts no example failure for it', async () => {
    const missing = join(dir, 'no-such-signatures');
    const { code, out, err } = await run(['signatures', 'test', missing]);
    expect(code).toBe(2);
    expect(err).toContain(`triage: ${missing}: signature directory not found`);
    expect(out).toMatch(/^0 signature\(s\), 0 example\(s\): all pass; 1 signature source\(s\) not loaded$/m);
  });

  it('lint flags a pattern that cannot run in linear time', async () => {
    const userDir = join(dir, 'user-evil');
    write('user-evil/evil.yaml', `id: evil
title: t
bucket: timing-race
class: product
step: rerun
severity: low
match:
  any:
    - regex: '(a+)+$'
hypothesis: check a because b
next: n
examples:
  match: ['aaa', 'aa']
  nomatch: ['b', 'c']
`);
    const { code, out } = await run(['signatures', 'lint', userDir]);
    expect(code).toBe(2);
    expect(out).toContain(`${userDir}/evil.yaml:9: error: match.any[0].regex: nested quantifier`);
  });

  it('new --from-line prints a draft that loads and matches its line', async () => {
    const { code, out } = await run(['signatures', 'new', '--from-line', '2026-06-15T09:00:01Z ERROR ledger 10.0.3.4:5432 rejected write 4412']);
    expect(code).toBe(0);
    const draftDir = join(dir, 'draft');
    write('draft/draft.yaml', out);
    const tested = await run(['signatures', 'test', draftDir]);
    expect(tested.code).toBe(0);
    expect(tested.out).toBe('1 signature(s), 4 example(s): all pass\n');
    const linted = await run(['signatures', 'lint', draftDir]);
    expect(linted.out).toMatch(/warning: ledger-rejected-write\.examples\.nomatch\.0: replace the TODO example with a real line/);
    const listed = JSON.parse((await run(['signatures', 'list', draftDir, '--format', 'json'])).out);
    expect(listed[0].patterns).toEqual(['ledger [0-9a-f.:\\[\\]]+ rejected write [0-9.]+']);
  });
});
