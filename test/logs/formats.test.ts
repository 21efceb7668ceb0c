import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseLogLine } from '../../src/logs';
import { userPattern } from '../../src/logs/pattern';

// Lines as the demo bundle's containers wrote them (kubectl's timestamp prefix taken off).
const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/demo-bundle/logs/${path}`, import.meta.url), 'utf8')
    .split('\n')[0]!
    .replace(/^\S+ /, '');

describe('structured log lines', () => {
  it.each([
    [
      'json (logback)',
      '{"@timestamp":"2026-06-15T09:03:39.200Z","level":"INFO","thread":"main","logger":"c.e.payments.PaymentsWorkerApplication","message":"Starting PaymentsWorkerApplication v1.19.3"}',
      {
        format: 'json',
        time: '2026-06-15T09:03:39.200Z',
        level: 'INFO',
        message: 'Starting PaymentsWorkerApplication v1.19.3',
        fields: [
          ['thread', 'main'],
          ['logger', 'c.e.payments.PaymentsWorkerApplication'],
        ],
      },
    ],
    [
      'logfmt (cart)',
      fixture('shop/cart-84c7f9d6b5-9dsqw/cart.log'),
      {
        format: 'logfmt',
        time: '2026-06-15T08:37:58.133Z',
        level: 'INFO',
        message: 'item added',
        fields: [
          ['cart_id', 'c_6d0e29'],
          ['trace_id', '804a5b38b2be01fdea3a7f3c9e6558d0'],
        ],
      },
    ],
    [
      'klog structured (kube-proxy)',
      fixture('kube-system/kube-proxy-7nq4d/kube-proxy.log'),
      {
        format: 'klog',
        level: 'INFO',
        message: 'SyncProxyRules complete',
        fields: [
          ['source', 'proxier.go:816'],
          ['elapsed', '41.302113ms'],
        ],
      },
    ],
    [
      'zap console (otel collector)',
      fixture('monitoring/opentelemetry-kube-stack-deployment-collector-6d4f8b7c9-k7p4s/otc-container.log'),
      {
        format: 'zap',
        level: 'INFO',
        message: 'Memory usage is above soft limit. Forcing a GC.',
        fields: expect.arrayContaining([
          ['caller', 'memorylimiter/memorylimiter.go:204'],
          ['cur_mem_mib', '1250'],
        ]),
      },
    ],
  ])('reads %s apart: time, level and message first', (_name, line, expected) => {
    expect(parseLogLine(line)).toMatchObject(expected);
  });

  it('leaves plain text and a sentence with one = alone', () => {
    expect(parseLogLine('loaded 7 tests from suites/checkout')).toBeUndefined();
    expect(parseLogLine('expected a=b but got something else')).toBeUndefined();
    expect(parseLogLine('{not json')).toBeUndefined();
  });
});

describe('a filter pattern a person types', () => {
  it('is a regex, case-insensitive unless it has capitals', () => {
    const p = userPattern('oom|exit 13[0-9]');
    expect(p.ok && p.regex.test('Container OOMKilled')).toBe(true);
    expect(p.ok && p.regex.test('exit 137')).toBe(true);
    const strict = userPattern('OOM');
    expect(strict.ok && strict.regex.test('oom')).toBe(false);
  });

  it('refuses an invalid or catastrophic pattern with one clear line', () => {
    expect(userPattern('(unclosed')).toMatchObject({ ok: false, problem: expect.stringMatching(/at character \d+/) });
    expect(userPattern('(a+)+$')).toMatchObject({ ok: false, problem: expect.stringContaining('nested quantifier') });
  });
});
