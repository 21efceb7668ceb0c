import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Io } from '../../src/cli/command';
import { openSession } from '../../src/cli/investigation';
import { runHeadless, type HeadlessFormat } from '../../src/cli/headless';
import { planSchema } from '../../src/plan/schema';
import { fixedCheck, tempRoot } from '../note/support';
import { leakedSecrets, secretKinds, secretLines } from './corpus';

// Every exit of a walk whose checks saw every secret of the corpus, through the CLI's own
// wiring (openSession, runHeadless): the journal on disk, the state the screen draws,
// the note file and the headless output in each format.

let root: string;
let cleanup: () => void;

beforeEach(() => {
  ({ root, cleanup } = tempRoot('triage-exits-'));
});
afterEach(() => cleanup());

const leakyChecks = () => [
  fixedCheck(
    'environment',
    'worker-logs',
    'fail',
    `worker log shows ${secretKinds[0]!.secret}`,
    [...secretKinds.map((k) => ({ text: k.text, source: 'logs/worker.log' })), ...secretLines.map((text) => ({ text, source: 'logs/worker.log (tail)' }))],
    `curl -H 'Authorization: Bearer ${secretKinds[16]!.secret}' http://worker/healthz`,
  ),
];

describe.each(['md', 'json', 'ndjson'] as HeadlessFormat[])('a headless walk printing %s', (format) => {
  it('leaves no corpus secret in the journal, the state, the note or the output', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (b: Buffer) => chunks.push(b));
    const io: Io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { USER: 'ci' }, cwd: root };
    const session = openSession({ positionals: [], flags: {} }, io, {
      mode: 'live',
      plan: { plan: planSchema.parse({ name: 'shop' }), baseDir: root },
      extraChecks: leakyChecks(),
    });
    expect(await runHeadless(session, io, format)).toBe(1);
    const output = Buffer.concat(chunks).toString('utf8');
    expect(output).toContain('[REDACTED:');
    expect(leakedSecrets(output)).toEqual([]);
    const journal = readFileSync(join(root, '.triage/investigations', `${session.id}.ndjson`), 'utf8');
    for (const line of journal.trim().split('\n')) JSON.parse(line);
    expect(leakedSecrets(journal)).toEqual([]);
    expect(leakedSecrets(JSON.stringify(session.getState()))).toEqual([]);
    expect(leakedSecrets(readFileSync(join(root, '.triage/notes', `${session.id}.md`), 'utf8'))).toEqual([]);
  });
});

describe("the plan's redact section", () => {
  it('applies its patterns and allowlist to the journal and to text drawn on screen', async () => {
    const io: Io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: { USER: 'ci' }, cwd: root };
    const key = secretKinds.find((k) => k.kind === 'aws-access-key-id')!.secret;
    const plan = planSchema.parse({ name: 'shop', redact: { patterns: [{ name: 'tenant-key', regex: 'tk-[0-9]{6}' }], allow: [`^${key}$`] } });
    const session = openSession({ positionals: [], flags: {} }, io, { mode: 'live', plan: { plan, baseDir: root } });
    session.addFinding('auth-config', `tenant tk-123456 used the shared example key ${key}`);
    expect(session.redactText('live line: tk-654321')).toBe('live line: [REDACTED:tenant-key]');
    const journal = readFileSync(join(root, '.triage/investigations', `${session.id}.ndjson`), 'utf8');
    expect(journal).toContain(`tenant [REDACTED:tenant-key] used the shared example key ${key}`);
    await session.quit();
  });
});
