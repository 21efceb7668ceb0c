// Server-side printing: the `Table` a real API server returns when kubectl asks for
// `application/json;as=Table;v=v1;g=meta.k8s.io`, so `kubectl get` prints its usual columns.
import type { KubeObject } from '../../../model/cluster';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  /** `name` marks the NAME column. */
  format?: 'name';
  description?: string;
  /** 1 = shown only with `-o wide`. */
  priority?: 1;
}

type Cell = string | number;

/** The columns of one resource type and how one object fills them. */
export interface Printer {
  columns: Column[];
  /** `now` is the bundle's capture time: ages read as they were when it was captured. */
  cells(object: KubeObject, now: Date): Cell[];
}

export const nameColumn: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name of the object' };
export const ageColumn: Column = { name: 'Age', type: 'string', description: 'Time since the object was created' };

/** kubectl's HumanDuration: `45s`, `3m20s`, `2h5m`, `3d4h`, `400d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** `translateTimestampSince`: the age of a timestamp, `<unknown>` without one. */
export function since(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** Plain records for reading the loosely typed objects of a bundle. */
export type Obj = Record<string, unknown>;
export function obj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}
export function arr(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}
export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** `app=api,tier=web`, as labels.FormatLabels prints a map. */
export function formatLabels(labels: unknown, empty = '<none>'): string {
  const entries = Object.entries(obj(labels));
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : empty;
}

/** A label selector object (`matchLabels`, `matchExpressions`) as selector text. */
export function formatSelector(selector: unknown): string {
  const s = obj(selector);
  const parts = Object.entries(obj(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of arr(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? (e.values as string[]).join(',') : '';
    if (e.operator === 'In') parts.push(`${str(e.key)} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${str(e.key)} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(str(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${str(e.key)}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** CONTAINERS and IMAGES of a pod template, as the workload printers show them. */
export function containersAndImages(template: unknown): [string, string] {
  const containers = arr(obj(obj(template).spec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

export const wideContainerColumns: Column[] = [
  { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template' },
  { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template' },
  { name: 'Selector', type: 'string', priority: 1, description: 'The label selector' },
];

/** What a server prints for a type it has no printer for (custom resources). */
export const genericPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)],
};
