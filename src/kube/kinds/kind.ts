// What triage knows about one Kubernetes resource kind, in one place (k9s's habit): how the
// API names it, how its items are parsed, how `kubectl get` prints it from a replay, and how
// it leads to pods. A kind is one file in this folder plus one line in `registry.ts`.
import type { z } from 'zod';
import type { Printer } from '../replay/tables/table';
import type { LabelSelector, Metadata } from './parts';

/** A resource type as discovery advertises it. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources kubectl looks up in discovery (`pods/log`, `deployments/scale`). */
  subresources?: { name: string; kind: string; group?: string; version?: string }[];
  /** Captured by `triage capture`. */
  capture?: boolean;
  /** Captured as metadata only (PartialObjectMetadataList): its values never cross the wire. */
  metadataOnly?: boolean;
}

/** A kind that runs pods: what a log tail follows and what the workload picker lists. */
interface WorkloadRelations<T> {
  /** The label selector that finds its pods. */
  podSelector(item: T): LabelSelector | null | undefined;
  /** Pods ready and wanted, as kubectl's READY column counts them; kinds without it are not in the workload picker. */
  readiness?(item: T): { ready: number; desired: number; failed?: number };
}

/** What every schema parses: the metadata, so any kind's items can be named and placed. */
export type Parsed = { metadata: Metadata };

export interface KindSpec<T extends Parsed = Parsed> extends ResourceType {
  /** The fields the checks read (loose, built on first parse). */
  schema?: z.ZodType<T>;
  /**
   * The columns `kubectl get` prints from a replay; without one, NAME and AGE. Loaded when a
   * replay starts serving: reading a bundle (the demo's first frame) does not load printers.
   */
  printer?: () => Promise<Printer>;
  workload?: WorkloadRelations<T>;
}

/** A kind, typed by its schema so its relations read parsed items. */
export function defineKind<T extends Parsed>(spec: KindSpec<T>): KindSpec<T> {
  return spec;
}

export const scaleSubresource = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1' };
export const statusSubresource = (kind: string) => ({ name: 'status', kind });
