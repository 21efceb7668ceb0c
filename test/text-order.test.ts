import { describe, expect, it } from 'vitest';
import { localeOrder } from '../src/text-order';

const sign = (n: number) => Math.sign(n);

/** Every string up to `length` over `alphabet`. */
function strings(alphabet: string, length: number): string[] {
  const out = [''];
  let last = [''];
  for (let n = 1; n <= length; n++) {
    last = last.flatMap((s) => [...alphabet].map((c) => s + c));
    out.push(...last);
  }
  return out;
}

describe('localeOrder', () => {
  it.each([
    ['words', 'ab09 #z'],
    ['names', 'ab09 -./z'],
    ['mixed', 'aB0 #-_:.'],
  ])('orders %s as localeCompare does', (_, alphabet) => {
    const all = strings(alphabet, 3);
    // Every pair is compared; only the disagreements are collected, so the ~670k comparisons do
    // not each pay for an assertion and its message (seconds, and a minute under load).
    const disagreements: string[] = [];
    for (const a of all)
      for (const b of all) if (sign(localeOrder(a, b)) !== sign(a.localeCompare(b))) disagreements.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('orders longer tokens, ids and subjects as localeCompare does', () => {
    const samples = [
      'oom killed',
      '#pod',
      '#id oom',
      'exit code',
      '137',
      'runtime/shop/payments-worker',
      'shop/payments-worker-5c8d7b9f4-qp9zr',
      'node/stg-pool-a.7xk2p',
      'a-b',
      'a.b',
      'a/b',
      'a b',
      'ab',
      'Payments',
      'payments_worker',
      'x509:',
      '',
    ];
    for (const a of samples) for (const b of samples) expect(sign(localeOrder(a, b))).toBe(sign(a.localeCompare(b)));
  });
});
