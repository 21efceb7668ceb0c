import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/trace/instant';
import { parseSourceSpec } from '../../src/trace/sources';
import { runTrace, type TraceOptions } from '../../src/trace/timeline';
import { filesIn } from './support';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const END = Date.parse('2021-03-09T12:00:00Z');

async function traceFiles(dir: string, specs: string[], options: Partial<TraceOptions> = {}) {
  return runTrace({
    traceId: ID,
    sources: specs.map((s) => parseSourceSpec(s, { baseDir: dir, trace: undefined })),
    endMs: END,
    timeoutMs: 5000,
    signal: new AbortController().signal,
    ...options,
  });
}

describe('the merged timeline', () => {
  it('puts lines of five formats with mixed offsets in true time order', async () => {
    const dir = filesIn({
      // 10:00:03+02:00 is 08:00:03Z: written later in wall-clock text than the others, yet third.
      'rfc.log': [`2021-03-09T10:00:03+02:00 rfc third trace=${ID}`],
      // 03:00:00-05:00 is 08:00:00Z: the earliest, though its text says 03:00.
      'access.log': [`10.0.0.1 - - [09/Mar/2021:03:00:00 -0500] "GET /first?trace=${ID} HTTP/1.1" 200 1`],
      'klog.log': [`I0309 08:00:02.500000   1 h.go:1] klog second-and-a-half ${ID}`, `I0309 08:00:05.000000   1 h.go:2] klog last ${ID}`],
      'json.log': [`{"time":1615276801000,"msg":"json second","trace_id":"${ID}"}`],
      'syslog.log': [`Mar  9 08:00:04 host app[1]: syslog fourth ${ID}`],
    });
    const result = await traceFiles(dir, ['file:rfc.log', 'file:access.log', 'file:klog.log', 'file:json.log', 'file:syslog.log']);
    expect(result.entries.map((e) => formatInstant(e.time))).toEqual([
      '2021-03-09T08:00:00.000Z',
      '2021-03-09T08:00:01.000Z',
      '2021-03-09T08:00:02.500Z',
      '2021-03-09T08:00:03.000Z',
      '2021-03-09T08:00:04.000Z',
      '2021-03-09T08:00:05.000Z',
    ]);
    expect(result.entries.map((e) => (e.source.kind === 'file' ? e.source.path : ''))).toEqual([
      'access.log',
      'json.log',
      'klog.log',
      'rfc.log',
      'syslog.log',
      'klog.log',
    ]);
  });

  it('orders by nanoseconds within one millisecond and keeps source order for equal instants', async () => {
    const dir = filesIn({
      'a.log': [`2021-03-09T08:00:00.000000900Z a-late ${ID}`, `2021-03-09T08:00:01Z a-tie ${ID}`],
      'b.log': [`2021-03-09T08:00:00.000000100Z b-early ${ID}`, `2021-03-09T08:00:01Z b-tie ${ID}`],
    });
    const result = await traceFiles(dir, ['file:a.log', 'file:b.log']);
    expect(result.entries.map((e) => e.text.split(' ')[1])).toEqual(['b-early', 'a-late', 'a-tie', 'b-tie']);
  });

  it("gives a line without a time its predecessor's, marked inferred, even across read blocks", async () => {
    const padding = Array.from({ length: 3000 }, (_, i) => `no time on this padding line number ${i} ${'x'.repeat(20)}`);
    const dir = filesIn({
      'app.log': [
        `2021-03-09T08:00:00Z start ${ID}`,
        `2021-03-09T08:00:07Z something else`,
        `    at handler (${ID})`,
        `2021-03-09T08:00:09Z before padding`,
        ...padding,
        `    caused by ${ID} after 100 KiB of lines without a time`,
      ],
    });
    const result = await traceFiles(dir, ['file:app.log']);
    expect(result.entries.map((e) => [formatInstant(e.time), e.inferred])).toEqual([
      ['2021-03-09T08:00:00.000Z', false],
      ['2021-03-09T08:00:07.000Z', true],
      ['2021-03-09T08:00:09.000Z', true],
    ]);
  });

  it('places a line with no time anywhere before it at the end of the window, marked inferred', async () => {
    const dir = filesIn({ 'bare.log': [`just ${ID}`] });
    const result = await traceFiles(dir, ['file:bare.log']);
    expect(result.entries[0]).toMatchObject({ inferred: true, time: { ms: END, ns: 0 } });
  });

  it('puts a slightly out-of-order source back in order', async () => {
    const dir = filesIn({
      'jumbled.log': [`2021-03-09T08:00:02Z two ${ID}`, `2021-03-09T08:00:01Z one ${ID}`, `2021-03-09T08:00:03Z three ${ID}`],
    });
    const result = await traceFiles(dir, ['file:jumbled.log']);
    expect(result.entries.map((e) => e.text.split(' ')[1])).toEqual(['one', 'two', 'three']);
  });

  it('reads gzip files and whole directories, and keeps only lines that name the trace', async () => {
    const dir = filesIn({ 'logs/plain.log': [`2021-03-09T08:00:01Z plain ${ID}`, '2021-03-09T08:00:01Z other trace 0000'] });
    writeFileSync(join(dir, 'logs', 'rotated.log.1.gz'), gzipSync(`2021-03-09T08:00:00Z rotated ${ID}\n2021-03-09T08:00:00Z unrelated\n`));
    const result = await traceFiles(dir, ['dir:logs']);
    expect(result.entries.map((e) => e.text)).toEqual([`2021-03-09T08:00:00Z rotated ${ID}`, `2021-03-09T08:00:01Z plain ${ID}`]);
    expect(result.sources.map((s) => s.label)).toEqual(['logs/plain.log', 'logs/rotated.log.1.gz']);
  });

  it('reads twenty files at once under one signal without a listener-leak warning on stderr', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`logs/svc-${i}.log`, [`2021-03-09T08:00:${String(i).padStart(2, '0')}Z svc-${i} ${ID}`]]),
    );
    const dir = filesIn(files);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const result = await traceFiles(dir, ['dir:logs']);
      expect(result.entries).toHaveLength(20);
      // A warning is emitted on the next tick of the listener that crossed the limit.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('matches the id in other spellings but not inside a longer token', async () => {
    const dashed = '4bf92f35-77b3-4da6-a3ce-929d0e0e4736';
    const dir = filesIn({
      'app.log': [
        `2021-03-09T08:00:01Z upper ${ID.toUpperCase()}`,
        `2021-03-09T08:00:02Z dashed ${dashed}`,
        `2021-03-09T08:00:03Z glued x${ID}`,
        `2021-03-09T08:00:04Z traceparent 00-${ID}-00f067aa0ba902b7-01`,
      ],
    });
    const result = await traceFiles(dir, ['file:app.log']);
    expect(result.entries.map((e) => e.text.split(' ')[1])).toEqual(['upper', 'dashed', 'traceparent']);
  });

  it('lets ids on the same line join for one hop with --follow-related, saying why', async () => {
    const task = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const dir = filesIn({
      'api.log': [`2021-03-09T08:00:00Z enqueued trace_id=${ID} task_id=${task}`],
      'worker.log': [`2021-03-09T08:00:05Z picked up task_id=${task} job_id=11111111-2222-3333-4444-555555555555`, `2021-03-09T08:00:06Z unrelated`],
      'janitor.log': [`2021-03-09T08:00:09Z second hop job_id=11111111-2222-3333-4444-555555555555`],
    });
    const without = await traceFiles(dir, ['file:api.log', 'file:worker.log', 'file:janitor.log']);
    expect(without.entries).toHaveLength(1);
    const result = await traceFiles(dir, ['file:api.log', 'file:worker.log', 'file:janitor.log'], { followRelated: true });
    expect(result.entries.map((e) => e.text.split(' ')[1])).toEqual(['enqueued', 'picked']);
    expect(result.related).toEqual([{ id: task, why: `${task} was on the same line as the trace in api.log` }]);
    expect(result.entries[1]!.via).toContain(task);
  });
});

describe('where the trace stops', () => {
  const plan = ['gateway', 'checkout', 'payments', 'ledger'];

  it('names the furthest service reached and the ones after it that never saw the trace', async () => {
    const dir = filesIn({
      'gateway.log': [`2021-03-09T08:00:00Z POST /orders ${ID}`, `2021-03-09T08:00:30Z 504 upstream timed out ${ID}`],
      'checkout.log': [`2021-03-09T08:00:01Z order created ${ID}`],
      'payments.log': [`2021-03-09T08:00:02Z charging ${ID}`, `2021-03-09T08:00:03Z loading batch ${ID}`],
    });
    const result = await traceFiles(dir, ['file:gateway.log', 'file:checkout.log', 'file:payments.log'], { services: plan, gapMs: 10_000 });
    expect(result.services.map((s) => s.name)).toEqual(['gateway', 'checkout', 'payments']);
    // The gateway's later timeout does not move the stop back to the gateway.
    expect(result.stopsAt).toMatchObject({ service: 'payments', source: { kind: 'file', path: 'payments.log' }, neverSeen: ['ledger'] });
    expect(formatInstant(result.stopsAt!.time)).toBe('2021-03-09T08:00:03.000Z');
    expect(Math.round(result.stopsAt!.beforeEndMs)).toBe(END - Date.parse('2021-03-09T08:00:03Z'));
    expect(result.firstError?.text).toContain('504 upstream timed out');
    expect(result.gaps.map((g) => Math.round(g.ms))).toEqual([27_000]);
  });

  it('orders services by when they began: an access log line minus its duration', async () => {
    const dir = filesIn({
      'gateway.log': [`{"time":"2021-03-09T08:00:00.204Z","msg":"request","duration_ms":31,"trace_id":"${ID}"}`],
      'checkout.log': [`ts=2021-03-09T08:00:00.179Z msg="order created" trace_id=${ID}`],
    });
    const result = await traceFiles(dir, ['file:gateway.log', 'file:checkout.log']);
    expect(result.services.map((s) => s.name)).toEqual(['gateway', 'checkout']);
    expect(result.entries.map((e) => e.service)).toEqual(['checkout', 'gateway']);
  });

  it('keeps memory bounded: caps entries, keeps the earliest and the latest, counts the rest', async () => {
    const lines = Array.from(
      { length: 500 },
      (_, i) => `2021-03-09T08:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z line-${i} ${ID}`,
    );
    const dir = filesIn({ 'busy.log': lines });
    const result = await traceFiles(dir, ['file:busy.log'], { limit: 40 });
    expect(result.entries).toHaveLength(40);
    expect(result.dropped).toBe(460);
    expect(result.entries[0]!.text).toContain('line-0 ');
    expect(result.entries.at(-1)!.text).toContain('line-499 ');
    expect(result.services[0]!.entries).toBe(500);
  });

  it('has no stop when the trace is nowhere', async () => {
    const dir = filesIn({ 'a.log': ['2021-03-09T08:00:00Z nothing here'] });
    const result = await traceFiles(dir, ['file:a.log'], { services: plan });
    expect(result.stopsAt).toBeUndefined();
    expect(result.entries).toEqual([]);
  });
});

describe('line numbers', () => {
  it('counts empty lines and lines across read blocks', async () => {
    const filler = Array.from({ length: 4000 }, (_, i) => `2021-03-09T08:00:00Z filler ${i} ${'y'.repeat(30)}`);
    const dir = filesIn({ 'app.log': ['', `2021-03-09T08:00:00Z first ${ID}`, '', ...filler, `2021-03-09T08:00:01Z last ${ID}`] });
    const result = await traceFiles(dir, ['file:app.log']);
    expect(result.entries.map((e) => e.line)).toEqual([2, 4004]);
  });
});
