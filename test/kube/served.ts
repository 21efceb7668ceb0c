// `triage replay` as a person runs it: the built binary, serving until it is sent SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { execa } from 'execa';

const BIN = join(import.meta.dirname, '../../bin/triage.js');

export interface Served {
  banner: string;
  kubeconfig: string;
  kubectl(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export async function serveReplay(bundle: string, home: string, flags: string[] = []): Promise<Served> {
  const kubeconfig = join(home, `replay-${Date.now()}.kubeconfig`);
  const child: ChildProcess = spawn(process.execPath, [BIN, 'replay', bundle, '--write-kubeconfig', kubeconfig, ...flags], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  let banner = '';
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (errors += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      banner += d;
      if (banner.includes('Ctrl-C stops it.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`triage replay exited ${code}: ${banner}${errors}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    banner,
    kubeconfig,
    kubectl: async (...args) => {
      const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'kube-cache'), ...args], {
        reject: false,
        stdin: 'ignore',
        timeout: 20_000,
        env: { HOME: home, PATH: process.env.PATH ?? '' },
        extendEnv: false,
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}
