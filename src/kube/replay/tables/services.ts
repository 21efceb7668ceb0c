// Services, as the API server prints them.
import { ageColumn, arr, formatLabels, nameColumn, num, obj, since, str, type Printer } from './table';

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Type', type: 'string', description: 'The type of the service' },
    { name: 'Cluster-IP', type: 'string', description: 'The cluster IP of the service' },
    { name: 'External-IP', type: 'string', description: 'The external IPs of the service' },
    { name: 'Port(s)', type: 'string', description: 'The ports the service exposes' },
    ageColumn,
    { name: 'Selector', type: 'string', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' },
  ],
  cells(o, now) {
    const spec = obj((o as Record<string, unknown>).spec);
    const type = str(spec.type, 'ClusterIP');
    const externalIPs = Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [];
    let external: string;
    if (type === 'LoadBalancer') {
      const ingress = arr(obj(obj((o as Record<string, unknown>).status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname));
      const all = [...ingress.filter(Boolean), ...externalIPs];
      external = all.length ? all.join(',') : '<pending>';
    } else if (type === 'ExternalName') external = str(spec.externalName);
    else external = externalIPs.length ? externalIPs.join(',') : '<none>';
    const ports = arr(spec.ports).map((p) => `${num(p.port)}${num(p.nodePort) ? `:${num(p.nodePort)}` : ''}/${str(p.protocol, 'TCP')}`);
    return [
      o.metadata.name,
      type,
      str(spec.clusterIP) || '<none>',
      external,
      ports.length ? ports.join(',') : '<none>',
      since(o.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};
