import { describe, expect, it } from 'vitest';
import { execaCommand } from 'execa';
import { envKind, envSpec } from '../../src/checks/kinds/env';
import { run } from './support';

const env = (names: string[]) => envKind.create(envSpec.parse({ kind: 'env', names }), 'auth-config', 0);

describe('env check', () => {
  it('reports which names are set and which are missing, never their values', async () => {
    const result = await run(env(['API_TOKEN', 'DB_URL', 'TENANT']), { env: { API_TOKEN: 'tok-123-secret', TENANT: '' } });
    expect(result).toMatchObject({ status: 'fail', summary: '2 of 3 required env names missing or empty: DB_URL, TENANT', bucket: 'auth-config-mismatch' });
    expect(result.evidence.map((e) => e.text)).toEqual(['API_TOKEN: set', 'DB_URL: missing', 'TENANT: set but empty']);
    expect(JSON.stringify(result)).not.toContain('tok-123-secret');
  });

  it('passes when every name is set', async () => {
    const result = await run(env(['API_TOKEN']), { env: { API_TOKEN: 'x' } });
    expect(result).toMatchObject({ status: 'pass', summary: 'all 1 required env names are set' });
  });

  it('replays as a shell loop that prints set or missing and no value', async () => {
    const result = await run(env(['API_TOKEN', 'DB_URL']), { env: {} });
    const { stdout } = await execaCommand('sh', { input: result.replay!, env: { API_TOKEN: 'tok-123-secret', PATH: process.env.PATH }, extendEnv: false });
    expect(stdout).toBe('API_TOKEN: set\nDB_URL: missing');
  });
});
