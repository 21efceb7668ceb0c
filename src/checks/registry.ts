import { z } from 'zod';
import type { Check, CheckKind } from './types';
import type { StepId } from '../model';
import { httpKind, httpSpec } from './kinds/http';
import { tcpKind, tcpSpec } from './kinds/tcp';
import { commandKind, commandSpec } from './kinds/command';
import { fileKind, fileSpec } from './kinds/file';
import { logsKind, logsSpec } from './kinds/logs';
import { junitKind, junitSpec } from './kinds/junit';
import { envKind, envSpec } from './kinds/env';
import { kubectlKind, kubectlSpec } from './kinds/kubectl';
import { promqlKind, promqlSpec } from './kinds/promql';

/** Every check kind a plan can configure. Adding a kind: its file, and one line in each list. */
export const checkSpecSchema = z.discriminatedUnion('kind', [httpSpec, tcpSpec, commandSpec, fileSpec, logsSpec, junitSpec, envSpec, kubectlSpec, promqlSpec]);
export type CheckSpec = z.infer<typeof checkSpecSchema>;

const KINDS: { [K in CheckSpec['kind']]: CheckKind<Extract<CheckSpec, { kind: K }>> } = {
  http: httpKind,
  tcp: tcpKind,
  command: commandKind,
  file: fileKind,
  logs: logsKind,
  junit: junitKind,
  env: envKind,
  kubectl: kubectlKind,
  promql: promqlKind,
};

export function createCheck(spec: CheckSpec, step: StepId, index: number): Check {
  const kind = KINDS[spec.kind] as CheckKind<CheckSpec>;
  return kind.create(spec, step, index);
}
