import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { accessRules, analyzeAccess, DEFAULT_ACCESS } from '../../../src/kube/checks/auth-config/access';
import { analyzeKeys, planRequirements, podRequirements, keysCheck } from '../../../src/kube/checks/auth-config/keys';
import { analyzeNamespaces, planNamespaces } from '../../../src/kube/checks/auth-config/namespaces';
import { indexReplicaSets, workloadOf, workloadSource } from '../../../src/kube/analyze/owners';
import { planSchema, type PlanInput } from '../../../src/plan/schema';
import type { KubeList } from '../../../src/model/cluster';
import { BundleSource, CASES, DEMO_BUNDLE } from './bundle-source';
import { optionsFor, resourcesOf } from './resources';
import { expectOutcome } from './expect';

const HEALTHY = join(CASES, 'healthy');
const BROKEN = join(CASES, 'broken');
const plan = (p: PlanInput = {}) => planSchema.parse(p);

function keys(dir: string, p = plan()) {
  const r = resourcesOf(dir);
  const rs = indexReplicaSets(r.replicaSets);
  const requirements = [...planRequirements(p), ...r.pods.flatMap((pod) => podRequirements(pod, workloadSource(workloadOf(pod, rs))))];
  return analyzeKeys({ requirements, secrets: r.secrets, configMaps: r.configMaps }, optionsFor(dir));
}

describe('access reviews', () => {
  it('reviews the reads the workbench makes when the plan names none, in each plan namespace', () => {
    expect(accessRules(plan()).map((r) => `${r.verb} ${r.resource} ${r.namespace ?? '*'}`)).toEqual(DEFAULT_ACCESS.map((r) => `${r.verb} ${r.resource} *`));
    expect(accessRules(plan({ namespaces: ['shop', 'shop-e2e'] })).map((r) => `${r.verb} ${r.resource} ${r.namespace ?? '*'}`)).toEqual([
      'list pods shop',
      'list pods shop-e2e',
      'list events shop',
      'list events shop-e2e',
      'list nodes *',
      'list deployments shop',
      'list deployments shop-e2e',
      'get pods/log shop',
      'get pods/log shop-e2e',
    ]);
  });

  it('fails on a denied review with the reason and a can-i replay; passes when all are allowed', () => {
    const o = optionsFor(HEALTHY);
    const rules = accessRules(
      plan({
        access: [
          { verb: 'create', resource: 'jobs', group: 'batch', namespace: 'shop-e2e' },
          { verb: 'get', resource: 'pods/log' },
        ],
      }),
    );
    const denied = analyzeAccess(
      [
        { rule: rules[0]!, review: { allowed: false, reason: 'no RBAC policy matched' } },
        { rule: rules[1]!, review: { allowed: true } },
      ],
      o,
    );
    expectOutcome(denied, {
      behaviour: '',
      status: 'fail',
      bucket: 'auth-config-mismatch',
      summary: ['cannot create jobs.batch in shop-e2e'],
      evidence: ['[access/shop-e2e] denied: create jobs.batch in shop-e2e: no RBAC policy matched', '[access] allowed: get pods/log in all namespaces'],
      replay: 'kubectl auth can-i create jobs.batch -n shop-e2e',
    });
    expect(analyzeAccess([{ rule: rules[1]!, review: { allowed: true } }], o).status).toBe('pass');
  });
});

describe('secrets and config keys', () => {
  it('passes when every reference of every pod is present with its keys', () => {
    expectOutcome(keys(HEALTHY), {
      behaviour: '',
      status: 'pass',
      summary: ['1 secret and 3 config maps needed by the plan and pods, all present with their keys'],
    });
    expect(keys(DEMO_BUNDLE).status).toBe('pass');
  });

  it('names missing objects and missing keys with who needs them, and skips optional references', () => {
    expectOutcome(keys(BROKEN, plan({ requiredConfigMaps: [{ namespace: 'shop', name: 'feature-flags', keys: ['CHECKOUT_V2'] }] })), {
      behaviour: '',
      status: 'fail',
      bucket: 'auth-config-mismatch',
      evidence: [
        '[shop/secret/worker-secrets] Secret shop/worker-secrets lacks 1 key TOKEN (has USER); needed by shop/deployment/worker worker env TOKEN',
        '[shop/configmap/api-config] ConfigMap shop/api-config does not exist; needed by shop/deployment/api api envFrom',
        '[shop/secret/reports-tls] Secret shop/reports-tls does not exist; needed by shop/pod/reports-0 volume certs',
        '[shop/configmap/feature-flags] ConfigMap shop/feature-flags does not exist; needed by the plan',
      ],
      absent: ['absent'],
    });
  });

  it('finds a required key by name in a plan namespace and names only keys, never values', () => {
    const p = plan({ namespaces: ['shop'], requiredSecrets: [{ name: 'payments-gateway-credentials', keys: ['API_KEY', 'REFUND_KEY'] }] });
    expect(planRequirements(p)).toEqual([
      { kind: 'Secret', namespace: 'shop', name: 'payments-gateway-credentials', keys: ['API_KEY', 'REFUND_KEY'], neededBy: 'the plan' },
    ]);
    expectOutcome(keys(DEMO_BUNDLE, p), {
      behaviour: '',
      status: 'fail',
      summary: ['Secret shop/payments-gateway-credentials lacks keys'],
      evidence: ['lacks 1 key REFUND_KEY (has API_KEY, WEBHOOK_SECRET); needed by the plan'],
      replay: 'kubectl describe secret -n shop payments-gateway-credentials',
    });
  });

  it('keeps no secret value from a live list: only names and keys reach the evidence', async () => {
    const VALUE = 'c3VwZXItc2VjcmV0LXRva2Vu';
    // A live API server returns Secret values in a list; the bundle has none, so add them.
    class WithValues extends BundleSource {
      override async list(plural: string, group: string, ns?: string, selector?: string): Promise<KubeList> {
        const list = await super.list(plural, group, ns, selector);
        if (plural !== 'secrets') return list;
        return {
          ...list,
          items: list.items.map((s) => ({ ...s, data: Object.fromEntries(Object.keys((s as { data?: object }).data ?? {}).map((k) => [k, VALUE])) })),
        };
      }
    }
    const withValues = new WithValues(DEMO_BUNDLE);
    const p = plan({ requiredSecrets: [{ namespace: 'shop', name: 'payments-gateway-credentials', keys: ['MISSING'] }] });
    const outcome = await keysCheck.run({
      signal: new AbortController().signal,
      timeoutMs: 5000,
      plan: p,
      baseDir: '.',
      env: {},
      now: () => new Date(),
      cluster: withValues,
    });
    expect(outcome.status).toBe('fail');
    expect(JSON.stringify(outcome)).not.toContain(VALUE);
    expect(JSON.stringify(outcome)).toContain('API_KEY');
  });
});

describe('namespaces', () => {
  it('collects every namespace the plan names and fails on one that does not exist', () => {
    const p = plan({ namespaces: ['shop'], jobs: [{ namespace: 'shop-e2e', name: 'e2e' }], requiredSecrets: [{ namespace: 'payments', name: 'x' }] });
    expect(planNamespaces(p)).toEqual(['shop', 'payments', 'shop-e2e']);
    const r = resourcesOf(DEMO_BUNDLE);
    expectOutcome(analyzeNamespaces({ wanted: planNamespaces(p), namespaces: r.namespaces }, optionsFor(DEMO_BUNDLE)), {
      behaviour: '',
      status: 'fail',
      bucket: 'auth-config-mismatch',
      summary: ['payments does not exist'],
      evidence: ['[namespace/payments] namespace payments is named by the plan but does not exist (8 namespaces do)'],
      absent: ['namespace/shop]'],
    });
    expect(analyzeNamespaces({ wanted: ['shop', 'shop-e2e'], namespaces: r.namespaces }, optionsFor(DEMO_BUNDLE)).status).toBe('pass');
  });

  it('fails on a namespace being deleted', () => {
    const r = resourcesOf(BROKEN);
    expectOutcome(analyzeNamespaces({ wanted: ['test-77'], namespaces: r.namespaces }, optionsFor(BROKEN)), {
      behaviour: '',
      status: 'fail',
      bucket: 'replay-dedupe',
      evidence: ['namespace test-77 is Terminating since 2026-03-02T13:30:00Z'],
    });
  });

  it('reads the bundle secrets as names and keys only', () => {
    const raw = readFileSync(join(DEMO_BUNDLE, 'resources/secrets.json'), 'utf8');
    expect(
      JSON.parse(raw)
        .items.flatMap((s: { data: Record<string, string> }) => Object.values(s.data))
        .every((v: string) => v === ''),
    ).toBe(true);
  });
});
