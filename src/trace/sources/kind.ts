import type { Plan } from '../../plan/schema';
import type { KubeAccess } from './kube-access';
import type { TraceSource } from '../types';

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
  /** Throws InputError when the spec is malformed or names something that does not exist. */
  create(prefix: string, argument: string, spec: string, env: SpecEnv): TraceSource;
}
