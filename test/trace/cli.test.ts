import { describe, expect, it } from 'vitest';
import { filesIn, triage } from './support';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const DEMO = 'fixtures/demo-bundle';

describe('triage trace on the demo bundle', () => {
  it('lists the services in the order crossed, includes the previous instance, and stops at the OOM-killed pod', async () => {
    const { code, out, err } = await triage(['trace', ID, '--bundle', DEMO, '--format', 'json']);
    expect(err).toBe('');
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['trace', 'sources', 'entries', 'firstError', 'stopsAt']));
    const order = json.services.map((s: { name: string }) => s.name);
    expect(order.indexOf('api-gateway')).toBeLessThan(order.indexOf('checkout'));
    expect(order.indexOf('checkout')).toBeLessThan(order.indexOf('payments-worker'));
    const fromPrevious = json.entries.filter((e: { source: { previous?: boolean } }) => e.source.previous === true);
    expect(fromPrevious.map((e: { text: string }) => e.text).join('\n')).toContain('loading settlement batch');
    expect(json.stopsAt.source).toEqual({
      kind: 'pod',
      namespace: 'shop',
      pod: 'payments-worker-5c8d7b9f4-x7k2m',
      container: 'payments-worker',
      previous: true,
    });
    expect(json.stopsAt.service).toBe('payments-worker');
    expect(json.firstError.text).toContain('OOMKilled');
    expect(Object.keys(json.entries[0]).slice(0, 5)).toEqual(['time', 'source', 'text', 'inferred', 'error']);
    expect(code).toBe(1);
  });

  it('prints a readable timeline with the first error and the stop called out', async () => {
    const { out } = await triage(['trace', ID, '--bundle', DEMO]);
    expect(out).toMatch(/^path {2}api-gateway → checkout → .*payments-worker ■/m);
    expect(out).toMatch(/loading settlement batch.*◀ stops here/);
    expect(out).toMatch(/OOMKilled.*◀ first error/);
    expect(out).toMatch(
      /^stops at {5}payments-worker — shop\/payments-worker-5c8d7b9f4-x7k2m\/payments-worker \(previous\) at 2026-06-15T09:02:03\.412837890Z, 10m1s before the end of the window$/m,
    );
  });

  it('reads nothing older than --since before the capture', async () => {
    const { code, out } = await triage(['trace', ID, '--bundle', DEMO, '--since', '5m', '--format', 'json']);
    expect(JSON.parse(out)).toMatchObject({ entries: [], stopsAt: null, window: { since: '2026-06-15T09:07:04.000Z' } });
    expect(code).toBe(1);
  });
});

describe('triage trace', () => {
  it('exits 0 when the trace crosses every planned service without an error', async () => {
    const dir = filesIn({
      'triage.yaml': ['trace:', '  services: [gateway, worker]'],
      'gateway.log': [`2021-03-09T08:00:00Z accepted ${ID}`],
      'worker.log': [`2021-03-09T08:00:01Z done ${ID}`],
    });
    const { code, out } = await triage(['trace', ID, '--source', 'file:gateway.log', '--source', 'file:worker.log'], dir);
    expect(out).toMatch(/^first error {2}none on the trace$/m);
    expect(code).toBe(0);
  });

  it('exits 1 when the trace stops short of a planned service', async () => {
    const dir = filesIn({
      'triage.yaml': ['trace:', '  services: [gateway, worker]', '  sources: [file:gateway.log]'],
      'gateway.log': [`2021-03-09T08:00:00Z accepted ${ID}`],
    });
    const { code, out } = await triage(['trace', ID, '--format', 'json'], dir);
    expect(JSON.parse(out).stopsAt).toMatchObject({ service: 'gateway', neverSeen: ['worker'] });
    expect(code).toBe(1);
  });

  it("redacts secrets on the lines it prints, with the plan's own patterns too", async () => {
    const dir = filesIn({
      'triage.yaml': ['redact:', '  patterns:', "    - { name: order-pin, regex: 'pin=(?<secret>\\d+)' }"],
      'app.log': [`2021-03-09T08:00:00Z login ${ID} password=hunter2 pin=4242`],
    });
    for (const format of ['json', 'text']) {
      const { out } = await triage(['trace', ID, '--source', 'file:app.log', '--format', format], dir);
      expect(out).toContain('password=[REDACTED:password]');
      expect(out).toContain('pin=[REDACTED:order-pin]');
      expect(out).not.toMatch(/hunter2|4242/);
    }
  });

  it("reads a command's output: argv without a shell, and says when the command failed", async () => {
    const script = `console.log('2021-03-09T08:00:00Z from a command ${ID}'); console.error('2021-03-09T08:00:01Z on stderr ${ID}'); process.exit(3)`;
    const { out } = await triage(['trace', ID, '--source', `cmd:${JSON.stringify([process.execPath, '-e', script])}`, '--format', 'json'], filesIn({}));
    const json = JSON.parse(out);
    expect(json.entries.map((e: { text: string }) => e.text)).toEqual([`2021-03-09T08:00:00Z from a command ${ID}`, `2021-03-09T08:00:01Z on stderr ${ID}`]);
    expect(json.sources[0].problem).toMatch(/exit code 3/);
  });

  it('reads the system-out and system-err of JUnit test cases, timed from the suite', async () => {
    const dir = filesIn({
      'report.xml': `<?xml version="1.0"?>
<testsuite name="checkout" timestamp="2021-03-09T08:00:00Z" tests="1">
  <testcase name="pays an order" classname="e2e">
    <failure message="timed out">TimeoutError</failure>
    <system-out>placing order for ${ID}
2021-03-09T08:00:05Z still waiting on ${ID}</system-out>
  </testcase>
</testsuite>`,
    });
    const { out } = await triage(['trace', ID, '--source', 'junit:report.xml', '--format', 'json'], dir);
    expect(
      JSON.parse(out).entries.map((e: { time: string; inferred: boolean; source: { testcase: string } }) => [e.time, e.inferred, e.source.testcase]),
    ).toEqual([
      ['2021-03-09T08:00:00.000Z', true, 'checkout › pays an order'],
      ['2021-03-09T08:00:05.000Z', false, 'checkout › pays an order'],
    ]);
  });

  it.each([
    [['trace'], /give the trace id/],
    [['trace', ID, '--source', 'nope:x'], /nope:x: source: unknown source; expected one of file:, dir:/],
    [['trace', ID, '--source', 'file:missing.log'], /no such file or directory/],
    [['trace', ID, '--source', 'cmd:ls -l'], /JSON array of strings/],
    [['trace', ID, '--source', 'pods:shop'], /pod logs need a cluster/],
    [['trace', ID, '--source', 'postgres://x@127.0.0.1/db'], /trace\.postgres: a postgres source needs/],
    [['trace', ID, '--since', 'yesterday', '--source', 'dir:.'], /--since must be a duration/],
    [['trace', ID], /nothing to read/],
  ])('rejects bad input with exit 2: %j', async (argv, message) => {
    const { code, err } = await triage(argv, filesIn({}));
    expect(err).toMatch(message);
    expect(code).toBe(2);
  });

  it('documents every source kind in --help', async () => {
    const { out } = await triage(['trace', '--help']);
    for (const spec of ['file:PATH', 'dir:PATH', 'pod:NS/NAME', 'pods:NS[/SELECTOR]', 'events:NS', 'cmd:', 'postgres:URL', 'redis:URL', 'junit:PATH'])
      expect(out).toContain(spec);
  });
});
