// Shared by the replay, capture and access tests: the mini bundle, a real kubectl run
// against a replay, and temp directories that are always removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startReplay, type ReplayServer } from '../../src/kube/replay/server';

export const MINI = join(import.meta.dirname, '../../fixtures/bundles/mini');
export const DEMO = join(import.meta.dirname, '../../fixtures/demo-bundle');

const dirs: string[] = [];

export function tempDir(prefix = 'triage-kube-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface Replayed {
  server: ReplayServer;
  kubeconfig: string;
  /** Runs the real kubectl against the replay; never rejects. */
  kubectl(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

export async function replay(bundle: string): Promise<Replayed> {
  const server = await startReplay(bundle);
  const home = tempDir('triage-kubectl-');
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  return {
    server,
    kubeconfig,
    kubectl: async (...args) => {
      const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), ...args], {
        reject: false,
        stdin: 'ignore',
        timeout: 20_000,
        env: { HOME: home, PATH: process.env.PATH ?? '' },
        extendEnv: false,
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
  };
}

/** The NAME column (or the column given) of kubectl's table output. */
export function column(table: string, name = 'NAME'): string[] {
  const [header, ...rows] = table.trimEnd().split('\n');
  const start = header!.indexOf(name);
  return rows.map((r) => r.slice(start).split(/\s{2,}|\s(?=\S+$)/)[0]!.trim().split(/\s+/)[0]!);
}
