import { describe, expect, it } from 'vitest';
import { sequenceDiagram } from '../../src/note/mermaid';
import { serviceOf, withDerivedFacts, type TimelineEntry } from '../../src/note/timeline';
import { parseSequence } from './mermaid';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PLAN = ['api-gateway', 'checkout', 'payments-worker'];

function entry(time: string, source: string, text: string, error = false): TimelineEntry {
  return { time, source, text, error, service: serviceOf(text, source, PLAN) };
}

describe("the note's timeline attributes lines as the trace module does", () => {
  it.each([
    ['shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)', 'payments-worker'],
    ['shop/checkout-6f9c7d8b5d-zr5tj/checkout', 'checkout'],
    ['shop/checkout-v2-6f9c7d8b5d-zr5tj/app', 'checkout'],
    ['shop-e2e/e2e-checkout-flow-1907-k8v2n/e2e', 'e2e-checkout-flow'],
    ['event shop-e2e/Job/e2e-checkout-flow-1907', 'e2e-checkout-flow'],
    ['event shop/Pod/payments-worker-5c8d7b9f4-x7k2m', 'payments-worker'],
    ['logs/e2e-harness.log:3', 'e2e-harness'],
  ])('%s belongs to %s', (source, service) => {
    expect(serviceOf('plain line', source, PLAN)).toBe(service);
  });

  it("stops at the furthest of the plan's services, on its last line carrying the id: not on context about it, not on a caller's later line", async () => {
    const entries = [
      entry('2026-06-15T09:01:58.204Z', 'shop/api-gateway-5f7d8c9b6-2kq9x/api-gateway', `POST /api/orders 202 trace_id=${ID}`),
      entry('2026-06-15T09:02:03.412Z', 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)', `loading settlement batch trace_id=${ID}`),
      entry(
        '2026-06-15T09:02:13.000Z',
        'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)',
        'container payments-worker terminated: OOMKilled (exit code 137)',
        true,
      ),
      entry(
        '2026-06-15T09:03:14.000Z',
        'event shop/Pod/payments-worker-5c8d7b9f4-x7k2m',
        'Warning BackOff Pod/payments-worker-5c8d7b9f4-x7k2m: Back-off restarting failed container',
      ),
      entry(
        '2026-06-15T09:03:58.511Z',
        'shop-e2e/e2e-checkout-flow-1907-k8v2n/e2e',
        `AssertionError: expected PAID, got PENDING_PAYMENT (trace_id=${ID})`,
        true,
      ),
    ];
    const timeline = withDerivedFacts(entries, PLAN, ID);
    expect(timeline.stop).toEqual({ index: 1, service: 'payments-worker', expectedNext: [] });
    expect(timeline.firstError).toBe(2);

    const diagram = await parseSequence(sequenceDiagram(timeline)!);
    const notes = diagram.messages.filter((m) => m.type === 2).map((m) => m.message);
    expect(notes.indexOf('trace stops here 09:02:03 loading settlement batch')).toBe(
      notes.findIndex((n) => n.startsWith('first error 09:02:13 container payments-worker terminated: OOMKilled')) - 1,
    );
  });

  it('without the id, stops on the last line of the furthest planned service', () => {
    const entries = [
      entry('2026-06-15T09:01:58Z', 'shop/checkout-6f9c7d8b5d-zr5tj/checkout', 'payment requested'),
      entry('2026-06-15T09:03:58Z', 'logs/e2e-harness.log:5', 'svc=e2e-harness order did not reach PAID'),
    ];
    expect(withDerivedFacts(entries, PLAN).stop).toEqual({ index: 0, service: 'checkout', expectedNext: ['payments-worker'] });
  });
});
