// Namespaces, ConfigMaps, Secrets and PersistentVolumeClaims, as the API server prints them.
import { ageColumn, nameColumn, obj, since, str, type Printer } from './table';

const keyCount = (...maps: unknown[]) => maps.reduce<number>((n, m) => n + Object.keys(obj(m)).length, 0);

export const namespacePrinter: Printer = {
  columns: [nameColumn, { name: 'Status', type: 'string', description: 'The status of the namespace' }, ageColumn],
  cells: (o, now) => [o.metadata.name, str(obj((o as Record<string, unknown>).status).phase), since(o.metadata.creationTimestamp, now)],
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, { name: 'Data', type: 'integer', description: 'Number of keys' }, ageColumn],
  cells: (o, now) => {
    const c = o as Record<string, unknown>;
    return [o.metadata.name, keyCount(c.data, c.binaryData), since(o.metadata.creationTimestamp, now)];
  },
};

export const secretPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Type', type: 'string', description: 'The type of the secret' },
    { name: 'Data', type: 'integer', description: 'Number of keys' },
    ageColumn,
  ],
  cells: (o, now) => {
    const s = o as Record<string, unknown>;
    return [o.metadata.name, str(s.type), keyCount(s.data, s.stringData), since(o.metadata.creationTimestamp, now)];
  },
};

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Status', type: 'string', description: 'The phase of the claim' },
    { name: 'Volume', type: 'string', description: 'The volume bound to the claim' },
    { name: 'Capacity', type: 'string', description: 'The actual resources of the underlying volume' },
    { name: 'Access Modes', type: 'string', description: 'The access modes of the volume' },
    { name: 'StorageClass', type: 'string', description: 'The storage class of the claim' },
    { name: 'VolumeAttributesClass', type: 'string', description: 'The volume attributes class of the claim' },
    ageColumn,
    { name: 'VolumeMode', type: 'string', priority: 1, description: 'Filesystem or Block' },
  ],
  cells: (o, now) => {
    const spec = obj((o as Record<string, unknown>).spec);
    const status = obj((o as Record<string, unknown>).status);
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(status.phase);
    const modes = (Array.isArray(status.accessModes) ? (status.accessModes as string[]) : []).map((m) => ACCESS_MODES[m] ?? m);
    return [
      o.metadata.name,
      phase,
      str(spec.volumeName),
      str(obj(status.capacity).storage),
      modes.join(','),
      str(spec.storageClassName),
      str(spec.volumeAttributesClassName) || '<unset>',
      since(o.metadata.creationTimestamp, now),
      str(spec.volumeMode) || '<unset>',
    ];
  },
};
