// The CLI run in-process as a command line would run it: no terminal, output collected.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/command';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `triage <argv>` in-process; `stdin` is what a pipe would give it (an empty one by default). */
export async function runCli(argv: string[], where: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  stdin.end(where.stdin ?? '');
  const io: Io = { stdout, stderr, stdin, isTTY: false, env: where.env ?? {}, cwd: where.cwd ?? process.cwd() };
  const code = await main(argv, io);
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}
