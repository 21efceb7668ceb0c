import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model';
import { rankMechanisms, type SourcedFact } from '../../src/mechanisms/rank';

// Facts shaped as the checks state them; each case names the mechanism reasoning it pins.
const fact = (
  f: Partial<Fact> & Pick<Fact, 'object' | 'subject' | 'kind' | 'bucket' | 'phrase'>,
  check = 'Pods Running and Ready',
  checkId = 'environment/pods',
): SourcedFact => ({
  fact: { status: 'fail', evidence: [{ text: f.phrase, source: f.object, ...(f.time ? { time: f.time } : {}) }], ...f },
  check,
  checkId,
});

const oomPod = fact({
  object: 'shop/pod/payments-worker-5c8d7b9f4-x7k2m',
  subject: 'payments-worker',
  namespace: 'shop',
  kind: 'terminated',
  bucket: 'resource-pressure',
  phrase: 'OOM-killed (exit 137) and restarted (4 restarts)',
  time: '2026-06-15T09:02:13Z',
});
const oomSignature = fact(
  {
    object: 'shop/pod/payments-worker-5c8d7b9f4-x7k2m',
    subject: 'payments-worker',
    namespace: 'shop',
    kind: 'signature',
    ref: 'container-oom-killed',
    severity: 'critical',
    bucket: 'resource-pressure',
    phrase: 'A container was killed by the kernel for exceeding its memory limit',
    time: '2026-06-15T09:02:13Z',
  },
  'Pods Running and Ready',
  'environment/pods',
);
const healthProbe = fact(
  {
    object: 'http:payments-worker /healthz',
    subject: 'payments-worker',
    kind: 'probe',
    bucket: 'environment-not-ready',
    phrase: 'GET /healthz → 503',
    time: '2026-06-15T09:04:00Z',
  },
  'GET payments-worker /healthz',
  'environment/health-payments-worker',
);
const buildBehind = fact(
  {
    object: 'http:payments-worker /buildinfo',
    subject: 'payments-worker',
    kind: 'version',
    bucket: 'version-drift',
    phrase: 'fix merged but not deployed: runs 5e1d2c4, expected 9f3c2e1',
  },
  'deployed SHA',
  'versions/deployed-payments-worker',
);
const checkoutPending = fact({
  object: 'shop/pod/checkout-7b4d9f6c8-m2j8c',
  subject: 'checkout',
  namespace: 'shop',
  kind: 'pending',
  bucket: 'resource-pressure',
  phrase: 'Pending (Insufficient memory)',
  time: '2026-06-15T09:01:00Z',
});
const stop = fact(
  {
    object: 'shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)',
    subject: 'payments-worker',
    namespace: 'shop',
    kind: 'trace-stop',
    status: 'info',
    bucket: 'weak-observability',
    phrase: 'the trace stops here',
    time: '2026-06-15T09:02:03Z',
  },
  'Follow the trace',
  'observability/trace',
);
const firstError = fact(
  {
    object: 'event shop/Pod/payments-worker-5c8d7b9f4-x7k2m',
    subject: 'payments-worker',
    namespace: 'shop',
    kind: 'trace-error',
    status: 'info',
    bucket: 'weak-observability',
    phrase: "the trace's first error: OOMKilled",
    time: '2026-06-15T09:02:13Z',
  },
  'Follow the trace',
  'observability/trace',
);
const services = ['e2e-harness', 'api-gateway', 'checkout', 'payments-worker'];

describe('rankMechanisms', () => {
  it('merges what different checks say about one workload into one mechanism, and keeps other workloads apart', () => {
    const { mechanisms } = rankMechanisms({ facts: [oomPod, oomSignature, healthProbe, checkoutPending] });
    const worker = mechanisms.find((m) => m.subject === 'payments-worker')!;
    expect(mechanisms.filter((m) => m.subject === 'payments-worker')).toHaveLength(1);
    expect(worker.objects).toEqual(expect.arrayContaining(['shop/pod/payments-worker-5c8d7b9f4-x7k2m', 'http:payments-worker /healthz']));
    expect(worker.bucket).toBe('resource-pressure');
    expect(mechanisms.find((m) => m.subject === 'checkout')).toBeDefined();
  });

  it('keeps a wrong build apart from the crash it may cause, and both gain from the trace stopping there', () => {
    const { mechanisms } = rankMechanisms({ facts: [oomPod, oomSignature, buildBehind, checkoutPending, stop, firstError], traceServices: services });
    expect(mechanisms.map((m) => m.id)).toEqual(['runtime/shop/payments-worker', 'version/payments-worker', 'runtime/shop/checkout']);
    const [oom, build] = mechanisms;
    expect(oom!.points.map((p) => p.delta)).toEqual([30, 5, 30, 15]);
    expect(oom!.title).toMatch(
      /^payments-worker OOM-killed \(exit 137\) and restarted \(4 restarts\) mid-request \(shop\/payments-worker-5c8d7b9f4-x7k2m, 09:02:13\)$/,
    );
    expect(build!.points.some((p) => p.delta === 20 && p.reason.includes('the trace stops on payments-worker'))).toBe(true);
  });

  it('counts against a service the trace passed through before it stopped elsewhere', () => {
    const { mechanisms } = rankMechanisms({ facts: [checkoutPending, stop], traceServices: services });
    const checkout = mechanisms.find((m) => m.subject === 'checkout')!;
    expect(checkout.points.at(-1)).toMatchObject({ delta: -20 });
    expect(checkout.points.at(-1)!.reason).toContain('served this request');
  });

  it('marks an event hours before onset as history, but not a state that still holds', () => {
    const old = fact({
      object: 'batch/pod/report-7d9f8b6c5-x2x9z',
      subject: 'report',
      namespace: 'batch',
      kind: 'terminated',
      bucket: 'resource-pressure',
      phrase: 'OOM-killed (exit 137)',
      time: '2026-06-15T05:50:00Z',
    });
    const selector = fact({
      object: 'shop/service/cart',
      subject: 'cart',
      namespace: 'shop',
      kind: 'selector',
      bucket: 'selector-label-mismatch',
      phrase: 'sees 2 of 4 pods',
      time: '2026-06-10T08:00:00Z',
    });
    const { mechanisms } = rankMechanisms({ facts: [old, selector, firstError] });
    const report = mechanisms.find((m) => m.subject === 'report')!;
    expect(report.points.at(-1)!.delta).toBe(-20);
    expect(report.points.at(-1)!.reason).toContain('history, not this incident');
    expect(mechanisms.find((m) => m.subject === 'cart')!.points.every((p) => p.delta > 0)).toBe(true);
  });

  it('raises a mechanism by how shortly before onset its workload changed', () => {
    const change = (minutes: number, subject: string) =>
      fact(
        {
          object: `shop/replicaset/${subject}-5f7d8c9b6`,
          subject,
          namespace: 'shop',
          kind: 'change',
          status: 'info',
          bucket: 'version-drift',
          phrase: `rolled out ${subject}-5f7d8c9b6: env PAYMENT_MODE changed`,
          time: new Date(Date.parse('2026-06-15T09:02:13Z') - minutes * 60_000).toISOString(),
        },
        'What changed before onset',
        'versions/changes',
      );
    const crash = (subject: string) =>
      fact({
        object: `shop/pod/${subject}-5f7d8c9b6-abcde`,
        subject,
        namespace: 'shop',
        kind: 'waiting',
        bucket: 'environment-not-ready',
        phrase: 'CrashLoopBackOff',
        time: '2026-06-15T09:03:00Z',
      });
    const ranking = rankMechanisms({
      facts: [crash('api'), crash('cart'), crash('search'), change(5, 'api'), change(90, 'cart'), change(60 * 30, 'search'), firstError],
    });
    const bonus = (s: string) => ranking.mechanisms.find((m) => m.subject === s)!.points.find((p) => p.reason.startsWith('a change to'))?.delta;
    expect([bonus('api'), bonus('cart'), bonus('search')]).toEqual([15, 10, undefined]);
    expect(ranking.mechanisms.find((m) => m.subject === 'api')!.points.find((p) => p.reason.startsWith('a change to'))!.reason).toContain('5m before onset');
    expect(ranking.changes.map((c) => c.fact.subject)).toEqual(['api', 'cart', 'search']);
  });

  it('says when two mechanisms tie instead of picking one silently', () => {
    const a = fact({
      object: 'shop/pod/a-5f7d8c9b6-abcde',
      subject: 'a',
      namespace: 'shop',
      kind: 'waiting',
      bucket: 'environment-not-ready',
      phrase: 'CrashLoopBackOff',
    });
    const b = fact({
      object: 'shop/pod/b-5f7d8c9b6-abcde',
      subject: 'b',
      namespace: 'shop',
      kind: 'waiting',
      bucket: 'environment-not-ready',
      phrase: 'CrashLoopBackOff',
    });
    const { mechanisms } = rankMechanisms({ facts: [a, b] });
    expect(mechanisms[0]!.tiesWith).toEqual([mechanisms[1]!.id]);
  });

  it("joins a node's OOM kill to the workload's kill at the same moment", () => {
    const nodeEcho = fact(
      {
        object: 'default/node/stg-pool-a-7xk2p',
        subject: 'stg-pool-a-7xk2p',
        kind: 'signature',
        ref: 'container-oom-killed',
        severity: 'critical',
        bucket: 'resource-pressure',
        phrase: 'A container was killed by the kernel for exceeding its memory limit',
        time: '2026-06-15T09:02:14Z',
      },
      'Known failures in pod logs and events',
      'observability/log-signatures',
    );
    const { mechanisms } = rankMechanisms({ facts: [oomPod, oomSignature, nodeEcho] });
    expect(mechanisms.map((m) => m.subject)).toEqual(['payments-worker']);
    expect(mechanisms[0]!.objects).toContain('default/node/stg-pool-a-7xk2p');
  });

  it('binds a line about another workload (its in-cluster address) to that workload', () => {
    const refused = fact(
      {
        object: 'file:harness.log',
        subject: 'harness.log',
        kind: 'signature',
        ref: 'otel-collector-memory-limiter-refusing',
        severity: 'high',
        bucket: 'weak-observability',
        phrase: "The collector's memory_limiter is refusing data",
      },
      'Log harness.log',
      'observability/log-harness',
    );
    refused.fact.evidence = [
      { text: 'span export failed: data refused due to high memory usage endpoint=otel-collector.monitoring:4317', source: 'harness.log:12' },
    ];
    const evicted = fact({
      object: 'monitoring/pod/otel-collector-6d4f8b7c9-2xw7q',
      subject: 'otel-collector',
      namespace: 'monitoring',
      kind: 'evicted',
      bucket: 'resource-pressure',
      phrase: 'evicted: The node was low on resource: memory',
    });
    const { mechanisms } = rankMechanisms({ facts: [refused, evicted] });
    expect(mechanisms.map((m) => m.subject)).toEqual(['otel-collector']);
  });

  it('gives the same ranking for the same facts, whenever it runs', () => {
    const facts = [oomPod, oomSignature, buildBehind, checkoutPending, stop, firstError];
    expect(JSON.stringify(rankMechanisms({ facts, traceServices: services }))).toBe(
      JSON.stringify(rankMechanisms({ facts: [...facts], traceServices: [...services] })),
    );
  });

  it("gives the trace's marks on a service callers saw failing to what is wrong with that service", () => {
    const callers = fact(
      {
        object: 'store/pod/storefront-6f8b7d9c45-j2wmt (names inventory.store)',
        subject: 'inventory',
        namespace: 'store',
        kind: 'signature',
        ref: 'upstream-5xx',
        severity: 'medium',
        bucket: 'external-dependency',
        phrase: 'An upstream answered 502',
        time: '2026-05-06T16:23:52Z',
      },
      'Known failures',
      'observability/log-signatures',
    );
    const selector = fact(
      {
        object: 'store/service/inventory',
        subject: 'inventory',
        namespace: 'store',
        kind: 'selector',
        bucket: 'selector-label-mismatch',
        phrase: 'sees 2 of 4 pods',
        time: '2026-05-06T16:20:33Z',
      },
      'Service selectors see their pods',
      'environment/services',
    );
    const stopAt = fact(
      {
        object: 'store/inventory-5b7d9f8c64-x2kpl/inventory',
        subject: 'inventory',
        namespace: 'store',
        kind: 'trace-stop',
        status: 'info',
        bucket: 'weak-observability',
        phrase: 'the trace stops here',
        time: '2026-05-06T16:23:53Z',
      },
      'Follow the trace',
      'observability/trace',
    );
    const { mechanisms } = rankMechanisms({ facts: [callers, selector, stopAt], traceServices: ['smoke', 'storefront', 'inventory'] });
    expect(mechanisms[0]!.id).toBe('config/store/inventory');
    expect(mechanisms[0]!.points.map((p) => p.delta)).toEqual([20, 30]);
    expect(mechanisms.find((m) => m.id === 'runtime/store/inventory')!.points.at(-1)!.reason).toContain('only what callers saw of inventory');
  });

  it('weighs a signature seen only on lines logged as warnings at half, and says so', () => {
    const retry = fact({
      object: 'shop/pod/cart-7f5c9d8b46-bkhfr',
      subject: 'cart',
      namespace: 'shop',
      kind: 'signature',
      ref: 'network-io-timeout',
      severity: 'medium',
      status: 'warn',
      bucket: 'timing-race',
      phrase: 'A network call timed out',
    });
    const { mechanisms } = rankMechanisms({ facts: [retry] });
    expect(mechanisms[0]!.points[0]).toMatchObject({ delta: 6 });
    expect(mechanisms[0]!.points[0]!.reason).toContain('logged as a warning');
  });

  it('credits the service the trace never reached, when something is wrong there', () => {
    const cutShort = fact(
      {
        object: 'payments/checkout-api-6b5f8d7c94-kmxwl/checkout-api',
        subject: 'checkout-api',
        namespace: 'payments',
        kind: 'trace-stop',
        status: 'info',
        bucket: 'weak-observability',
        phrase: 'the trace stops here',
        related: ['ledger'],
        time: '2026-03-02T08:00:03Z',
      },
      'Follow the trace',
      'observability/trace',
    );
    const expired = fact({
      object: 'payments/pod/ledger-7d9f8b6c5-x2x9z',
      subject: 'ledger',
      namespace: 'payments',
      kind: 'signature',
      ref: 'tls-certificate-invalid',
      severity: 'high',
      bucket: 'auth-config-mismatch',
      phrase: 'A TLS certificate was rejected',
      time: '2026-03-02T08:00:03Z',
    });
    const { mechanisms } = rankMechanisms({ facts: [cutShort, expired], traceServices: ['checkout-synthetic', 'checkout-api', 'ledger'] });
    const ledger = mechanisms.find((m) => m.subject === 'ledger')!;
    expect(ledger.points.map((p) => p.delta)).toEqual([20, 25]);
    expect(ledger.points[1]!.reason).toContain('never reaches ledger');
  });

  it('makes a config change shortly before onset on a failing service a mechanism of its own', () => {
    const change = fact(
      {
        object: 'shop/replicaset/payments-5b9f7c6d84',
        subject: 'payments',
        namespace: 'shop',
        kind: 'change',
        status: 'info',
        ref: 'rollout',
        bucket: 'auth-config-mismatch',
        phrase: 'rolled out payments-5b9f7c6d84 (revision 9): env PAYMENT_MODE changed',
        time: '2026-06-03T10:02:09Z',
      },
      'What changed before onset',
      'versions/changes',
    );
    const symptom = fact({
      object: 'shop/pod/payments-5b9f7c6d84-bkw89',
      subject: 'payments',
      namespace: 'shop',
      kind: 'signature',
      ref: 'upstream-5xx',
      severity: 'medium',
      status: 'warn',
      bucket: 'external-dependency',
      phrase: 'An upstream answered 502',
      time: '2026-06-03T10:07:14Z',
    });
    const error = fact(
      {
        object: 'shop/pod/payments-5b9f7c6d84-bkw89',
        subject: 'payments',
        namespace: 'shop',
        kind: 'trace-error',
        status: 'info',
        bucket: 'weak-observability',
        phrase: 'first error',
        time: '2026-06-03T10:07:14Z',
      },
      'Follow the trace',
      'observability/trace',
    );
    const { mechanisms } = rankMechanisms({ facts: [change, symptom, error] });
    expect(mechanisms[0]).toMatchObject({ id: 'config/shop/payments', bucket: 'auth-config-mismatch' });
    expect(mechanisms[0]!.title).toMatch(/^payments changed 5m before onset: rolled out payments-5b9f7c6d84/);
  });
});
