// A bundle's logs read directly (pods found by index, logs/ listed once) answer as the HTTP
// replay answers them: the same text for every container instance of every pod, and the same
// refusals (no such pod, no such container, no previous instance, a container still waiting).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logFile } from '../../src/kube/bundle';
import { BundleCluster } from '../../src/kube/client-bundle';
import type { KubeObject, PodLogOptions } from '../../src/model/cluster';

const BUNDLES = ['fixtures/demo-bundle', 'fixtures/incidents/expired-cert/bundle'].map((b) => resolve(b));
const opened: BundleCluster[] = [];
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
});

const answer = (read: Promise<string>) =>
  read.then(
    (text) => ({ text }),
    (error: Error) => ({ error: error.message }),
  );

describe('the logs of a bundle read directly', () => {
  for (const dir of BUNDLES) {
    it(`answer as the replay does: ${dir.split('/fixtures/')[1]}`, { timeout: 60_000 }, async () => {
      const cluster = new BundleCluster(dir);
      opened.push(cluster);
      const live = await cluster.client();
      const pods = (await cluster.list('pods', '')).items as (KubeObject & { spec?: { containers?: { name: string }[] } })[];
      const asked: [string, string, PodLogOptions][] = [['nowhere', 'no-such-pod', { container: 'x' }]];
      for (const pod of pods) {
        const ns = pod.metadata.namespace!;
        asked.push([ns, pod.metadata.name, { container: '' }], [ns, pod.metadata.name, { container: 'no-such-container' }]);
        for (const c of pod.spec?.containers ?? []) {
          for (const previous of [false, true]) asked.push([ns, pod.metadata.name, { container: c.name, previous, timestamps: true, tailLines: 5 }]);
          const file = logFile(dir, ns, pod.metadata.name, c.name);
          expect(cluster.reader.logFileOf(ns, pod.metadata.name, c.name, false)).toBe(existsSync(file) ? file : undefined);
        }
      }
      let texts = 0;
      for (const [ns, pod, options] of asked) {
        const direct = await answer(cluster.podLog(ns, pod, options));
        expect(direct, `${ns}/${pod} ${JSON.stringify(options)}`).toEqual(await answer(live.podLog(ns, pod, options)));
        if ('text' in direct && direct.text) texts++;
      }
      expect(texts).toBeGreaterThan(0);
      // What a trace streams: the bundle's file, else what a full read answers without one ('' or its error).
      for (const [ns, pod, options] of asked) {
        if (!options.container || options.tailLines === undefined) continue;
        const previous = options.previous === true;
        const full = await answer(cluster.podLog(ns, pod, { container: options.container, previous, timestamps: true }));
        let streamed;
        try {
          const file = cluster.reader.traceLogFile(ns, pod, options.container, previous);
          streamed = file ? { file } : { text: '' };
        } catch (error) {
          streamed = { error: (error as Error).message };
        }
        const file = cluster.reader.logFileOf(ns, pod, options.container, previous);
        expect(streamed, `${ns}/${pod} ${JSON.stringify(options)}`).toEqual(file ? { file } : full);
      }
    });
  }
});

describe('a log file name', () => {
  it('is what path.join makes of it, plain names or not', () => {
    const names = ['shop', 'api-7d9f-x2', '', '.', '..', 'a/b', '../up', 'x.y', ' ', 'a\\b'];
    for (const dir of ['/bundle', '/bundle/', 'rel/./b', '/', '/a/../b', 'b//c'])
      for (const ns of names)
        for (const pod of names)
          for (const container of names)
            for (const previous of [false, true])
              expect(logFile(dir, ns, pod, container, previous)).toBe(join(dir, 'logs', ns, pod, `${container}${previous ? '.previous' : ''}.log`));
  });
});
