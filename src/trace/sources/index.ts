import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../errors';
import type { TraceSource } from '../types';
import { commandKind } from './command';
import { eventsKind } from './events';
import { filesKind } from './files';
import { junitKind } from './junit';
import type { TraceSourceKind, SpecEnv } from './kind';
import { podsKind } from './pods';
import { postgresKind } from './postgres';
import { redisKind } from './redis';

export type { SpecEnv } from './kind';

/** Every kind of trace source. Adding one: its file, and one line here. */
export const TRACE_SOURCE_KINDS: readonly TraceSourceKind[] = [filesKind, podsKind, eventsKind, commandKind, postgresKind, redisKind, junitKind];

/** `--help` text: one line per kind. */
export function sourceHelp(): string {
  return TRACE_SOURCE_KINDS.map((k) => `  ${k.usage.padEnd(36)} ${k.help}`).join('\n');
}

/** A spec as typed (`file:app.log`, `pods:shop/app=checkout`); a bare existing path is a file or directory. */
export function parseSourceSpec(spec: string, env: SpecEnv): TraceSource {
  const colon = spec.indexOf(':');
  const prefix = colon > 0 ? spec.slice(0, colon) : '';
  const kind = TRACE_SOURCE_KINDS.find((k) => k.prefixes.includes(prefix));
  if (kind) return kind.create(prefix, spec.slice(colon + 1), spec, env);
  const path = resolve(env.baseDir, spec);
  if (existsSync(path)) return filesKind.create(statSync(path).isDirectory() ? 'dir' : 'file', spec, spec, env);
  const known = TRACE_SOURCE_KINDS.flatMap((k) => k.prefixes.map((p) => `${p}:`)).join(', ');
  throw new InputError(spec, undefined, 'source', `unknown source; expected one of ${known} or an existing path`);
}
