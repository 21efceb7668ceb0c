import { describe, expect, it } from 'vitest';
import { formatInstant, fromParts } from '../../src/trace/instant';
import { parseTimestamp } from '../../src/trace/timestamps';

const context = { referenceMs: Date.parse('2021-06-01T00:00:00Z') };
const at = (line: string, ref = context) => {
  const stamp = parseTimestamp(line, ref);
  return stamp && { format: stamp.format, time: formatInstant(stamp) };
};

describe('timestamp formats', () => {
  it.each([
    ['RFC 3339 with nanoseconds and an offset', '2021-03-09T08:16:54.123456789+02:00 started', 'rfc3339', '2021-03-09T06:16:54.123456789Z'],
    ['RFC 3339 in UTC with milliseconds, tab-separated', '2021-03-09T08:16:54.5Z\tstarted', 'rfc3339', '2021-03-09T08:16:54.500Z'],
    ['ISO 8601 with a space, a comma fraction and no zone (Python)', '2021-03-09 08:16:54,123 INFO started', 'rfc3339', '2021-03-09T08:16:54.123Z'],
    ['an offset without a colon', '2021-03-09T08:16:54-0530 x', 'rfc3339', '2021-03-09T13:46:54.000Z'],
    ['PostgreSQL text output (+00)', '2021-03-09 08:16:54.123456+00', 'rfc3339', '2021-03-09T08:16:54.123456Z'],
    ['RFC 3339 inside a bracket', '[2021-03-09T08:16:54Z] started', 'rfc3339', '2021-03-09T08:16:54.000Z'],
    ['RFC 3339 in the middle of a line', 'worker-1 | 2021-03-09T08:16:54+01:00 started', 'rfc3339', '2021-03-09T07:16:54.000Z'],
    ['the kubectl --timestamps prefix', '2021-03-09T08:16:54.123456789Z {"msg":"x"}', 'kubectl', '2021-03-09T08:16:54.123456789Z'],
    ['klog', 'I0309 08:16:54.123456   1 server.go:42] started', 'klog', '2021-03-09T08:16:54.123456Z'],
    ['klog error level', 'E0309 08:16:54.000001   1 server.go:42] failed', 'klog', '2021-03-09T08:16:54.000001Z'],
    ["Go's log package", '2021/03/09 08:16:54 listening on :8080', 'go', '2021-03-09T08:16:54.000Z'],
    ["Go's log package with microseconds", '2021/03/09 08:16:54.000250 listening', 'go', '2021-03-09T08:16:54.000250Z'],
    ['syslog with a padded day', 'Mar  9 08:16:54 host app[12]: started', 'syslog', '2021-03-09T08:16:54.000Z'],
    ['syslog with a priority', '<34>Mar 19 08:16:54 host su: failed', 'syslog', '2021-03-19T08:16:54.000Z'],
    ['an nginx access log', '10.0.0.1 - - [09/Mar/2021:08:16:54 +0100] "GET /x HTTP/1.1" 200 12', 'access-log', '2021-03-09T07:16:54.000Z'],
    ['an Apache access log with a negative offset', '::1 - bob [09/Mar/2021:03:16:54 -0500] "POST / HTTP/1.1" 503 0', 'access-log', '2021-03-09T08:16:54.000Z'],
    ['epoch seconds with a fraction in ts', '{"ts":1615277814.123456,"msg":"x"}', 'json', '2021-03-09T08:16:54.123456Z'],
    ['epoch milliseconds in time', '{"level":"info","time":1615277814123}', 'json', '2021-03-09T08:16:54.123Z'],
    ['epoch microseconds in timestamp', '{"timestamp":1615277814123456}', 'json', '2021-03-09T08:16:54.123456Z'],
    ['epoch nanoseconds kept exact beyond 2^53', '{"timestamp":1615277814123456789}', 'json', '2021-03-09T08:16:54.123456789Z'],
    ['RFC 3339 text in @timestamp', '{"@timestamp":"2021-03-09T08:16:54.5+01:00","message":"x"}', 'json', '2021-03-09T07:16:54.500Z'],
    ['epoch seconds as a string', '{"time":"1615277814"}', 'json', '2021-03-09T08:16:54.000Z'],
    ['logfmt ts= with RFC 3339', 'level=info ts=2021-03-09T08:16:54.123Z msg="started"', 'logfmt', '2021-03-09T08:16:54.123Z'],
    ['logfmt ts= with epoch seconds', 'level=warn ts=1615277814.25 caller=main.go:12', 'logfmt', '2021-03-09T08:16:54.250Z'],
  ])('parses %s', (_what, line, format, time) => {
    expect(at(line)).toEqual({ format, time });
  });

  it('takes the year of formats without one from the context, the year before when the date would lie ahead', () => {
    const january = { referenceMs: Date.parse('2022-01-02T00:00:00Z') };
    expect(at('I1231 23:59:59.000000   1 x.go:1] late', january)?.time).toBe('2021-12-31T23:59:59.000Z');
    expect(at('Dec 31 23:59:59 host app: late', january)?.time).toBe('2021-12-31T23:59:59.000Z');
    expect(at('Jan  1 00:00:01 host app: early', january)?.time).toBe('2022-01-01T00:00:01.000Z');
  });

  it('finds no time on a line without one', () => {
    expect(at('    at com.example.Main.run(Main.java:42)')).toBeUndefined();
    expect(at('{"msg":"no time here","count":12}')).toBeUndefined();
    expect(at('order 2021-13-45 is not a date')).toBeUndefined();
  });

  it('tries the format that matched last first, and still finds another', () => {
    const hint = { format: -1 };
    parseTimestamp('I0309 08:16:54.000000   1 a.go:1] x', context, hint);
    const klogIndex = hint.format;
    expect(klogIndex).toBeGreaterThanOrEqual(0);
    expect(formatInstant(parseTimestamp('2021/03/09 08:16:55 y', context, hint)!)).toBe('2021-03-09T08:16:55.000Z');
    expect(hint.format).not.toBe(klogIndex);
  });
});

describe('fromParts', () => {
  it('reads a fraction of any length as milliseconds and nanoseconds, digits past nine ignored', () => {
    expect(fromParts(1, '')).toEqual({ ms: 1000, ns: 0 });
    expect(fromParts(1, '5')).toEqual({ ms: 1500, ns: 0 });
    expect(fromParts(1, '1234')).toEqual({ ms: 1123, ns: 400000 });
    expect(fromParts(1, '123456789')).toEqual({ ms: 1123, ns: 456789 });
    expect(fromParts(1, '123456789999')).toEqual({ ms: 1123, ns: 456789 });
  });
});
