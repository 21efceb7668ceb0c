// A bundle read directly parses a resource file only when something first reads that kind:
// every file but pods.json and events.json is made unparseable here, and a list of pods, a
// trace over pods and events and the namespaces inferred without namespaces.json still
// answer — while the first read of a broken kind names its file, as a validated read would,
// and the replay server still refuses the bundle at start.
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors';
import { BundleCluster } from '../../src/kube/client-bundle';
import { readList } from '../../src/kube/bundle';
import { startReplay } from '../../src/kube/replay/server';
import { runCli } from '../support/cli';
import { MINI, removeTempDirs, tempDir } from './support';

const READ = ['pods.json', 'events.json'];
/** The id the mini bundle's logs and events carry. */
const TRACE = '7a3f5c9e1b2d4f6a8c0e2b4d6f8a0c1e';
const opened: BundleCluster[] = [];
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  removeTempDirs();
});

/** The mini bundle with every resource file but pods and events cut off mid-item. */
function bundleWithBrokenKinds(): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(MINI, dir, { recursive: true });
  for (const name of readdirSync(join(dir, 'resources'))) {
    if (!READ.includes(name)) writeFileSync(join(dir, 'resources', name), '{"apiVersion": "v1",\n "kind": "List",\n "items": [ {\n');
  }
  return dir;
}

describe('a bundle read directly parses only the kinds asked for', () => {
  it('lists pods and events without parsing the other files, and names a broken file when its kind is read', async () => {
    const dir = bundleWithBrokenKinds();
    const cluster = new BundleCluster(dir);
    opened.push(cluster);
    expect((await cluster.probe()).reachable).toBe(true);

    const pods = await cluster.list('pods', '', 'shop');
    expect(pods.items.map((p) => p.metadata.name)).toEqual(
      readList(join(MINI, 'resources/pods.json'))
        .items.filter((p) => p.metadata.namespace === 'shop')
        .map((p) => p.metadata.name),
    );
    expect((await cluster.list('events', '')).items.length).toBe(readList(join(MINI, 'resources/events.json')).items.length);

    const read = cluster.list('deployments', 'apps', 'shop');
    await expect(read).rejects.toBeInstanceOf(InputError);
    await expect(read).rejects.toThrow(`${join(dir, 'resources/deployments.apps.json')}:4: malformed JSON`);
    // Asked again, the file is read again and says so again: a failed parse is not kept as an empty kind.
    await expect(cluster.list('deployments', 'apps')).rejects.toThrow(/deployments\.apps\.json:4: malformed JSON/);
  });

  it('infers the namespaces of a bundle without namespaces.json from the kinds it has, when they are asked for', async () => {
    const dir = join(tempDir(), 'bundle');
    cpSync(MINI, dir, { recursive: true });
    rmSync(join(dir, 'resources/namespaces.json'));
    const cluster = new BundleCluster(dir);
    opened.push(cluster);
    const names = (await cluster.list('namespaces', '')).items.map((n) => n.metadata.name);
    const inFiles = new Set(['shop', 'batch']);
    for (const file of readdirSync(join(dir, 'resources')))
      for (const item of readList(join(dir, 'resources', file)).items) if (item.metadata.namespace) inFiles.add(item.metadata.namespace);
    expect(names).toEqual([...inFiles].sort());
  });

  it('traces through pods and events alone, while the replay server refuses the same bundle at start', { timeout: 60_000 }, async () => {
    const dir = bundleWithBrokenKinds();
    const traced = await runCli(['trace', TRACE, '--bundle', dir, '--format', 'json']);
    const whole = await runCli(['trace', TRACE, '--bundle', MINI, '--format', 'json']);
    expect(traced.err).toBe('');
    expect(JSON.parse(traced.out).entries.length).toBeGreaterThan(0);
    expect(traced.out.replaceAll(dir, MINI)).toBe(whole.out);

    const refused = await startReplay(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).file).toMatch(/resources\/[a-z.]+\.json$/);
    expect(READ).not.toContain((refused as InputError).file!.split('/').at(-1));
  });
});
