import type { Plan } from '../../plan/schema';
import type { KubeAccess } from './kube-access';
import type { SourceRef, TraceSource } from '../types';

/** What a spec may refer to besides its own text. */
export interface SpecEnv {
  /** Relative paths resolve against this directory (the cwd for flags, the plan's for plan entries). */
  baseDir: string;
  /** The plan's `trace` section: the PostgreSQL query, the Redis key pattern. */
  trace: NonNullable<Plan['trace']> | undefined;
  /** Pods and events, live or from a bundle; pod and event specs need it. */
  kube?: KubeAccess;
}

/** One kind of source spec (`file:PATH`...): one file each, listed in `./index`. */
export interface TraceSourceKind {
  prefixes: readonly string[];
  /** For `--help`: `file:PATH`. */
  usage: string;
  help: string;
  /** The kinds of reference its streams and records carry. */
  refs: readonly SourceRefKind[];
  /** Throws InputError when the spec is malformed or names something that does not exist. */
  create(prefix: string, argument: string, spec: string, env: SpecEnv): TraceSource;
}

/** How one kind of reference (`{ kind: 'pod', ... }`) reads: declared by the source that makes it. */
export interface SourceRefKind<R extends SourceRef = SourceRef> {
  kind: R['kind'];
  /** One line for people: `shop/payments-worker-7c9-x2/app (previous)`, `postgres orders`. */
  label(ref: R): string;
  /** Where an entry with a line number is, when the line is worth naming: `path:line`. */
  lineLabel?(ref: R, line: number): string;
  /** Its service when its label names none of the plan's: a pod's workload, a file's name. */
  service(ref: R): string;
  /** The pod (or a pod's workload) the reference is about: its workload is the service. */
  pod?(ref: R): string | undefined;
  /** Its namespace, for references inside a cluster. */
  namespace?(ref: R): string | undefined;
}
