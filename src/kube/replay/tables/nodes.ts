// Nodes, as the API server prints them.
import { ageColumn, arr, nameColumn, obj, since, str, type Printer } from './table';

export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Status', type: 'string', description: 'The status of the node' },
    { name: 'Roles', type: 'string', description: 'The roles of the node' },
    ageColumn,
    { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.' },
    { name: 'Internal-IP', type: 'string', priority: 1, description: 'List of internal IPs.' },
    { name: 'External-IP', type: 'string', priority: 1, description: 'List of external IPs.' },
    { name: 'OS-Image', type: 'string', priority: 1, description: 'OS image reported by the node.' },
    { name: 'Kernel-Version', type: 'string', priority: 1, description: 'Kernel version reported by the node.' },
    { name: 'Container-Runtime', type: 'string', priority: 1, description: 'Container runtime reported by the node.' },
  ],
  cells(o, now) {
    const node = o as Record<string, unknown>;
    const status = obj(node.status);
    const ready = arr(status.conditions).find((c) => c.type === 'Ready');
    const states = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
    if (obj(node.spec).unschedulable === true) states.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
      if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
      else if (key === 'kubernetes.io/role' && value) roles.add(value);
    }
    const address = (type: string) => arr(status.addresses).find((a) => a.type === type)?.address;
    const info = obj(status.nodeInfo);
    return [
      o.metadata.name,
      states.join(','),
      roles.size ? [...roles].sort().join(',') : '<none>',
      since(o.metadata.creationTimestamp, now),
      str(info.kubeletVersion),
      str(address('InternalIP')) || '<none>',
      str(address('ExternalIP')) || '<none>',
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};
