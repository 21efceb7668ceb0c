import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandKind, commandSpec } from '../../src/checks/kinds/command';
import { alive, run, tempDir } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const command = (spec: Record<string, unknown>) => commandKind.create(commandSpec.parse({ kind: 'command', ...spec }), 'auth-config', 0);

describe('command check', () => {
  it('passes on the expected exit code and output, keeping the last lines as evidence', async () => {
    const check = command({ argv: ['node', '-e', 'for (let i = 1; i <= 30; i++) console.log("line " + i); console.error("ready")'], outputMatches: '^ready$' });
    const result = await run(check);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('node exited 0: ready');
    expect(result.evidence).toHaveLength(15);
    expect(result.evidence.at(-1)).toMatchObject({
      text: 'ready',
      source: `$ node -e 'for (let i = 1; i <= 30; i++) console.log("line " + i); console.error("ready")'`,
    });
    expect(result.replay).toBe(`node -e 'for (let i = 1; i <= 30; i++) console.log("line " + i); console.error("ready")'`);
  });

  it('fails an unexpected exit code', async () => {
    const result = await run(command({ argv: ['node', '-e', 'console.log("no such tenant"); process.exit(3)'] }));
    expect(result).toMatchObject({ status: 'fail', summary: 'node exited 3, expected exit 0' });
  });

  it('fails output that has a forbidden pattern, quoting the line', async () => {
    const result = await run(command({ argv: ['node', '-e', 'console.log("ok\\nWARN token expires in 2m")'], outputMustNotMatch: 'expires in \\d+m' }));
    expect(result).toMatchObject({ status: 'fail', summary: 'node exited 0, output has /expires in \\d+m/: WARN token expires in 2m' });
  });

  it('reports a missing binary as an error naming it', async () => {
    const result = await run(command({ argv: ['no-such-binary-xyz', '--version'] }));
    expect(result).toMatchObject({ status: 'error', summary: 'binary not found: no-such-binary-xyz' });
  });

  it('runs argv without a shell', async () => {
    const result = await run(command({ argv: ['node', '-e', 'console.log(process.argv[1])', '$(echo injected); echo twice'] }));
    expect(result.evidence.map((e) => e.text)).toEqual(['$(echo injected); echo twice']);
    expect(result.replay).toBe(`node -e 'console.log(process.argv[1])' '$(echo injected); echo twice'`);
  });

  it('gives the process no stdin, so a reader sees end of input instead of hanging', async () => {
    const result = await run(
      command({ argv: ['node', '-e', 'let n = 0; process.stdin.on("data", (c) => (n += c.length)).on("end", () => console.log("eof after " + n))'] }),
      { timeoutMs: 5000 },
    );
    expect(result).toMatchObject({ status: 'pass', summary: 'node exited 0: eof after 0' });
  });

  it('kills a process that outlives its deadline and keeps what it printed', async () => {
    // sh, not node: it prints at once even on a loaded machine, well before the deadline.
    const result = await run(command({ argv: ['sh', '-c', 'echo "pid $$"; exec sleep 60'] }), { timeoutMs: 2000 });
    expect(result.status).toBe('error');
    expect(result.summary).toBe('sh killed by SIGTERM after the 1.8s deadline');
    const pid = Number(/pid (\d+)/.exec(result.evidence[0]!.text)![1]);
    expect(alive(pid)).toBe(false);
  });

  it('kills a process that ignores SIGTERM', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const pidFile = join(tmp.dir, 'pid');
    const script = `process.on("SIGTERM", () => {}); require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    const result = await run(command({ argv: ['node', '-e', script] }), { timeoutMs: 1500 });
    expect(result.status).toBe('error');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // SIGKILL follows SIGTERM after a grace second.
    for (let i = 0; i < 40 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it('runs in a working directory relative to the plan', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    writeFileSync(join(tmp.dir, 'VERSION'), '1.4.2\n');
    const result = await run(
      command({ argv: ['node', '-e', 'console.log(require("fs").readFileSync("VERSION", "utf8").trim())'], outputMatches: '^1\\.4\\.2$' }),
      { baseDir: tmp.dir },
    );
    expect(result.status).toBe('pass');
    expect(result.replay).toMatch(/^cd \/tmp\/triage-checks-\w+ && node -e /);
  });
});
