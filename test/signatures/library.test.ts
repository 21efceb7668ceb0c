import { beforeAll, describe, expect, it } from 'vitest';
import { BUCKETS } from '../../src/model';
import { kindBit } from '../../src/signatures/compile';
import { lintLibrary, testExamples } from '../../src/signatures/lint';
import { builtinDir, loadLibrary, type LoadedLibrary } from '../../src/signatures/load';
import { scanText } from '../../src/signatures/read';
import { prepareLibrary, type Library } from '../../src/signatures/scan';

let loaded: LoadedLibrary;
let library: Library;
beforeAll(() => {
  loaded = loadLibrary([builtinDir()]);
  library = prepareLibrary(loaded.signatures);
});

/** The ids of the signatures a line matches, as a log line (or as the kind given). */
function matchIds(line: string, kind: 'logs' | 'events' | 'tests' = 'logs'): string[] {
  const state = library.matcher.begin('t', kindBit(kind));
  scanText(library.matcher, state, [line]);
  return [...new Set(state.matches.map((m) => library.signatures[m.sig]!.id))];
}

describe('the built-in library', () => {
  it('loads without problems, with at least 60 signatures covering all 13 buckets', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.signatures.length).toBeGreaterThanOrEqual(60);
    expect(new Set(loaded.signatures.map((s) => s.bucket))).toEqual(new Set(BUCKETS));
  });

  it('passes every example of every signature', () => {
    const report = testExamples(library);
    expect(report.failures.map((f) => `${f.signature.id} ${f.kind}[${f.index}]`)).toEqual([]);
    expect(report.examples).toBeGreaterThanOrEqual(loaded.signatures.length * 4);
  });

  it('lints clean: every pattern has a literal to prefilter on, hypotheses read "check X because Y", placeholders are filled', () => {
    expect(lintLibrary(loaded)).toEqual([]);
  });

  // Every failure pattern the reference material names (issue 4), as those systems print it.
  it.each([
    ['etcd leader loss', '{"level":"info","msg":"raft.node: 8e9e05c52164694d lost leader 91bc3c398fb3c146 at term 5"}', 'etcd-leader-lost'],
    ['etcd request timeout', 'Error from server: etcdserver: request timed out', 'etcd-request-timeout'],
    ['k3s bootstrap token', 'panic: bootstrap data already found and encrypted with different token', 'k3s-bootstrap-token-mismatch'],
    ['collector memory_limiter', 'warn	memorylimiter/memorylimiter.go:222	Memory usage is above soft limit. Refusing data.	{"kind": "processor", "name": "memory_limiter"}', 'otel-collector-memory-limiter-refusing'],
    ['duplicate submission', 'duplicate submission suppressed (batches [0])', 'duplicate-submission-suppressed'],
    ['available apps', 'Error: app currency not found; available apps: accounting, ad, cart', 'app-not-in-available-apps'],
    ['empty parquet', 'Parquet file has no data rows: abnormal_logs.parquet', 'empty-parquet-no-rows'],
    ['pool exhausted', 'auto-allocate failed: pool exhausted for system ts', 'namespace-pool-exhausted'],
    ['namespace not in configuration', 'Error: namespace ts14 not found in current configuration', 'namespace-not-in-configuration'],
    ['agent-origin 503 restart', '{"error":"workspace agent unreachable — container restart triggered","restarting":true}', 'agent-origin-503-restart'],
    ['workspace offline without URL', '{"error":"workspace has no URL","status":"offline"}', 'workspace-offline-no-url'],
    ['AWS validation on instance ids', "ValidationException: 1 validation error detected: Value '[mol-hzdbg24819-8aaebec0]' at 'instanceIds' failed to satisfy constraint", 'aws-ssm-invalid-instance-id'],
    ['hard timeout waiting for online', 'error: timed out waiting for workspace ws_81c2 to become online (900s)', 'hard-timeout-waiting'],
    ['A2A poll timeout', '❌ A2A parent queue poll timed out waiting for task_8f2a to complete', 'hard-timeout-waiting'],
    ['secret not set', '::error::CP_ADMIN_API_TOKEN secret not set — cannot run delivery e2e', 'secret-not-set'],
    ['redaction rule in a workflow', '::error file=publish.yml::Rule 8 (FATAL): production deploy workflow appears to print a raw production CP response or raw .error field', 'workflow-redaction-lint-fatal'],
    ['UNKNOWN_TABLE', 'Code: 60. DB::Exception: Table otel.otel_logs does not exist. (UNKNOWN_TABLE)', 'clickhouse-unknown-table'],
    ['drain templates', "No such file or directory: '/data/drain_template/frontend.bin'", 'drain-template-missing'],
    ['wrong-architecture artifact', 'exec /usr/local/bin/k3s: exec format error', 'exec-format-error'],
    ['cache collision', 'Failed to save: Unable to reserve cache with key isar-dl-Linux-3f2a9c, another job may be creating this cache.', 'ci-cache-collision'],
    ['first-connection latency', 'level=fatal msg="preparing server: failed to get CA certs: Get \\"https://server-1:6443/cacerts\\": context deadline exceeded"', 'k3s-join-cacerts-failed'],
    ['QEMU oversubscription', 'qemu-system-x86_64: warning: Number of SMP cpus requested (4) exceeds the recommended cpus supported by KVM (2)', 'qemu-cpu-oversubscription'],
    ['flaky on retry', '  1 flaky', 'flaky-retry'],
    ['stale VCR cassette', 'vcr.errors.CannotOverwriteExistingCassetteException: Can\'t overwrite existing cassette', 'vcr-cassette-stale'],
  ])('knows %s', (_what, line, id) => {
    expect(matchIds(line)).toContain(id);
  });

  // The failures on-call meets every week (issue 4).
  it.each([
    ['Warning  BackOff  kubelet  Back-off restarting failed container api in pod api-7d9_shop(12)', 'crashloop-backoff'],
    ['api-7d9f8b6c5-x2x9z   0/1   ImagePullBackOff   0   3m', 'image-pull-backoff'],
    ['Failed to pull image "r.example.com/a:1": manifest for r.example.com/a:1 not found: manifest unknown: manifest unknown', 'image-tag-not-found'],
    ['Error response from daemon: pull access denied for acme/worker, repository does not exist', 'registry-auth-denied'],
    ['      Reason:       OOMKilled', 'container-oom-killed'],
    ['Warning Evicted pod/api-1 -n shop: The node was low on resource: ephemeral-storage.', 'pod-evicted'],
    ['node n1 condition DiskPressure=True reason KubeletHasDiskPressure: kubelet has disk pressure', 'node-resource-pressure'],
    ['Warning FailedScheduling pod/api-1 -n shop: 0/3 nodes are available: 3 node(s) had untolerated taint', 'failed-scheduling'],
    ['Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:e2e:runner" cannot list resource "pods" in API group ""', 'kube-rbac-forbidden'],
    ['Unable to connect to the server: x509: certificate has expired or is not yet valid', 'tls-certificate-invalid'],
    ['error: You must be logged in to the server (Unauthorized)', 'kube-unauthorized'],
    ['Operation cannot be fulfilled on deployments.apps "api": the object has been modified; please apply your changes to the latest version and try again', 'kube-update-conflict'],
    ['watch of *v1.Pod ended with: too old resource version: 4871291 (4871544)', 'kube-watch-too-old'],
    ['no matches for kind "Ingress" in version "extensions/v1beta1"', 'kube-no-matches-for-kind'],
    ['Error from server (BadRequest): strict decoding error: unknown field "spec.replica"', 'kube-unknown-field'],
    ['dial tcp 10.96.0.1:443: connect: connection refused', 'connection-refused'],
    ['dial tcp: lookup orders-db on 10.96.0.10:53: no such host', 'dns-no-such-host'],
    ['read udp 10.244.0.5:40128->10.0.0.2:53: i/o timeout', 'network-io-timeout'],
    ['net/http: TLS handshake timeout', 'tls-handshake-timeout'],
    ['rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'context-deadline-exceeded'],
    ['10.0.0.1 - - [15/Jun/2026:09:02:41 +0000] "POST /api/orders HTTP/1.1" 503 19 "-" "curl"', 'upstream-5xx'],
    ['HTTP/1.1 429 Too Many Requests', 'upstream-rate-limited'],
    ['FATAL:  sorry, too many clients already', 'db-too-many-connections'],
    ['ERROR:  duplicate key value violates unique constraint "orders_pkey"', 'db-duplicate-key'],
    ['ERROR:  relation "payments" does not exist at character 15', 'db-relation-does-not-exist'],
    ['error: Dirty database version 20260612093000. Fix and force version.', 'migration-failed-state'],
    ['Error: Snapshot `checkout > summary 1` mismatched', 'snapshot-mismatch'],
    ['    expect(received).toBe(expected) // Object.is equality', 'assertion-expected-received'],
    ['  Test timeout of 30000ms exceeded.', 'test-timeout'],
    ['--- FAIL: TestCheckout (1.20s)', 'go-test-failed'],
    ['write /var/lib/docker/tmp/x: no space left on device', 'no-space-left'],
    ['Error: Unable to find any artifacts for the associated workflow', 'ci-artifact-not-found'],
    ['verifying github.com/acme/orders@v1.4.2: checksum mismatch', 'checksum-mismatch'],
  ])('knows %s', (line, id) => {
    expect(matchIds(line)).toContain(id);
  });
});
