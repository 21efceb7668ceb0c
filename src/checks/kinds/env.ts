import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { checkIdentity, checkSpecBase } from '../spec';
import type { CheckContext, CheckKind } from '../types';

export const envSpec = checkSpecBase
  .extend({
    kind: z.literal('env'),
    /** Environment variables the test needs. Only whether they are set is ever reported, never a value. */
    names: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).min(1),
  })
  .strict();
export type EnvSpec = z.infer<typeof envSpec>;

function runEnv(spec: EnvSpec, ctx: CheckContext): CheckOutcome {
  const state = (name: string) => {
    const value = ctx.env[name];
    return value === undefined ? 'missing' : value === '' ? 'set but empty' : 'set';
  };
  const evidence: Evidence[] = spec.names.map((name) => ({ text: `${name}: ${state(name)}`, source: 'environment' }));
  const missing = spec.names.filter((name) => state(name) !== 'set');
  // Prints "set" or "missing" per name; the values never reach the screen.
  const replay = `for v in ${spec.names.join(' ')}; do if [ -n "$(printenv "$v")" ]; then echo "$v: set"; else echo "$v: missing"; fi; done`;
  if (missing.length > 0) {
    return {
      status: 'fail',
      summary: `${missing.length} of ${spec.names.length} required env names missing or empty: ${missing.join(', ')}`,
      evidence,
      replay,
      bucket: 'auth-config-mismatch',
    };
  }
  return { status: 'pass', summary: `all ${spec.names.length} required env names are set`, evidence, replay };
}

export const envKind: CheckKind<EnvSpec, typeof envSpec> = {
  kind: 'env',
  schema: envSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, `Env ${spec.names.join(', ')}`), run: async (ctx) => runEnv(spec, ctx) };
  },
};
