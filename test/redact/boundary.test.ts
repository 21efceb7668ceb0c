import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { OutputRedaction, RedactingWriter, redactingIo } from '../../src/cli/output';
import { clipRedacted, rulesFromPlan } from '../../src/redact/redact';
import { runCli, type CliRun } from '../support/cli';

// The one boundary between commands and the terminal, and redaction before every cut.

const GLPAT = 'glpat-LI5fFa_GvePbAMytJhIM';
const GHP = 'ghp_vAquisxL2RxoaXtlfANNXo7PfmyAiW661jH7';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-boundary-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return { stream, text: () => text };
}

function cli(argv: string[], stdin = ''): Promise<CliRun> {
  return runCli(argv, { env: { USER: 'ci' }, cwd, stdin });
}

describe('the redacting writers every command gets', () => {
  it('redact a secret written in two pieces: text is held to the end of its line', () => {
    const out = sink();
    const writer = new RedactingWriter(out.stream, new OutputRedaction());
    writer.write(`token=${GHP.slice(0, 12)}`);
    writer.write(`${GHP.slice(12)} ok\n`);
    writer.write('no newline yet');
    expect(out.text()).toBe('token=[REDACTED:github-token] ok\n');
    writer.flush();
    expect(out.text()).toBe('token=[REDACTED:github-token] ok\nno newline yet');
  });

  it("strip terminal controls but the tool's own colours, apply the plan's rules and hide known values", () => {
    const out = sink();
    const io = redactingIo({ stdout: out.stream, stderr: new PassThrough(), stdin: new PassThrough(), isTTY: false, env: {}, cwd });
    io.redaction.use(rulesFromPlan({ patterns: [{ name: 'tenant-key', regex: 'tk-[0-9]{6}' }], allow: [] }));
    io.redaction.hide('plain-words-token-1234');
    io.stdout.write('\x1b]0;pwned\x07\x1b[1;31mred\x1b[39m tk-123456 plain-words-token-1234 \x1b[2J\n');
    expect(out.text()).toBe('\x1b[1;31mred\x1b[39m [REDACTED:tenant-key] [REDACTED:token] \n');
  });

  it('redact an error message that echoes its input', async () => {
    const r = await cli([`${GHP}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "[REDACTED:github-token]"');
    expect(r.err).not.toContain(GHP.slice(4, 20));
  });
});

describe('cutting after redacting', () => {
  it('leaves no start of a token the cut went through, even one no rule knows', () => {
    const line = `${'x'.repeat(30)} clone https://oauth2:${GLPAT}@gitlab.example.test/shop.git failed`;
    for (let width = 20; width < line.length; width++) {
      const cut = clipRedacted(line, width);
      expect(cut).not.toMatch(/glpat-\w{3}/);
    }
    const unknown = `${'y'.repeat(30)} session=Q29uZmlkZW50aWFsU2Vzc2lvblZhbHVl end`;
    for (let width = 40; width < 70; width++) expect(clipRedacted(unknown, width)).not.toMatch(/Q29uZmlk/);
  });

  it('scan: a token at the cut of a sample line or an unexplained template leaves no prefix', async () => {
    const pad = 'z'.repeat(118);
    const lines = [
      `ERROR dial tcp 10.0.0.7:443: connect: connection refused ${pad} https://oauth2:${GLPAT}@gitlab.example.test/shop.git`,
      `FATAL unhandled failure ${pad} cloning with oauth2:${GLPAT} from gitlab`,
    ];
    const text = await cli(['scan', '-'], `${lines.join('\n')}\n`);
    expect(text.out).toContain('connection refused');
    expect(text.out).not.toMatch(/glpat-\w/);
    const json = await cli(['scan', '-', '--format', 'json'], `${lines.join('\n')}\n`);
    const report = JSON.parse(json.out) as { matches: { text: string }[]; unexplained: { template: string; example: string }[] };
    expect(report.matches.length).toBeGreaterThan(0);
    expect(report.unexplained.length).toBeGreaterThan(0);
    expect(json.out).not.toContain('glpat-');
    // The template is made again from the redacted example: masking digits inside the token cannot hide it.
    expect(report.unexplained[0]!.template).toContain('[REDACTED:gitlab-token]');
  });

  it('diff: a JUnit message cut at 140 characters leaves no prefix of the token', async () => {
    const message = `${'w'.repeat(110)} Authorization: Bearer ${GHP} rejected`;
    const suite = (failure: boolean) =>
      `<testsuites><testsuite name="s"><testcase classname="c" name="t">${failure ? `<failure message="${message}">${message}</failure>` : ''}</testcase></testsuite></testsuites>`;
    writeFileSync(join(cwd, 'base.xml'), suite(false));
    writeFileSync(join(cwd, 'current.xml'), suite(true));
    const r = await cli(['diff', 'base.xml', 'current.xml']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('New failures');
    expect(r.out).not.toMatch(/ghp_\w/);
    expect(r.out).not.toContain(GHP.slice(-12));
  });

  it('signatures new drafts from the redacted line', async () => {
    const r = await cli(['signatures', 'new', '--from-line', `2026-06-15T08:31:02Z ERROR push rejected for ${GHP}`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[REDACTED:github-token]');
    expect(r.out).not.toContain(GHP.slice(4, 16));
  });
});
