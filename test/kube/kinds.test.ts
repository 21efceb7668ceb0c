// The resource-kind registry: every kind is named once, every name kubectl accepts finds one
// kind, every printer loads, and the kinds a tail follows are those that lead to pods.
import { describe, expect, it } from 'vitest';
import { FOLLOWABLE_KINDS, followableText, KINDS, kindNamed, kindOf, resourceType } from '../../src/kube/kinds/registry';

describe('the resource-kind registry', () => {
  it('names each resource once, and each name kubectl accepts belongs to one kind', () => {
    const resources = KINDS.map((k) => `${k.plural}.${k.group}`);
    expect(new Set(resources).size).toBe(resources.length);
    const names = KINDS.flatMap((k) => [...new Set([k.plural, k.singular, ...(k.shortNames ?? [])])]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('finds a kind by plural and group, and by kind, singular, plural or short name in any case', () => {
    expect(kindOf('deployments', 'apps')?.kind).toBe('Deployment');
    expect(kindOf('deployments', '')).toBeUndefined();
    for (const name of ['Deployment', 'deployment', 'DEPLOYMENTS', 'deploy']) expect(kindNamed(name)?.plural).toBe('deployments');
    expect(kindNamed('sts')?.kind).toBe('StatefulSet');
    expect(kindNamed('nothing')).toBeUndefined();
  });

  it('loads every printer, each giving one cell per column and one name column', async () => {
    const object = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x', namespace: 'shop', creationTimestamp: '2025-01-01T00:00:00Z' } };
    const printed = KINDS.filter((k) => k.printer);
    expect(printed.map((k) => k.plural)).toContain('pods');
    for (const k of printed) {
      const printer = await k.printer!();
      expect(
        printer.columns.filter((c) => c.format === 'name'),
        k.plural,
      ).toHaveLength(1);
      expect(printer.cells(object, new Date('2025-01-02T00:00:00Z')), k.plural).toHaveLength(printer.columns.length);
    }
  });

  it('follows the kinds with a pod selector, each parsing its items with its schema', () => {
    expect(FOLLOWABLE_KINDS.map((k) => k.kind)).toEqual(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);
    expect(followableText()).toBe('deployment, replicaset, statefulset, daemonset or job');
    const deployment = kindNamed('deployment')!;
    const parsed = deployment.schema!.parse({
      metadata: { name: 'checkout' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'checkout' } } },
      status: { readyReplicas: 2 },
    });
    expect(deployment.workload!.podSelector(parsed)).toEqual({ matchLabels: { app: 'checkout' } });
    expect(deployment.workload!.readiness!(parsed)).toEqual({ ready: 2, desired: 3 });
  });

  it('serves only the discovery fields of a kind', () => {
    const type = resourceType(kindOf('pods', '')!);
    expect(Object.keys(type)).not.toEqual(expect.arrayContaining(['schema']));
    expect(type).not.toHaveProperty('printer');
    expect(type).not.toHaveProperty('workload');
    expect(type).toMatchObject({ plural: 'pods', kind: 'Pod', shortNames: ['po'] });
  });
});
