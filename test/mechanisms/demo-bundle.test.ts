import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';
import { parseArgs, GLOBAL_FLAGS } from '../../src/cli/args';
import { openSession } from '../../src/cli/investigation';
import { mechanismsOf } from '../../src/investigation/mechanisms';

// The captured staging incident: the payments-worker OOM-killed mid-trace, its memory fix
// merged but not deployed, the trace collector refusing data. The ranking must name all three.
const BUNDLE = resolve('fixtures/demo-bundle');
const PLAN = resolve('fixtures/plans/demo-bundle.yaml');
const dirs: string[] = [];
const cwd = () => {
  const d = mkdtempSync(join(tmpdir(), 'triage-mech-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function io(dir: string): { io: Io; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (b: Buffer) => chunks.push(b));
  return {
    io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { ...process.env, USER: 'oncall' }, cwd: dir },
    out: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function run(format: 'json' | 'md' | 'ndjson'): Promise<string> {
  const { io: i, out } = io(cwd());
  expect(await main(['run', '--bundle', BUNDLE, '--plan', PLAN, '--format', format], i)).toBe(1);
  return out();
}

interface MechanismJson {
  id: string;
  title: string;
  bucket: string;
  score: number;
  points: { delta: number; reason: string }[];
}

describe('the demo bundle, headless', () => {
  it('ranks the OOM-killed payments-worker first, with its fix not deployed and the collector refusing data in the top three', async () => {
    const json = JSON.parse(await run('json')) as { mechanisms: MechanismJson[]; onset: { time: string } };
    const [top, ...rest] = json.mechanisms;
    expect(top).toMatchObject({ id: 'runtime/shop/payments-worker', bucket: 'resource-pressure' });
    expect(top!.title).toMatch(/^payments-worker OOM-killed \(exit 137\).* mid-request/);
    expect(top!.points.map((p) => p.reason)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the trace stops on payments-worker'),
        expect.stringContaining("the trace's first error is on payments-worker"),
      ]),
    );
    const next = rest.slice(0, 2);
    expect(next.map((m) => m.id).sort()).toEqual(['runtime/monitoring/opentelemetry-kube-stack-deployment-collector', 'version/shop/payments-worker']);
    expect(next.find((m) => m.id.startsWith('version'))!.title).toContain('fix merged but not deployed');
    // The collector's memory_limiter refusing data is resource pressure (LABELING.md), named by its many refusals.
    const collector = next.find((m) => m.id.startsWith('runtime'))!;
    expect(collector.bucket).toBe('resource-pressure');
    expect(collector.title).toMatch(/refusing data \(\d+ lines/);
    expect(collector.points[0]!.reason).toMatch(/^known failure otel-collector-memory-limiter-refusing \(high\) ×\d+: ".*Refusing data/);
    expect(json.onset.time).toBe('2026-06-15T09:02:13.000Z');
  });

  it('proposes the top mechanism in the note, with its points, and leads the evidence with the OOM kill', async () => {
    const md = await run('md');
    const mechanism = md.slice(md.indexOf('## Mechanism'), md.indexOf('## Evidence'));
    expect(mechanism).toContain('**Proposed (not confirmed):** payments-worker OOM-killed (exit 137)');
    expect(mechanism).toMatch(/- \+30 the trace stops on payments-worker/);
    const evidence = md
      .slice(md.indexOf('## Evidence'), md.indexOf('## Discrimination'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(evidence[0]).toContain('OOMKilled');
    expect(md.slice(md.indexOf('## Discrimination'))).toMatch(/2\. .*points below/);
    expect(md).not.toMatch(/flaky/i);
  });

  it('streams the ranking as it changes and ends the ndjson stream with the final one', async () => {
    const lines = (await run('ndjson'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; final?: boolean; mechanisms?: { id: string }[] });
    const ranked = lines.filter((l) => l.type === 'mechanisms.ranked');
    expect(ranked.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatchObject({ type: 'mechanisms.ranked', final: true });
    expect(lines.at(-1)!.mechanisms![0]!.id).toBe('runtime/shop/payments-worker');
  });

  it("streams every event its journal holds, in the journal's order, the last checks too", async () => {
    const dir = cwd();
    const { io: i, out } = io(dir);
    expect(await main(['run', '--bundle', BUNDLE, '--plan', PLAN, '--format', 'ndjson'], i)).toBe(1);
    const streamed = out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; type: string })
      .filter((e) => e.type !== 'mechanisms.ranked')
      .map((e) => e.id);
    const folder = join(dir, '.triage', 'investigations');
    const journal = readFileSync(
      join(
        folder,
        readdirSync(folder).find((f) => f.endsWith('.ndjson'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(streamed).toEqual(journal);
  });

  it('gives the same mechanisms when the bundle is opened a year after it was captured', async () => {
    const walk = async (now: Date) => {
      const dir = cwd();
      const args = parseArgs(['--bundle', BUNDLE, '--plan', PLAN], GLOBAL_FLAGS);
      const session = openSession(args, io(dir).io, { mode: 'bundle', now: () => now });
      try {
        await session.runChecksOf(['contract', 'environment', 'versions', 'auth-config', 'rerun', 'data-path', 'observability']);
        return mechanismsOf(session.getState()).mechanisms.map((m) => ({
          id: m.id,
          title: m.title,
          score: m.score,
          points: m.points.map((p) => [p.delta, p.reason]),
        }));
      } finally {
        await session.quit();
      }
    };
    const onTheDay = await walk(new Date('2026-06-15T09:30:00Z'));
    const aYearLater = await walk(new Date('2027-06-15T09:30:00Z'));
    expect(onTheDay.length).toBeGreaterThan(3);
    expect(aYearLater).toEqual(onTheDay);
  });
});
