// A bundle's replay lines: in the workbench, asking for the kubectl flags starts the replay
// they reach, so a line pasted elsewhere runs; `triage run` only prints them and exits, so
// it starts no server for them, while a kubectl check still starts it before kubectl runs.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleCluster } from '../../src/kube/client-bundle';

const MINI = resolve('fixtures/bundles/mini');
const opened: BundleCluster[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function cluster(): BundleCluster {
  const c = new BundleCluster(MINI);
  opened.push(c);
  return c;
}

/** Until the kubeconfig the flags name is written (the server listens), or 5 s. */
async function written(file: string): Promise<boolean> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  return existsSync(file);
}

describe("a bundle's replay lines", () => {
  it('start the replay they reach when asked for in the workbench', async () => {
    const flags = cluster().kubectlFlags;
    expect(flags[0]).toBe('--kubeconfig');
    expect(await written(flags[1]!)).toBe(true);
  });

  it('are printed without a server when only printed, and a kubectl check still starts it', async () => {
    const c = cluster();
    c.serveReplayLines = false;
    const flags = c.kubectlFlags;
    await sleep(300);
    expect(existsSync(flags[1]!)).toBe(false);
    expect(existsSync(join(flags[1]!, '..'))).toBe(true);
    await c.serveKubectl();
    expect(existsSync(flags[1]!)).toBe(true);
  });
});
