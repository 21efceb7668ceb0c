// `triage trace --bundle` in the built CLI parses the bundle's pods and events in a worker
// thread (src/trace/sources/bundle-lists.ts); in this process (a TypeScript runner) they are
// read in the thread. Both must answer alike: the same timeline, and the same one-line error
// for a damaged file.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binary, removeTempDirs, tempDir } from '../faults/support';
import { runCli } from '../support/cli';
import { readList } from '../../src/kube/bundle';
import { readTraceEvents, readTracePods, tracePod } from '../../src/trace/sources/bundle-lists';
import { eventRecordsInOrder } from '../../src/trace/sources/event-record';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const DEMO = join(process.cwd(), 'fixtures/demo-bundle');

afterAll(() => removeTempDirs());

function damaged(file: string, edit: (v: { items: unknown[] }) => unknown): string {
  const dir = tempDir('triage-trace-worker-');
  cpSync(DEMO, join(dir, 'b'), { recursive: true });
  const path = join(dir, 'b', 'resources', file);
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')) as { items: unknown[] }), null, 1));
  return dir;
}

describe('trace --bundle with the lists read in a worker', () => {
  it('cuts the pods and makes the event records as the thread does', () => {
    const pods = readList(join(DEMO, 'resources/pods.json')).items;
    const read = readTracePods(join(DEMO, 'resources/pods.json'))!;
    expect(read.pods).toEqual(pods.map(tracePod));
    expect(read.pods.map((p) => p.metadata.name)).toEqual(pods.map((p) => p.metadata.name));
    const events = readTraceEvents(join(DEMO, 'resources/events.json'))!;
    expect(events.events.map((e) => e.record)).toEqual(eventRecordsInOrder(readList(join(DEMO, 'resources/events.json')).items));
    // Not read as it is (a null event): left to the thread, which names the item.
    const dir = damaged('events.json', (v) => ({ ...v, items: [null, ...v.items] }));
    expect(readTraceEvents(join(dir, 'b', 'resources/events.json'))).toBeUndefined();
  });

  it.each([
    ['all of it', ['--format', 'json']],
    ['one namespace', ['-n', 'shop', '--format', 'json']],
    ['a selector and one namespace of events', ['--source', 'pods:shop/app=payments-worker', '--source', 'events:shop', '--format', 'json']],
    ['ids found beside it', ['--follow-related', '--format', 'json']],
  ])('answers %s as the thread does', async (_name, extra) => {
    const args = ['trace', ID, '--bundle', DEMO, ...extra];
    const [built, inThread] = await Promise.all([binary(args, { cwd: process.cwd(), limitMs: 60_000 }), runCli(args)]);
    expect({ code: built.code, stderr: built.stderr }).toEqual({ code: inThread.code, stderr: inThread.err });
    expect(built.stdout).toBe(inThread.out);
  }, 90_000);

  it.each([
    ['a null event', 'events.json', (v: { items: unknown[] }) => ({ ...v, items: [...v.items.slice(0, 2), null, ...v.items.slice(2)] }), /b\/resources\/events\.json:\d+: items\[2\]: /],
    [
      'a pod without a name',
      'pods.json',
      (v: { items: unknown[] }) => ({ ...v, items: v.items.map((p, i) => (i === 1 ? { ...(p as object), metadata: { namespace: 'shop' } } : p)) }),
      /b\/resources\/pods\.json:\d+: items\[1\]\.metadata\.name: /,
    ],
  ])('stops at %s with one line naming the file, the item and the field (exit 2)', async (_name, file, edit, says) => {
    const dir = damaged(file, edit);
    const run = await binary(['trace', ID, '--bundle', 'b'], { cwd: dir, limitMs: 60_000 });
    expect({ code: run.code, hung: run.hung }).toEqual({ code: 2, hung: false });
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(says);
  }, 90_000);
});
