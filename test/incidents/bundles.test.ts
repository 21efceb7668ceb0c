// The incident bundles of fixtures/incidents/: each loads, replays to the real kubectl, and
// every fact its expected.yaml plants shows in the check that should find it today; the
// signatures it plants are found by `triage scan`. The ranking itself (top mechanism,
// distractors not first) is asserted where mechanisms are built.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { BUCKETS } from '../../src/model';
import { openBundle, readList } from '../../src/kube/bundle';
import { removeTempDirs, replay, type Replayed } from '../kube/support';
import { runCli } from '../support/cli';

const ROOT = join(import.meta.dirname, '../../fixtures/incidents');

const expectedSchema = z.strictObject({
  mechanism: z.string().min(20),
  onset: z.iso.datetime(),
  top: z.strictObject({ subject: z.string(), bucket: z.enum(BUCKETS), aliases: z.array(z.string()).default([]) }),
  distractors: z.array(z.strictObject({ subject: z.string(), bucket: z.enum(BUCKETS), why: z.string().min(20) })).min(2),
  facts: z.array(z.strictObject({ check: z.string(), contains: z.string() })).min(1),
  signatures: z.array(z.string()).default([]),
});
type Expected = z.infer<typeof expectedSchema>;

interface Incident {
  name: string;
  dir: string;
  bundle: string;
  plan: string;
  expected: Expected;
}

const incidents: Incident[] = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'expected.yaml')))
  .map((d) => {
    const dir = join(ROOT, d.name);
    const file = join(dir, 'expected.yaml');
    const parsed = expectedSchema.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
    return { name: d.name, dir, bundle: join(dir, 'bundle'), plan: join(dir, 'triage.yaml'), expected: parsed.data };
  });

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<CliRun> {
  const ran = await runCli(args, { env: { ...process.env, USER: 'oncall' }, cwd });
  return { code: ran.code, stdout: ran.out, stderr: ran.err };
}

interface WalkCheck {
  id: string;
  status: string;
  summary: string;
  evidence: { text: string; source: string }[];
}

it('has the five incidents the mechanisms issue asks for', () => {
  expect(incidents.map((i) => i.name).sort()).toEqual(['env-rollout', 'expired-cert', 'leftover-lock', 'selector-partial', 'stale-contract']);
});

describe.each(incidents)('incident $name', (incident) => {
  let cwd: string;
  let walk: CliRun;
  let checks: WalkCheck[];

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), `triage-incident-${incident.name}-`));
    walk = await cli(['run', '--bundle', incident.bundle, '--plan', incident.plan, '--format', 'json'], cwd);
    checks = (JSON.parse(walk.stdout) as { steps: { checks: WalkCheck[] }[] }).steps.flatMap((s) => s.checks);
  }, 60_000);

  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('loads: bundle.json and every resource file parse, captured before the run was looked at', () => {
    const bundle = openBundle(incident.bundle);
    expect(bundle.resources.length).toBeGreaterThan(10);
    for (const r of bundle.resources) readList(r.file);
    expect(Date.parse(bundle.manifest.capturedAt)).toBeGreaterThan(Date.parse(incident.expected.onset));
  });

  it('names a top mechanism that no distractor duplicates', () => {
    const { top, distractors } = incident.expected;
    for (const d of distractors) expect(`${d.subject}/${d.bucket}`).not.toBe(`${top.subject}/${top.bucket}`);
  });

  it('walks headless with no check erroring and exits 1 for the failures it finds', () => {
    expect(walk.stderr).toBe('');
    expect(walk.code).toBe(1);
    const errored = checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.summary}`);
    expect(errored).toEqual([]);
  });

  it.each(incident.expected.facts)('shows the planted fact in $check: $contains', ({ check, contains }) => {
    const found = checks.find((c) => c.id === check);
    expect(found, `no check ${check} in the walk`).toBeDefined();
    const text = [found!.summary, ...found!.evidence.map((e) => `${e.source} ${e.text}`)].join('\n');
    expect(text).toContain(contains);
  });

  it('is matched by the signatures planted in its logs and objects', async () => {
    const scan = await cli(['scan', incident.bundle, '--format', 'json'], cwd);
    expect(scan.code).toBe(1);
    const ids = new Set((JSON.parse(scan.stdout) as { matches: { signature: string }[] }).matches.map((m) => m.signature));
    for (const id of incident.expected.signatures) expect([...ids], id).toContain(id);
  });

  describe('replayed to the real kubectl', () => {
    let r: Replayed;
    beforeAll(async () => {
      r = await replay(incident.bundle);
    });
    afterAll(async () => {
      await r.server.close();
      removeTempDirs();
    });

    it('lists every captured pod, describes one and prints its log as captured', async () => {
      const pods = readList(join(incident.bundle, 'resources', 'pods.json')).items;
      const listed = await r.kubectl('get', 'pods', '-A', '-o', 'name');
      expect(listed.exitCode, listed.stderr).toBe(0);
      expect(listed.stdout.trim().split('\n').sort()).toEqual(pods.map((p) => `pod/${p.metadata.name}`).sort());
      // The longest current log: the one the incident's trace runs through. A pod whose
      // containers never started has no log directory.
      const logs = pods.flatMap((p) => {
        const dir = join(incident.bundle, 'logs', p.metadata.namespace!, p.metadata.name);
        if (!existsSync(dir)) return [];
        return readdirSync(dir, { withFileTypes: true })
          .filter((f) => f.isFile() && f.name.endsWith('.log') && !f.name.endsWith('.previous.log'))
          .map((f) => ({ pod: p, container: f.name.slice(0, -'.log'.length), text: readFileSync(join(dir, f.name), 'utf8') }));
      });
      const chosen = logs.sort((a, b) => b.text.length - a.text.length)[0]!;
      const ns = chosen.pod.metadata.namespace!;
      const described = await r.kubectl('describe', 'pod', '-n', ns, chosen.pod.metadata.name);
      expect(described.exitCode, described.stderr).toBe(0);
      expect(described.stdout).toContain(`Name:             ${chosen.pod.metadata.name}`);
      const log = await r.kubectl('logs', '-n', ns, chosen.pod.metadata.name, '-c', chosen.container, '--timestamps');
      expect(log.exitCode, log.stderr).toBe(0);
      // execa drops the final newline kubectl prints.
      expect(log.stdout).toBe(chosen.text.replace(/\n$/, ''));
    });
  });
});
