import { beforeAll, describe, expect, it } from 'vitest';
import { fillReplay, matchEvidence, rankHypotheses } from '../../src/signatures/hypotheses';
import { builtinDir, loadLibrary } from '../../src/signatures/load';
import { prepareLibrary, scanEvidence, type Library } from '../../src/signatures/scan';
import { looksLikeError, template } from '../../src/signatures/unexplained';
import { draftSignature, patternFromLine } from '../../src/signatures/draft';
import { parse } from 'yaml';

let library: Library;
beforeAll(() => {
  library = prepareLibrary(loadLibrary([builtinDir()]).signatures);
});

const OOM = { text: 'pod shop/payments-worker-5c8d7b9f4-qp9zr container payments-worker last state terminated reason OOMKilled exit code 137', source: 'logs/shop/payments-worker-5c8d7b9f4-qp9zr/payments-worker.log' };
const refused = (i: number) => ({ text: `2026-06-15T09:0${i % 10}:00Z dial tcp 10.96.44.12:8080: connect: connection refused`, source: 'logs/shop/checkout-6f9c7d8b5d-4wq8n/checkout.log' });
const assertion = { text: 'AssertionError: expected order ord_7Hc2Qm status PAID, got PENDING_PAYMENT after 120s', source: 'reports/junit.xml' };

describe('ranking hypotheses', () => {
  it('puts one critical mechanism above a hundred lines of its symptoms', () => {
    const evidence = [...Array.from({ length: 100 }, (_, i) => refused(i)), OOM, assertion];
    const hypotheses = matchEvidence(evidence, library);
    expect(hypotheses[0]).toMatchObject({ bucket: 'resource-pressure', class: 'environment' });
    expect(hypotheses[0]!.signatures.map((s) => s.id)).toEqual(['container-oom-killed']);
    expect(hypotheses.map((h) => h.bucket)).toEqual(['resource-pressure', 'environment-not-ready', 'stale-contract']);
    expect(hypotheses[1]!.signatures[0]).toMatchObject({ id: 'connection-refused', count: 100 });
  });

  it('groups signatures of one bucket and class, and corroboration raises the score', () => {
    const alone = rankHypotheses(scanEvidence(library, [OOM]), library)[0]!;
    const together = rankHypotheses(
      scanEvidence(library, [OOM, { text: 'Warning Evicted pod/api-1 -n shop: The node was low on resource: memory.', source: 'events' }]),
      library,
    )[0]!;
    expect(together.signatures.map((s) => s.id)).toEqual(['container-oom-killed', 'pod-evicted']);
    expect(together.score).toBeGreaterThan(alone.score);
    expect(together.evidence.map((e) => e.signature)).toEqual(['container-oom-killed', 'pod-evicted']);
  });

  it('says "check X because Y", where to look next, and fills the replay from the match', () => {
    const [h] = matchEvidence([{ text: 'Back-off restarting failed container api in pod api-7d9', source: 'logs/shop/api-7d9f8b6c5-x2x9z/api.log' }], library);
    expect(h!.hypothesis).toMatch(/^check .* because /);
    expect(h!.next).toBeTruthy();
    expect(h!.replay).toBe('kubectl logs -n shop api-7d9f8b6c5-x2x9z -c api --previous --tail=200');
  });

  it('fills placeholders from named groups and the plan, and leaves unknown ones for the person', () => {
    const [h] = matchEvidence([{ text: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:e2e:runner" cannot list resource "pods" in API group ""', source: 'kubectl' }], library, { namespace: 'shop' });
    expect(h!.replay).toBe('kubectl auth can-i list pods -n shop --as system:serviceaccount:e2e:runner');
    expect(fillReplay('kubectl logs {pod} -n {namespace}', { namespace: 'a b' })).toBe("kubectl logs {pod} -n 'a b'");
    expect(fillReplay('grep {text} {file}', { text: "it's $HOME", file: 'a/b-1.log' })).toBe(`grep 'it'\\''s $HOME' a/b-1.log`);
  });

  it('returns nothing when nothing matched', () => {
    expect(matchEvidence([{ text: 'all good', source: 'x' }], library)).toEqual([]);
  });
});

describe('unexplained lines', () => {
  it('groups error-looking lines no signature knows into masked templates with counts', () => {
    const lines = [
      '2026-06-15T09:00:01.120Z ERROR settlement batch 4412 failed after 3.2s (trace 4bf92f3577b34da6a3ce929d0e0e4736)',
      '2026-06-15T09:00:07.981Z ERROR settlement batch 4413 failed after 1.7s (trace 0af7651916cd43dd8448eb211c80319c)',
      '2026-06-15T09:00:09.000Z ERROR ledger 10.0.3.4:5432 rejected write 9f3c2a1e-4b5d-4c6e-8f70-1a2b3c4d5e6f',
      'level=info msg="health check" errors=0',
      'connect: connection refused',
    ];
    const result = scanEvidence(library, lines.map((text) => ({ text, source: 'app.log' })));
    expect(result.unexplained.map((u) => [u.template, u.count])).toEqual([
      ['<time> ERROR settlement batch <n> failed after <dur> (trace <hex>)', 2],
      ['<time> ERROR ledger <ip> rejected write <uuid>', 1],
    ]);
    expect(result.unexplained[0]!.example).toBe(lines[0]);
  });

  it('does not call a zero error count, a quiet level or a configured timeout an error', () => {
    expect(looksLikeError('ts=1 level=info msg="sync done" failed=0 errors=0')).toBe(false);
    expect(looksLikeError('{"level":"debug","msg":"retrying after error"}')).toBe(false);
    expect(looksLikeError('waiting for order ord_1 to reach PAID (timeout 120s)')).toBe(false);
    expect(looksLikeError('settlement failed: ledger rejected the write')).toBe(true);
  });

  it.each([
    ['klog at level E', 'E0615 09:01:12.431201       1 controller.go:88] sync of shop/api stuck'],
    ['klog at level F after a runtime timestamp', '2026-06-15T09:00:00.1Z F0615 09:00:00.000000 1 main.go:12] cannot start'],
    ['npm ERR!', 'npm ERR! code ERESOLVE'],
    ['a non-zero exit', 'Process completed with exit code 2.'],
    ['a non-zero exit status', 'make: exited with status 1'],
    ['an HTTP 5xx in an access log', '10.0.0.1 - - [15/Jun/2026:09:00:00 +0000] "GET /api HTTP/1.1" 503 12'],
    ['an HTTP 4xx status field', '{"msg":"request done","status":403,"path":"/admin"}'],
    ['a compound exception name', 'org.openqa.selenium.SessionNotCreatedException: session not created'],
    ['a compound error name', 'google.auth.exceptions.DefaultCredentialsError: Could not automatically determine credentials'],
    ['a Kubernetes reason', 'Warning  FailedScheduling  default-scheduler  0/3 nodes available'],
    ['a failure without an error word', 'relation "orders" does not exist'],
    ['a missing object', 'The subscription c23fa617 could not be found.'],
    ['a data race', 'WARNING: DATA RACE'],
    ['an unsupported platform', 'exec: platform linux/s390x is not supported by this image'],
    ['no matching version', 'No matching distribution found for torch==9.9.9'],
    ['a logrus error level', 'ERRO[0003] registry.local/app: manifest unknown'],
    ['a log15 error level', 'EROR[06-15|09:00:00] provisioning directory absent path=/etc/grafana/prov'],
    ['a zerolog console error level', '9:58AM ERR Exit: dial tcp 10.0.0.1:6443'],
    ['a Redis OOM', 'OOM command rejected when used memory > maxmemory'],
    ['dropped telemetry', 'exporter dropped 512 spans: sending queue is full'],
    ['a chai expectation', "expected 'shipped' to equal 'paid'"],
    ['a crash by signal', 'make[2]: *** [all] Segmentation fault (core dumped)'],
    ['an upload that found nothing', 'Error: No files were found with the provided path: dist/. No artifacts will be uploaded.'],
    ['no runner anywhere for the labels', "Can't find any online and idle self-hosted runner in the current repository, account/organization that matches the required labels: 'self-hosted , gpu'"],
  ])('calls %s an error', (_, line) => {
    expect(looksLikeError(line)).toBe(true);
  });

  it.each([
    ['an INFO line', '[2018-01-19 14:30:51,782] INFO [Partition offsets-13] failed to load checkpoint, starting empty (kafka.cluster.Partition)'],
    ['a Maven INFO line', '[INFO] BUILD FAILURE'],
    ['a lower-case level between gaps', '2023-07-26T13:45:58.924Z        info    exporterhelper/queued_retry.go:423  Exporting failed. Will retry the request after interval.'],
    ['a successful exit', 'Process completed with exit code 0.'],
    ['an HTTP 2xx', '10.0.0.1 - - [15/Jun/2026:09:00:00 +0000] "GET /api HTTP/1.1" 200 12'],
    ['zero counts', 'found 0 vulnerabilities, 0 missing, invalid=0'],
    ['a versioned package name', 'plugins: mock-1.1, env-0.6.0, timeout-1.0.0'],
    ['an npm notice', 'npm notice New minor version of npm available! 8.1.2 -> 8.12.1, failed checks: none'],
    ['a Kubernetes event of type Normal', '  Normal  Pulled  12s  kubelet  Container image "api:1.2" already present on machine, earlier pull failed'],
    ["Gradle's deprecation notice", 'Deprecated Gradle features were used in this build, making it incompatible with Gradle 9.0.'],
    ["Gradle's --info reason for running a task", "Task ':compileJava' is not up-to-date because:"],
    ["an upload-artifact step's input echo", '    if-no-files-found: error'],
    ['a timeout option in a connection string', 'Connecting to: mongodb://db:27017/?connectTimeoutMS=5000'],
    ['zero drops', 'batch flushed: 120 spans sent, dropped=0'],
    ['the job router passing over one scope', "2020-10-30T05:16:34.5074906Z Can't find any online and idle self-hosted runner in current repository's account/organization that matches the required labels: 'ubuntu-latest'"],
  ])('does not call %s an error', (_, line) => {
    expect(looksLikeError(line)).toBe(false);
  });

  it('masks pod names, addresses, hashes and numbers', () => {
    expect(template('pod shop/api-7d9f8b6c5-x2x9z on 10.0.0.1:8080 sha 3f2a9c1d0e4b took 12ms, 3 retries')).toBe('pod shop/api-<pod> on <ip> sha <hex> took <dur>, <n> retries');
  });
});

describe('drafting a signature from a line', () => {
  it('turns masked parts into patterns and drops the timestamp and level', () => {
    const line = '2026-06-15T09:00:01.120Z ERROR settlement batch 4412 failed after 3.2s';
    const source = patternFromLine(line);
    expect(source).toBe('settlement batch [0-9.]+ failed after [0-9.]+[a-zµ]+');
    expect(new RegExp(source).test(line)).toBe(true);
  });

  it('drafts the same signature from a line a terminal coloured (colours, cursor and mode sequences)', () => {
    const line = '2026-06-15T09:00:01Z ERROR settlement batch 4412 timed out after 3.2s';
    const coloured = '\x1b[?25l2026-06-15T09:00:01Z \x1b[1;31mERROR\x1b[0m settlement batch 4412 timed out after 3.2s\x1b(B\x1b[K';
    expect(draftSignature(coloured)).toBe(draftSignature(line));
  });

  it('prints YAML that the loader reads, with the line as its first example', () => {
    const draft = parse(draftSignature('2026-06-15T09:00:01Z ERROR settlement batch 4412 timed out after 3.2s')) as Record<string, unknown>;
    expect(draft).toMatchObject({ id: 'settlement-batch-timed-out-after', bucket: 'timing-race', match: { any: [{ regex: 'settlement batch [0-9.]+ timed out after [0-9.]+[a-zµ]+' }] } });
    expect((draft.examples as { match: string[] }).match).toEqual([
      '2026-06-15T09:00:01Z ERROR settlement batch 4412 timed out after 3.2s',
      '2026-06-15T09:00:01Z ERROR settlement batch 7745 timed out after 6.5s',
    ]);
  });
});
