import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signatureFacts } from '../../src/signatures/facts';
import { corpusTrainingLines, fallbackModel, libraryKey, readCorpus, trainingLines } from '../../src/signatures/fallback';
import { FALLBACK_CONFIDENCE, guessLine } from '../../src/signatures/fallback-guess';
import { shownConfidence, unnamedId } from '../../src/signatures/fallback-hypotheses';
import { Classifier, packModel, trainClassifier, unpackModel } from '../../src/signatures/classifier';
import { ERROR_ATOMS } from '../../src/signatures/error-atoms';
import { looksLikeError } from '../../src/signatures/unexplained';
import { pathToFileURL } from 'node:url';
import { rankMechanisms } from '../../src/mechanisms/rank';
import { matchEvidence, rankHypotheses } from '../../src/signatures/hypotheses';
import { openLibrary } from '../../src/signatures/library';
import { builtinDir, loadLibrary } from '../../src/signatures/load';
import { prepareLibrary, scanEvidence, type Library } from '../../src/signatures/scan';

// The fallback tier end to end on a small library of our own: lines no signature names
// get a weaker, explained guess that ranks after every signature, and quiet text stays quiet.

const signature = (id: string, bucket: string, cls: string, step: string, literal: string, match: string[], nomatch: string[]) => `- id: ${id}
  title: ${id}
  bucket: ${bucket}
  class: ${cls}
  step: ${step}
  severity: high
  match:
    any:
      - literal: '${literal}'
  hypothesis: check ${id} because it failed
  next: the ${id} logs
  examples:
    match: [${match.map((m) => `'${m}'`).join(', ')}]
    nomatch: [${nomatch.map((m) => `'${m}'`).join(', ')}]
`;

const LIBRARY = [
  signature('vault-permission-denied', 'auth-config-mismatch', 'environment', 'auth-config', 'vault: permission denied', ['vault: permission denied for role ledger-writer', 'vault: permission denied, token expired for role etl'], ['vault: token renewed', 'vault: unsealed']),
  signature('disk-full', 'resource-pressure', 'environment', 'environment', 'no space left on device', ['write /data/wal/0001: no space left on device', 'could not extend file: no space left on device'], ['disk usage 40%', 'wal segment written']),
  signature('rate-limited', 'external-dependency', 'environment', 'environment', 'rate limit exceeded', ['upstream answered 429: rate limit exceeded', 'rate limit exceeded for api key, retry after 60s'], ['rate limit is 100 per minute', 'request accepted']),
].join('\n');

let dir: string;
let library: Library;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-fallback-'));
  writeFileSync(join(dir, 'library.yaml'), LIBRARY);
  library = prepareLibrary(loadLibrary([dir]).signatures);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hypothesesOf = (lines: string[]) => rankHypotheses(scanEvidence(library, lines.map((text) => ({ text, source: 'app.log' }))), library);

describe('the fallback tier', () => {
  it('fills the top three from a line past the gate, the followers whatever their confidence; nothing from a line below it', () => {
    const classifier = library.classifier();
    const text = '2026-06-15T09:00:01Z ERROR warehouse-sync: access denied, credentials for role loader expired';
    const guesses = guessLine(classifier, text);
    expect(guesses).toHaveLength(3);
    expect(new Set(guesses.map((g) => g.bucket)).size).toBe(3);
    expect(guesses[0]!.confidence).toBeGreaterThanOrEqual(FALLBACK_CONFIDENCE);
    expect(guesses[2]!.confidence).toBeLessThan(FALLBACK_CONFIDENCE);
    expect(guessLine(classifier, text, 3, guesses[0]!.confidence + 1e-9)).toEqual([]);
  });

  it('gives an error-looking line no signature names a bucket, a class, a confidence and its cues', () => {
    const [h, ...rest] = hypothesesOf(['2026-06-15T09:00:01Z ERROR warehouse-sync: access denied, credentials for role loader expired']);
    expect(h).toMatchObject({ tier: 'fallback', bucket: 'auth-config-mismatch', class: 'environment', step: 'auth-config', signatures: [] });
    expect(h!.confidence).toBeGreaterThanOrEqual(FALLBACK_CONFIDENCE);
    expect(h!.confidence).toBeLessThanOrEqual(1);
    expect(h!.cues!.length).toBeGreaterThanOrEqual(2);
    expect(h!.hypothesis).toMatch(/^check .* because a line no signature names reads like /);
    expect(h!.evidence).toEqual([{ signature: unnamedId('auth-config-mismatch'), source: 'app.log', line: 0, text: '2026-06-15T09:00:01Z ERROR warehouse-sync: access denied, credentials for role loader expired' }]);
    for (const other of rest) expect(other.tier).toBe('fallback');
  });

  it('ranks every fallback guess after every signature hypothesis, with a lower score', () => {
    const hypotheses = hypothesesOf(['write /data/wal/0002: no space left on device', 'ERROR warehouse-sync: access denied, credentials for role loader expired']);
    expect(hypotheses[0]).toMatchObject({ tier: 'signature', bucket: 'resource-pressure' });
    const firstFallback = hypotheses.findIndex((h) => h.tier === 'fallback');
    expect(firstFallback).toBeGreaterThan(0);
    expect(hypotheses.slice(firstFallback).every((h) => h.tier === 'fallback')).toBe(true);
    const lowestSignature = Math.min(...hypotheses.filter((h) => h.tier === 'signature').map((h) => h.score));
    for (const h of hypotheses.filter((x) => x.tier === 'fallback')) expect(h.score).toBeLessThan(lowestSignature);
  });

  it('lets a confident reading of another bucket go ahead of a low or medium lead signature, never of a high one', () => {
    const teamDir = mkdtempSync(join(tmpdir(), 'triage-fallback-symptom-'));
    try {
      const exit = (severity: string) =>
        signature('exit-nonzero', 'stale-contract', 'contract', 'contract', 'exited with code 1', ['step exited with code 1', 'runner: process exited with code 1'], ['exited with code 0', 'step done']).replace('severity: high', `severity: ${severity}`);
      const text = ['ERROR warehouse-sync: access denied, credentials for role loader expired', 'process exited with code 1'];
      const rank = (severity: string) => {
        writeFileSync(join(teamDir, 'exit.yaml'), exit(severity));
        const lib = prepareLibrary(loadLibrary([dir, teamDir]).signatures);
        return rankHypotheses(scanEvidence(lib, text.map((t) => ({ text: t, source: 'ci.log' }))), lib);
      };
      const weak = rank('medium');
      expect(weak[0]).toMatchObject({ tier: 'fallback', bucket: 'auth-config-mismatch' });
      expect(weak[0]!.confidence).toBeGreaterThanOrEqual(0.7);
      expect(weak[1]).toMatchObject({ tier: 'signature', bucket: 'stale-contract' });
      expect(rank('high').map((h) => h.tier)[0]).toBe('signature');
    } finally {
      rmSync(teamDir, { recursive: true, force: true });
    }
  });

  it('adds no guess for a bucket a signature already names in the same text', () => {
    const hypotheses = hypothesesOf(['vault: permission denied for role ci', 'ERROR warehouse-sync: access denied, credentials for role loader expired']);
    expect(hypotheses.filter((h) => h.bucket === 'auth-config-mismatch').map((h) => h.tier)).toEqual(['signature']);
  });

  it('merges the lines of one bucket into one guess, the most confident leading', () => {
    const hypotheses = hypothesesOf(['ERROR loader: access denied, credentials expired', 'ERROR exporter: access denied for role metrics, token expired']);
    const auth = hypotheses.filter((h) => h.bucket === 'auth-config-mismatch');
    expect(auth).toHaveLength(1);
    expect(auth[0]!.evidence).toHaveLength(2);
    expect(auth[0]!.hypothesis).toContain('2 lines no signature names read like');
  });

  it('keeps quiet text quiet: info and debug levels, zero counts, configured timeouts, successful exits', () => {
    expect(
      hypothesesOf([
        '2026-06-15T09:00:01Z level=info msg="retrying after error: access denied" attempt=2',
        '{"level":"debug","msg":"token expired, refreshing"}',
        'I0615 09:00:00.000000 1 lease.go:12] failed to renew lease, retrying',
        'sync done: 0 errors, 0 failed, errors=0',
        'http client timeout=30s, memory limit 512Mi',
        'Process completed with exit code 0.',
        '[INFO] Tests run: 12, Failures: 0, Errors: 0',
      ]),
    ).toEqual([]);
  });

  it('offers second opinions below a signature only for text that reads as a failure, never for a match on info lines alone', () => {
    const loud = hypothesesOf(['ERROR upstream answered 429: rate limit exceeded']);
    expect(loud[0]).toMatchObject({ tier: 'signature', bucket: 'external-dependency' });
    expect(loud.length).toBeGreaterThan(1);
    expect(loud.slice(1).every((h) => h.tier === 'fallback' && h.score < loud[0]!.score)).toBe(true);
    const quiet = hypothesesOf(['2026-06-15T09:00:01Z INFO upstream answered 429: rate limit exceeded, retrying in 2s']);
    expect(quiet.map((h) => h.tier)).toEqual(['signature']);
  });

  it('guesses in the walk too: matchEvidence carries the tier, confidence and cues', () => {
    const [h] = matchEvidence([{ text: 'ERROR warehouse-sync: access denied, credentials for role loader expired', source: 'shop/loader-1/loader' }], library);
    expect(h).toMatchObject({ tier: 'fallback', bucket: 'auth-config-mismatch' });
    expect(h!.confidence).toBeGreaterThan(0);
    expect(h!.cues!.length).toBeGreaterThan(0);
  });

  it('learns from the library it is given: a signature added by a team changes the model', () => {
    const before = fallbackModel(loadLibrary([dir]).signatures);
    const teamDir = mkdtempSync(join(tmpdir(), 'triage-fallback-team-'));
    try {
      writeFileSync(join(teamDir, 'fence.yaml'), signature('fence-held', 'replay-dedupe', 'product', 'rerun', 'held by fence token', ['batch 1 held by fence token 3', 'batch 9 held by fence token 12'], ['fence token released', 'batch 1 done']));
      const signatures = loadLibrary([dir, teamDir]).signatures;
      const after = fallbackModel(signatures);
      expect(after.key).not.toBe(before.key);
      expect(after.key).toBe(libraryKey(signatures));
      expect('counts' in after ? Object.keys(after.counts) : []).toContain('fence');
    } finally {
      rmSync(teamDir, { recursive: true, force: true });
    }
  });

  it('trains once per library in a process: the same library again is the same model, another library replaces it', () => {
    const first = loadLibrary([dir]).signatures;
    const model = fallbackModel(first);
    // A second load of the same files is new objects with the same key: no second training.
    expect(fallbackModel(loadLibrary([dir]).signatures)).toBe(model);
    const teamDir = mkdtempSync(join(tmpdir(), 'triage-fallback-memo-'));
    try {
      writeFileSync(join(teamDir, 'fence.yaml'), signature('fence-held', 'replay-dedupe', 'product', 'rerun', 'held by fence token', ['batch 1 held by fence token 3', 'batch 9 held by fence token 12'], ['fence token released', 'batch 1 done']));
      const other = fallbackModel(loadLibrary([dir, teamDir]).signatures);
      expect(other).not.toBe(model);
      expect(other.key).not.toBe(model.key);
      // One entry: going back to the first library trains again, to an equal model.
      const again = fallbackModel(first);
      expect(again).not.toBe(model);
      expect(again).toEqual(model);
    } finally {
      rmSync(teamDir, { recursive: true, force: true });
    }
  });

  it('reuses a known model only when it was trained on exactly these signatures, and trains again over a damaged one', () => {
    const signatures = loadLibrary([dir]).signatures;
    const model = fallbackModel(signatures);
    const known = { ...model, temperature: model.temperature + 1 };
    expect(fallbackModel(signatures, known).temperature).toBe(known.temperature);
    const stale = { ...known, key: 'trained-on-something-else' };
    expect(fallbackModel(signatures, stale).temperature).toBe(model.temperature);
    const damaged = { ...known, counts: { vault: 'not counts' } };
    expect(fallbackModel(signatures, damaged)).toEqual(model);
  });
});

describe('what the fallback learns from and what it is asked about', () => {
  it('judges a megabyte-long dotted or dashed line at once (the benign parts once backtracked over it for minutes)', () => {
    // Before: 45 s for the dotted line and 39 s for the dashed one, past the test's timeout.
    expect(looksLikeError(`error ${'a.'.repeat(500_000)}`)).toBe(true);
    expect(looksLikeError(`error ${'a-'.repeat(500_000)}`)).toBe(true);
    expect(looksLikeError(`INFO ${'a-'.repeat(500_000)} error`)).toBe(false);
  });

  it('reads failures said without an error word as error-looking, and their quiet twins as quiet', () => {
    for (const line of [
      '51m  Warning  Evicted  pod/csi-node-76tqq  The node was low on resource: ephemeral-storage.',
      "(1213, u'Deadlock found when trying to get lock; try restarting transaction')",
      'Warning: 0/3 nodes are available: 3 node(s) were unschedulable.',
      'calico/node is not ready: BIRD is not ready: BGP not established',
      'Service "default-backend" does not have any active Endpoint',
      'SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry for key PRIMARY',
      "expected 'application/hal+json' body but was 'application/json'",
      'This job is stuck because you do not have any active runners that can run this job.',
    ])
      expect(looksLikeError(line), line).toBe(true);
    for (const line of ['I0615 09:00:00.000000 1 node.go:12] node is not ready yet, waiting', '[INFO] evicted 0 pods', 'level=debug msg="checking for stuck jobs"'])
      expect(looksLikeError(line), line).toBe(false);
  });

  it("reads tools' own failure marks as error-looking (and as prefilter candidates), and settings, hedges and notices as quiet", () => {
    const candidate = (line: string) => ERROR_ATOMS.some((a) => line.toLowerCase().includes(a));
    for (const line of [
      'Get https://index.docker.io/v1/repositories/library/centos/images: x509: certificate signed by unknown authority',
      "2016/05/09 09:56:50 [ERR] consul: 'node-0' and 'node-1' are both in bootstrap mode.",
      '{"t":{"$date":"2022-11-22T03:56:33.766+00:00"},"s":"F",  "c":"STORAGE",  "id":4671205, "msg":"This version of MongoDB is too recent"}',
      'Err:1 http://deb.debian.org/debian bookworm InRelease',
      '  \u2716 get list of cities (21ms)',
      '"errmsg" : "no replset config has been received",',
      'Ready  False  KubeletNotReady  PLEG is not healthy: pleg was last seen active 16h ago',
      'Nextcloud is not installed - only a limited number of commands are available',
      'Jest did not exit one second after the test run has completed.',
      'Maximum number of active requests reached: payload is discarded.',
      'local-device-pvc   Pending                                      openebs-device   39s',
      '  Normal  FailedBinding  4m47s (x5903 over 24h)  persistentvolume-controller  no persistent volumes available for this claim',
      '[Error] File: otlp_grpc_exporter.cc:66 [OTLP TRACE GRPC Exporter] Export() failed with status_code: "UNAVAILABLE"',
      'Warning: poetry.lock is not consistent with pyproject.toml.',
      '> No tests found for given includes: [*VariantFiltrationIntegrationTest*]',
      '  3 failing',
      "Expected: 'No resources found.'",
      'overlay          73G   73G  170M 100% /',
      'postgres-torus        <none>             48m',
      '\tContainersNotReady: "containers with unready status: [build helper]"',
      'DEBUG ssh: stderr: ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE.',
      // A zero just before a field is that field's count, not a "0 failed" count.
      'web-1                      : ok=4    changed=0    unreachable=0    failed=1    skipped=2    rescued=0    ignored=0',
      // mongod's pre-4.4 text format keeps its E/F lines loud.
      // A summary with counts still says what failed.
      'Tests:       2 failed, 38 passed, 40 total',
      '  38 passing  2 failing',
      // Tools' own wording for a refusal, a limit, a rerun's leftover, a waiter giving up, an empty selection.
      'Service arn:aws:ecs:us-east-1:123456789012:service/shop/api did not stabilize.',
      'Too many requests. Please try again in a bit.',
      "chown: changing ownership of '/builds/shop/tests': Operation not permitted",
      'a release with the same tag name already exists: v0.5.1',
      'no tests collected (9 deselected)',
      "Can't run because no spec files were found.",
      "CROSSSLOT Keys in request don't hash to the same slot",
      'fswatch: inotify(7) limit reached, see the limitations for more info.',
      '    - doctrine/instantiator 1.1.0 requires php ^7.1 -> your PHP version (7.0.9) does not satisfy that requirement.',
      // yarn's own error for a required package built for another platform stays loud.
      'error fsevents@2.3.2: The platform "linux" is incompatible with this module.',
      'docker: Error response from daemon: pull access denied for shop/api, repository does not exist',
      '2019-03-05T11:22:12.339+0000 E STORAGE  [initandlisten] WiredTiger error (-31802) [1551784932:339284][1:0x7f]: __posix_open_file, 715: /data/db/WiredTiger.wt: handle-open: open: Operation not permitted',
      // Python's import failure without its class name; Airflow relaying a child's output (and its exit) at INFO.
      'No module named sqlalchemy.sql',
      '[2023-09-08, 10:14:57 +07] {subprocess.py:98} INFO - Command exited with return code 1',
      '[2023-09-08, 10:14:54 +07] {subprocess.py:94} INFO - 03:14:54    Database Error in model orders (models/orders.sql)',
      // java.util.logging's error level.
      'SEVERE: [Ljava.lang.StackTraceElement;@1b6d3586',
      // docker ps's non-zero exit, an HTTP code said in words, a gate not met, an empty upload, a peer that never answered.
      'mailu_admin Exited (137) 4 minutes ago',
      '(HTTP code 400) bad parameter - Client sent an HTTP request to an HTTPS server.',
      'Jest: "global" coverage threshold for statements (20%) not met: 12.9%',
      'No files matched paths: build/reports/test/xml/*.xml',
      '    Minion did not return. [No response]',
      'This test did not perform any assertions',
      // An exception raised by its dotted name with a status after it (not a dotted setting), a resolver's dead end, a JSON status code.
      'google.api_core.exceptions.ResourceExhausted: 429 The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_training_cpus',
      'django.db.migrations.exceptions.InconsistentMigrationHistory: Migration shop.0010_orders is applied before its dependency',
      '  × No solution found when resolving dependencies:',
      "nslookup: can't resolve 'orders-api.shop'",
      '        "httpStatusCode": 403,',
      'FAIL tests/test_errors.py',
      // The same wordings when something did fail.
      '1 chart(s) linted, 1 chart(s) failed',
      'Timed out while waiting for the machine to boot. This means that Vagrant was unable to communicate with the guest machine',
      'Copying blob 121319d3ac51 failed: unexpected EOF',
    ]) {
      expect(looksLikeError(line), line).toBe(true);
      expect(candidate(line), line).toBe(true);
    }
    for (const line of [
      '\tconnection.failed.authentication.delay.ms = 100',
      '\tcontroller.socket.timeout.ms = 30000',
      'Readiness:      http-get http://:14269/ delay=0s timeout=1s period=10s #success=1 #failure=3',
      '10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf is not a file or does not exist',
      'WARNING Memory overcommit must be enabled! Without it, a background save may fail under low memory condition.',
      '26: Test timeout computed to be: 120',
      '\u279c  cargo-edit git:(master) \u2717 cargo build --release',
      '"errmsg" : "",',
      '│ Failing:      0 │',
      // A results table's header names its columns; the counts are on the next row.
      '       Spec                                              Tests  Passing  Failing  Pending  Skipped',
      '| **Tests 📝** | **Passed ✅** | **Failed ❌** | **Skipped ⏭️** | **Pending ⏳** |',
      '3b2bbf4d9ec0: Layer already exists',
      // A pull finding layers it has; Vagrant waiting for a booting machine; a lint summary with nothing failed.
      '2123501b93d4: Already exists ',
      'Copying blob 121319d3ac51 skipped: already exists  ',
      '    default: Warning: Connection timeout. Retrying...',
      '1 chart(s) linted, 0 chart(s) failed',
      // Notices of runs that go on; the failure after them is a line of its own.
      '[pubsub] SLF4J: Failed to load class "org.slf4j.impl.StaticLoggerBinder".',
      'warning fsevents@1.1.2: The platform "linux" is incompatible with this module.',
      'info "fsevents@1.1.2" is an optional dependency and failed compatibility check. Excluding it from installation.',
      "Unable to find image 'redis:7' locally",
      "npm WARN saveError ENOENT: no such file or directory, open '/home/runner/work/package.json'",
      'WARNING: test command found but not installed in testenv',
      "Version '18.16.1' of platform 'nodejs' is not installed. Generating script to install it...",
      'Serverless: Recoverable error occurred (write EPIPE), sleeping for 5 seconds. Try 1 of 4',
      'helm upgrade --install --timeout=10m0s --wait=true --ignore-errors shop ./chart',
      '  Normal  Scheduled  12s  default-scheduler  Successfully assigned shop/api to node-1',
      'web-1                      : ok=4    changed=0    unreachable=0    failed=0    skipped=2    rescued=0    ignored=0',
      '1:M 01 Dec 08:42:59.458 # WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.',
      '2016-02-07T09:10:36.615-0600 I CONTROL  [main] Hotfix KB2731284 or later update is not installed, will zero-out data files',
      // A relayed child's own quiet level and counts, and Airflow's own INFO lines, stay quiet.
      '[2023-09-08, 10:14:54 +07] {subprocess.py:94} INFO - 03:14:54  Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3',
      '[2023-09-08, 10:14:54 +07] {pod_manager.py:94} INFO - level=info msg="retrying after error"',
      '[2023-09-08, 10:14:57 +07] {subprocess.py:98} INFO - Command exited with return code 0',
      // java.util.logging's INFO in a French locale; Vercel's first build.
      'stderr: [pubsub] INFOS: IAM integration is disabled. IAM policy methods and ACL checks are not supported',
      'Previous build caches not available',
      'web Exited (0) 4 minutes ago',
      '        "httpStatusCode": 200,',
      // A failure word inside a file's path is part of its name.
      'rootdir: /tmp/pytest-of-ci/pytest-22/test_rerun_passes_after_temporary_test_failure0',
      'PASS tests/test_errors.py',
      'editor-localstack       | 2021-11-04T13:03:49:INFO:hypercorn.error: Running on https://0.0.0.0:4566 (CTRL + C to quit)',
      "[WARNING] 'build.plugins.plugin.version' for org.apache.maven.plugins:maven-surefire-plugin is missing. @ line 187, column 21",
    ])
      expect(looksLikeError(line), line).toBe(false);
  });

  it("learns a corpus failure's error-looking lines under its bucket and every healthy line as quiet", () => {
    const lines = corpusTrainingLines([
      { id: 'f1', kind: 'failure', bucket: 'resource-pressure', class: 'environment', text: 'Step 4/9 : RUN make\nfatal error: runtime: out of memory' },
      { id: 'h1', kind: 'healthy', bucket: null, class: null, text: 'INFO memory usage 40%\nlease renewed' },
    ]);
    expect(lines).toEqual([
      { text: 'fatal error: runtime: out of memory', label: 'resource-pressure/environment', group: 'corpus-f1' },
      { text: 'INFO memory usage 40%', label: 'quiet', group: 'corpus-h1' },
      { text: 'lease renewed', label: 'quiet', group: 'corpus-h1' },
    ]);
  });

  it('ships the dev corpus it learned from next to the bundle, the same lines the source reads', () => {
    const shipped = JSON.parse(readFileSync(resolve(__dirname, '../../dist/fallback-corpus.json'), 'utf8')) as unknown[];
    expect(shipped).toEqual(readCorpus(pathToFileURL(resolve(__dirname, '../../fixtures/corpus') + '/')));
    expect(shipped.length).toBeGreaterThan(500);
  });

  it('builds the same model from the same lines, byte for byte, and another from other corpus lines', () => {
    const signatures = loadLibrary([dir]).signatures;
    const corpus = corpusTrainingLines([{ id: 'f1', kind: 'failure', bucket: 'timing-race', class: 'environment', text: 'ERROR lease lost: leader election timed out' }]);
    const once = JSON.stringify(trainClassifier(trainingLines(signatures, corpus)));
    expect(JSON.stringify(trainClassifier(trainingLines(signatures, corpus)))).toBe(once);
    expect(libraryKey(signatures, corpus)).not.toBe(libraryKey(signatures, []));
    expect(fallbackModel(signatures, undefined, corpus).key).toBe(libraryKey(signatures, corpus));
  });

  it('keeps the healthy lines of real systems quiet with the built-in library and its model', () => {
    const builtin = prepareLibrary(loadLibrary([builtinDir()]).signatures);
    const healthy = [
      '2026-06-15T09:00:01.000Z info memorylimiter/memorylimiter.go:201 Memory usage after GC. {"cur_mem_mib": 612}',
      'I0615 09:00:00.000000 1 leaderelection.go:258] successfully acquired lease kube-system/kube-scheduler',
      'level=info ts=2026-06-15T09:00:00Z caller=retry.go:40 msg="retrying request" attempt=1 timeout=30s',
      'Ran 214 tests in 12.4s, 0 errors, 0 failures',
      '[INFO] BUILD SUCCESS',
    ];
    for (const text of healthy) expect(rankHypotheses(scanEvidence(builtin, [{ text, source: 'app.log' }]), builtin), text).toEqual([]);
  });
});

describe('the fallback tier in the walk', () => {
  const AUTH = 'ERROR warehouse-sync: access denied, credentials for role loader expired';

  it('makes an unnamed error line a weaker fact about its subject: the bucket, the cues as its ref, what to check', () => {
    const facts = signatureFacts(library, [
      { text: 'write /data/wal/0002: no space left on device', source: 'shop/ledger-0/ledger', time: '2026-06-15T09:00:00Z' },
      { text: AUTH, source: 'shop/loader-5c8d7b9f4-x7k2m/loader', time: '2026-06-15T09:00:02Z' },
      { text: AUTH.replace('loader', 'exporter'), source: 'shop/loader-5c8d7b9f4-x7k2m/loader', time: '2026-06-15T09:00:05Z' },
      { text: 'level=info msg="token expired, refreshing"', source: 'shop/loader-5c8d7b9f4-x7k2m/loader' },
    ]);
    expect(facts[0]).toMatchObject({ kind: 'signature', ref: 'disk-full' });
    const unnamed = facts.filter((f) => f.kind === 'fallback');
    expect(unnamed).toHaveLength(1);
    expect(unnamed[0]).toMatchObject({ kind: 'fallback', status: 'warn', bucket: 'auth-config-mismatch', class: 'environment', subject: 'loader', namespace: 'shop', count: 2, time: '2026-06-15T09:00:05Z' });
    expect(unnamed[0]!.phrase).toMatch(/^looks like auth-config-mismatch \(confidence [01]\.\d\d\): \S/);
    expect(unnamed[0]!.ref!.split(', ').length).toBeGreaterThanOrEqual(2);
    expect(unnamed[0]!.advice!.hypothesis).toMatch(/^check .* because 2 lines no signature names read like /);
    expect(unnamed[0]!.evidence.map((e) => e.text)).toEqual([AUTH, AUTH.replace('loader', 'exporter')]);
  });

  it('adds no fact for a bucket a signature already names about the same subject', () => {
    const facts = signatureFacts(library, [
      { text: 'vault: permission denied for role ci', source: 'shop/loader-5c8d7b9f4-x7k2m/loader' },
      { text: AUTH, source: 'shop/loader-5c8d7b9f4-x7k2m/loader' },
    ]);
    expect(facts.filter((f) => f.bucket === 'auth-config-mismatch').map((f) => f.kind)).toEqual(['signature']);
  });

  it('does not guess at the lines of a check that could not run (guess: false); a signature still names them', () => {
    const facts = signatureFacts(library, [
      { text: AUTH, source: 'shop/loader-5c8d7b9f4-x7k2m/loader', guess: false },
      { text: 'write /data/wal/0002: no space left on device', source: 'shop/ledger-0/ledger', guess: false },
    ]);
    expect(facts.map((f) => [f.kind, f.ref])).toEqual([['signature', 'disk-full']]);
  });

  it('becomes a mechanism named by the fallback classifier, scored below one a signature names', () => {
    const facts = signatureFacts(library, [
      { text: 'write /data/wal/0002: no space left on device', source: 'shop/ledger-0/ledger' },
      { text: AUTH, source: 'shop/loader-5c8d7b9f4-x7k2m/loader' },
    ]);
    const { mechanisms } = rankMechanisms({ facts: facts.map((fact) => ({ fact, check: 'logs', checkId: 'observability/logs' })) });
    const byName = Object.fromEntries(mechanisms.map((m) => [m.namedBy, m]));
    expect(byName.fallback).toMatchObject({ bucket: 'auth-config-mismatch', subject: 'loader' });
    expect(byName.fallback!.score).toBeLessThan(byName.signature!.score);
  });
});

describe('the fallback model on disk', () => {
  it('is built next to the bundle from the built-in library, so a cold start can take it as is', () => {
    const shipped = resolve(__dirname, '../../dist/fallback-model.bin');
    expect(existsSync(shipped)).toBe(true);
    const model = unpackModel(readFileSync(shipped))!;
    expect(model.key).toBe(libraryKey(loadLibrary([builtinDir()]).signatures));
  });

  it('is cached beside the compiled library, in a file of its own', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'triage-fallback-cache-'));
    try {
      openLibrary(dir, [dir], { XDG_CACHE_HOME: cacheHome });
      const file = readdirSync(join(cacheHome, 'triage')).find((f) => f.startsWith('fallback-'))!;
      const model = unpackModel(readFileSync(join(cacheHome, 'triage', file)).subarray(64))!;
      expect(model.key).toBe(libraryKey(loadLibrary([builtinDir(), dir]).signatures));
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});

describe('the fallback model as bytes', () => {
  const model = trainClassifier([
    { text: 'connect ECONNREFUSED 10.0.0.1:5432', label: 'dependency-down/infra', group: 'a' },
    { text: 'x509: certificate has expired', label: 'cert-expired/config', group: 'b' },
    { text: 'request served in 12 ms', label: 'quiet', group: 'c' },
  ]);

  it('reads back to a classifier that says the same of every line', () => {
    const packed = unpackModel(packModel(model))!;
    expect(packed).toMatchObject({ key: model.key, labels: model.labels, temperature: model.temperature });
    const [plain, bytes] = [new Classifier(model), new Classifier(packed)];
    for (const line of ['dial tcp: connect ECONNREFUSED', 'certificate has expired or is not yet valid', 'served', 'nothing known'])
      expect(bytes.classify(line, 3)).toEqual(plain.classify(line, 3));
  });

  it('is not read when damaged (another format, a cut file, a changed byte) and not written with a row out of range', () => {
    const bytes = Buffer.from(packModel(model));
    expect(unpackModel(bytes)).toBeDefined();
    expect(unpackModel(Buffer.from('{not json'))).toBeUndefined();
    expect(unpackModel(bytes.subarray(0, bytes.length - 8))).toBeUndefined();
    const changed = Buffer.from(bytes);
    changed[changed.length - 10]! ^= 1;
    expect(unpackModel(changed)).toBeUndefined();
    expect(() => packModel({ ...model, counts: { ...model.counts, zzz: [model.labels.length, 1] } })).toThrow(/label/);
    expect(() => packModel({ ...model, counts: { ...model.counts, zzz: [0, 1.5] } })).toThrow(/count/);
  });
});

describe('a fallback confidence as shown', () => {
  it('keeps two decimals, and says <0.01 where two decimals would say 0.00', () => {
    expect(shownConfidence(0.72)).toBe('0.72');
    expect(shownConfidence(0.0049)).toBe('<0.01');
    expect(shownConfidence(0.006)).toBe('0.01');
  });
});
