// Every secret shape of the corpus through every command and output format, as a person
// runs them (main(), which puts stdout and stderr behind the redacting writers): scan text
// and JSON, diff text and JSON, signatures new, trace text and JSON, run md/json/ndjson,
// note render and export (to a loopback tracker), capture's bundle files, the journal and
// the note on disk. No piece of 8 characters of any secret may survive anywhere; trace ids,
// digests and pod names must. Files are 0600 and folders 0700 under umask 022.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MINI } from '../kube/support';
import { startTracker, type FakeTracker } from '../note/export/trackers';
import { keptValues, leakedFragments, secretKinds } from './corpus';
import { runCli, type CliRun } from '../support/cli';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const POD = 'checkout-7d9f8c6b5-x2k4p';
const DIGEST = 'sha256:1c5f15d97a79c76dea2b77386f47bbc8bb7d7e664d29ae753a30a69fce9dc4d9';
const singleLine = secretKinds.filter((k) => !k.text.includes('\n'));

let cwd: string;
let bundle: string;
let savedUmask: number;
/** Every output and file read, by where it came from. */
const outputs = new Map<string, string>();

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const ran = await runCli(argv, { env: { USER: 'ci', PATH: process.env.PATH, ...env }, cwd });
  outputs.set(`${argv.join(' ')} (stdout)`, ran.out);
  outputs.set(`${argv.join(' ')} (stderr)`, ran.err);
  return ran;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [join(dir, e.name), ...filesUnder(join(dir, e.name))] : [join(dir, e.name)],
  );
}

const junit = (cases: { name: string; message?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="shop e2e" tests="${cases.length}">\n${cases
    .map((c) => {
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      return c.message === undefined
        ? `<testcase classname="e2e" name="${esc(c.name)}" time="1"/>`
        : `<testcase classname="e2e" name="${esc(c.name)}" time="1"><failure message="${esc(c.message.split('\n')[0]!)}">${esc(c.message)}</failure><system-out>${esc(`${c.message}\ntrace_id=${TRACE}`)}</system-out></testcase>`;
    })
    .join('\n')}\n</testsuite></testsuites>\n`;

beforeAll(() => {
  savedUmask = process.umask(0o022);
  cwd = mkdtempSync(join(tmpdir(), 'triage-corpus-exits-'));
  bundle = join(cwd, 'bundle');
  cpSync(MINI, bundle, { recursive: true });
  // The checkout log: every corpus text, each line as kubectl --timestamps prints it; single-line
  // ones on the trace and worded as errors (a signature's and the unexplained tier's), and the kept values.
  const stamp = (i: number) => `2025-03-14T09:2${Math.floor(i / 60) % 10}:${String(i % 60).padStart(2, '0')}.000000000Z`;
  const lines: string[] = [];
  secretKinds.forEach((k, i) => {
    if (k.text.includes('\n')) for (const l of k.text.split('\n')) lines.push(`${stamp(i)} ${l}`);
    else {
      lines.push(`${stamp(i)} ERROR dial tcp 10.0.0.7:5432: connect: connection refused while ${k.text} trace_id=${TRACE}`);
      lines.push(`${stamp(i)} FATAL unhandled failure in step ${i}: ${k.text}`);
    }
  });
  for (const v of keptValues) lines.push(`${stamp(99)} ERROR kept: ${v.text} trace_id=${TRACE} pod=${POD}`);
  appendFileSync(join(bundle, `logs/shop/${POD}/checkout.log`), `${lines.join('\n')}\n`);
  writeFileSync(join(cwd, 'app.log'), `${lines.map((l) => l.slice(31)).join('\n')}\n`);
  // Warning events whose messages are the corpus texts.
  const events = JSON.parse(readFileSync(join(bundle, 'resources/events.json'), 'utf8')) as { items: Record<string, unknown>[] };
  const template = events.items[0]!;
  secretKinds.forEach((k, i) => {
    events.items.push({
      ...template,
      type: 'Warning',
      reason: 'Failed',
      message: `${k.text}${k.text.includes('\n') ? '' : ` trace ${TRACE}`}`,
      metadata: { ...(template.metadata as object), name: `${POD}.leak${i}`, uid: `leak-${i}` },
      involvedObject: { ...(template.involvedObject as object), name: POD },
    });
  });
  writeFileSync(join(bundle, 'resources/events.json'), JSON.stringify(events));
  // A pod env value and a ConfigMap field under names that say secret; a Secret with values.
  const pods = JSON.parse(readFileSync(join(bundle, 'resources/pods.json'), 'utf8')) as { items: Record<string, any>[] };
  const dbPassword = secretKinds.find((k) => k.kind === 'password-colon-in-line')!.secret;
  const pod = pods.items.find((p) => p.metadata.name === POD)!;
  pod.spec.containers[0].env = [...(pod.spec.containers[0].env ?? []), { name: 'DB_PASSWORD', value: dbPassword }, { name: 'TRACE_ID', value: TRACE }];
  pod.status.containerStatuses[0].imageID = `registry.example.test/shop/checkout@${DIGEST}`;
  writeFileSync(join(bundle, 'resources/pods.json'), JSON.stringify(pods));
  const configMaps = JSON.parse(readFileSync(join(bundle, 'resources/configmaps.json'), 'utf8')) as { items: Record<string, any>[] };
  configMaps.items[0]!.data = { ...(configMaps.items[0]!.data ?? {}), HF_API_TOKEN: secretKinds.find((k) => k.kind === 'databricks-token')!.secret };
  writeFileSync(join(bundle, 'resources/configmaps.json'), JSON.stringify(configMaps));
  const secrets = JSON.parse(readFileSync(join(bundle, 'resources/secrets.json'), 'utf8')) as { items: Record<string, any>[] };
  secrets.items[0]!.data = {
    password: Buffer.from(secretKinds[0]!.secret).toString('base64'),
    token: secretKinds.find((k) => k.kind === 'stripe-live-secret')!.secret,
  };
  writeFileSync(join(bundle, 'resources/secrets.json'), JSON.stringify(secrets));
  // Two JUnit runs: every corpus text a new failure's message.
  writeFileSync(join(cwd, 'base.xml'), junit(secretKinds.map((k) => ({ name: `keeps ${k.kind} working` }))));
  writeFileSync(join(cwd, 'current.xml'), junit(secretKinds.map((k) => ({ name: `keeps ${k.kind} working`, message: k.text }))));
  writeFileSync(
    join(cwd, 'triage.yaml'),
    `name: shop\nnamespaces: [shop]\ntraceId: ${TRACE}\ntrace:\n  sources: ["file:app.log"]\nchecks:\n  data-path:\n    - { kind: command, name: app-log, argv: [cat, app.log], expectExit: 1 }\n`,
  );
});

afterAll(() => {
  process.umask(savedUmask);
  rmSync(cwd, { recursive: true, force: true });
});

describe(`${secretKinds.length} secret shapes through every exit`, () => {
  it('holds at least 60 shapes', () => {
    expect(secretKinds.length).toBeGreaterThanOrEqual(60);
  });

  it('scan: text and JSON (matches, hypotheses, unexplained templates and examples)', async () => {
    const text = await run(['scan', 'bundle']);
    expect(text.code).toBe(1);
    const json = await run(['scan', 'bundle', '--format', 'json']);
    const report = JSON.parse(json.out) as { matches: { text: string }[]; unexplained: { template: string; example: string }[] };
    // The corpus lines reached both tiers, so their redaction was exercised, not skipped.
    expect(report.matches.filter((m) => m.text.includes('[REDACTED:')).length).toBeGreaterThanOrEqual(singleLine.length / 2);
    expect(report.unexplained.filter((u) => u.example.includes('[REDACTED:')).length).toBeGreaterThan(10);
    expect(json.out).toContain(POD);
  });

  it('diff: JUnit failure messages in text and JSON', async () => {
    expect((await run(['diff', 'base.xml', 'current.xml'])).code).toBe(1);
    const json = await run(['diff', 'base.xml', 'current.xml', '--format', 'json']);
    expect((JSON.parse(json.out) as { tests: unknown[] }).tests).toHaveLength(secretKinds.length);
  });

  it('signatures new --from-line, one line of each shape', async () => {
    for (const k of secretKinds) expect((await run(['signatures', 'new', '--from-line', k.text])).code).toBe(0);
  });

  it('trace: text and JSON, from the bundle and from a file', async () => {
    const text = await run([
      'trace',
      TRACE,
      '--bundle',
      'bundle',
      '-n',
      'shop',
      '--source',
      `pods:shop`,
      '--source',
      'events:shop',
      '--source',
      'file:app.log',
      '--limit',
      '5000',
    ]);
    expect(text.out).toContain(TRACE);
    const json = await run([
      'trace',
      TRACE,
      '--bundle',
      'bundle',
      '-n',
      'shop',
      '--format',
      'json',
      '--source',
      'pods:shop',
      '--source',
      'file:app.log',
      '--limit',
      '5000',
    ]);
    const doc = JSON.parse(json.out) as { entries: { text: string }[] };
    expect(doc.entries.filter((e) => e.text.includes('[REDACTED:')).length).toBeGreaterThanOrEqual(singleLine.length);
    for (const v of keptValues) expect(json.out, v.what).toContain(JSON.stringify(v.value).slice(1, -1));
  });

  it('run: md, json and ndjson, with the journal and the note on disk', async () => {
    for (const format of ['md', 'json', 'ndjson']) {
      const r = await run(['run', '--bundle', 'bundle', '--junit', 'current.xml', '--format', format, '--investigation', `walk-${format}`]);
      expect(r.code, r.err).toBe(1);
    }
    const json = outputs.get('run --bundle bundle --junit current.xml --format json --investigation walk-json (stdout)')!;
    expect(json).toContain('[REDACTED:');
    expect(json).toContain(TRACE);
    const r = await run(['run', '--bundle', 'bundle', '--junit', 'current.xml', '--format', 'md', '--out', 'walk-out.md', '--investigation', 'walk-out']);
    expect(r.code, r.err).toBe(1);
  });

  it('note render (stdout and --out) and note export to a loopback tracker', async () => {
    expect((await run(['note', 'render', '--investigation', 'walk-json'])).code).toBe(0);
    expect((await run(['note', 'render', '--investigation', 'walk-json', '--out', 'notes/walk.md'])).code).toBe(0);
    const tracker: FakeTracker = await startTracker('github');
    try {
      const r = await run(['note', 'export', '--to', 'github', '--repo', 'acme/shop', '--api-url', tracker.apiUrl, '--investigation', 'walk-json'], {
        GITHUB_TOKEN: tracker.token,
      });
      expect(r.code, r.err).toBe(0);
      const sent = JSON.stringify(tracker.requests.map((q) => q.body));
      expect(sent).toContain('[REDACTED:');
      outputs.set('note export (request bodies)', sent);
    } finally {
      await tracker.close();
    }
  });

  it('capture: every bundle file redacted by default; Secrets without values', async () => {
    const r = await run(['capture', '--bundle', 'bundle', '-o', 'captured', '-A']);
    expect(r.code, r.err).toBe(0);
    const log = readFileSync(join(cwd, `captured/logs/shop/${POD}/checkout.log`), 'utf8');
    expect(log).toContain('[REDACTED:');
    for (const v of keptValues) expect(log, v.what).toContain(v.value);
    const podsJson = readFileSync(join(cwd, 'captured/resources/pods.json'), 'utf8');
    expect(podsJson).toContain(DIGEST);
    expect(podsJson).toContain(POD);
    expect(podsJson).toContain(TRACE);
  });

  it('leaves no piece of 8+ characters of any secret in any output or file', () => {
    for (const file of filesUnder(cwd).filter((f) => statSync(f).isFile())) {
      const rel = relative(cwd, file);
      // The inputs hold the secrets on purpose.
      if (/^(bundle\/|app\.log$|base\.xml$|current\.xml$|triage\.yaml$)/.test(rel)) continue;
      outputs.set(rel, readFileSync(file, 'utf8'));
    }
    const journals = [...outputs.keys()].filter((k) => k.startsWith('.triage/investigations/'));
    expect(journals.length).toBeGreaterThanOrEqual(4);
    expect([...outputs.keys()].filter((k) => k.startsWith('captured/')).length).toBeGreaterThan(10);
    const leaks = [...outputs].flatMap(([where, text]) => leakedFragments(text).map((l) => `${where}: ${l.kind}: …${l.fragment}…`));
    expect(leaks).toEqual([]);
    console.log(`secrets corpus: ${secretKinds.length} shapes through ${outputs.size} outputs and files, ${leaks.length} leaked`);
  });

  it('writes every file 0600 and every folder 0700 under umask 022', () => {
    const written = [join(cwd, '.triage'), join(cwd, 'captured'), join(cwd, 'notes')].flatMap((d) => [d, ...filesUnder(d)]).concat(join(cwd, 'walk-out.md'));
    const wrong = written.map((p) => [relative(cwd, p), statSync(p)] as const).filter(([, s]) => (s.mode & 0o777) !== (s.isDirectory() ? 0o700 : 0o600));
    expect(wrong.map(([p, s]) => `${p} ${(s.mode & 0o777).toString(8)}`)).toEqual([]);
    expect(written.length).toBeGreaterThan(20);
  });
});
