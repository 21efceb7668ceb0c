import { z } from 'zod';
import type { Check, CheckKind } from './types';
import type { StepId } from '../model';
import { httpKind } from './kinds/http';
import { tcpKind } from './kinds/tcp';
import { commandKind } from './kinds/command';
import { fileKind } from './kinds/file';
import { logsKind } from './kinds/logs';
import { junitKind } from './kinds/junit';
import { envKind } from './kinds/env';
import { kubectlKind } from './kinds/kubectl';
import { promqlKind } from './kinds/promql';

/** Every check kind a plan can configure. Adding a kind: its file, and one line here. */
const KINDS = [httpKind, tcpKind, commandKind, fileKind, logsKind, junitKind, envKind, kubectlKind, promqlKind] as const;

/** Each kind's own schema, in order: a plan entry is exactly one of them, told apart by `kind`. */
type SchemasOf<T extends readonly unknown[]> = { -readonly [I in keyof T]: T[I] extends { schema: infer Schema } ? Schema : never };

export const checkSpecSchema = z.discriminatedUnion('kind', KINDS.map((k) => k.schema) as SchemasOf<typeof KINDS>);
export type CheckSpec = z.infer<typeof checkSpecSchema>;

const BY_KIND = new Map<string, CheckKind<CheckSpec>>(KINDS.map((k) => [k.kind, k as CheckKind<CheckSpec>]));

export function createCheck(spec: CheckSpec, step: StepId, index: number): Check {
  return BY_KIND.get(spec.kind)!.create(spec, step, index);
}
