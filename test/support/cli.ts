// The CLI run in-process as a command line would run it: no terminal, output collected.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';

export async function runCli(argv: string[], where: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), isTTY: false, env: where.env ?? {}, cwd: where.cwd ?? process.cwd() };
  const code = await main(argv, io);
  return { code, out, err };
}
