import { describe, expect, it } from 'vitest';
import { lineLevel } from '../../src/signatures/line-about';

describe('lineLevel', () => {
  it.each([
    ['{"level":"error","time":"2026-05-19T02:20:20.313Z","msg":"create lock: already exists"}', 'error'],
    ['time=2026-05-19T02:20:18.217Z level=WARN msg="reconcile-api not reachable yet, retrying"', 'warn'],
    ['E0613 10:02:11.123456       1 reflector.go:138] failed to list *v1.Pod: pods is forbidden', 'error'],
    ['W0613 10:02:11.123456       1 lease.go:12] failed to renew lease, retrying', 'warn'],
    ['2026-06-15 09:04:14.700 [main] ERROR c.e.Payments - charge failed', 'error'],
    ['[otel.javaagent 2026-06-15 09:04:14:700 +0000] [BatchSpanProcessor_WorkerThread-1] WARN io.opentelemetry.exporter - Failed to export spans', 'warn'],
    ['Error from server (Forbidden): pods is forbidden', undefined],
    ['npm ERR! code EINTEGRITY', undefined],
  ])('reads %s as %s', (line, level) => {
    expect(lineLevel(line)).toBe(level);
  });
});
