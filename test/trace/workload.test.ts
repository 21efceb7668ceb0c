import { describe, expect, it } from 'vitest';
import { workloadOf } from '../../src/trace/workload';

describe('workloadOf', () => {
  it.each([
    ['checkout-7d9f8b6c5-x2x4z', 'checkout'],
    ['db-0', 'db'],
    ['e2e-checkout-flow-1907-k8v2n', 'e2e-checkout-flow'],
    ['node-agent-x2x4z', 'node-agent'],
    ['svc-0000-7d9f8b6c5-x2x4z', 'svc-0000'],
    ['payments-v2-5c6d7f8b9-abcde', 'payments-v2'],
    ['redis', 'redis'],
  ])('%s belongs to %s', (pod, workload) => {
    expect(workloadOf(pod)).toBe(workload);
  });
});
