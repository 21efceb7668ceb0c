import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';

// Five small incidents, each a different real mechanism with distractors planted to tempt
// a naive ranker (fixtures/incidents/*/expected.yaml): the walk's first mechanism must be
// the one the incident is about, and no distractor may be ranked first.

interface Expected {
  mechanism: string;
  top: { subject: string; bucket: string; aliases?: string[] };
  distractors: { subject: string; bucket: string; why: string }[];
}

const ROOT = resolve('fixtures/incidents');
const INCIDENTS = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function mechanismsOf(name: string): Promise<{ subject: string; bucket: string; id: string; title: string; score: number }[]> {
  const cwd = mkdtempSync(join(tmpdir(), `triage-incident-${name}-`));
  dirs.push(cwd);
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (b: Buffer) => chunks.push(b));
  const io: Io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { ...process.env, USER: 'oncall' }, cwd };
  const code = await main(['run', '--bundle', join(ROOT, name, 'bundle'), '--plan', join(ROOT, name, 'triage.yaml'), '--format', 'json'], io);
  expect(code).toBe(1);
  return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { mechanisms: { subject: string; bucket: string; id: string; title: string; score: number }[] })
    .mechanisms;
}

describe('the first mechanism of each incident', () => {
  it('covers the five mechanisms the issue names', () => {
    expect(INCIDENTS).toEqual(['env-rollout', 'expired-cert', 'leftover-lock', 'selector-partial', 'stale-contract']);
  });

  it.each(INCIDENTS)('%s: names the incident, not a planted distractor', async (name) => {
    const expected = parse(readFileSync(join(ROOT, name, 'expected.yaml'), 'utf8')) as Expected;
    const mechanisms = await mechanismsOf(name);
    const [first] = mechanisms;
    const names = [expected.top.subject, ...(expected.top.aliases ?? [])];
    const shown = mechanisms
      .slice(0, 4)
      .map((m) => `${m.score} ${m.id} ${m.bucket}`)
      .join('\n');
    expect(names, `first was ${first?.id}; the ranking:\n${shown}`).toContain(first?.subject);
    expect(first?.bucket, shown).toBe(expected.top.bucket);
    for (const d of expected.distractors)
      expect({ subject: first?.subject, bucket: first?.bucket }, `${d.subject} (${d.why})`).not.toEqual({ subject: d.subject, bucket: d.bucket });
  });
});
