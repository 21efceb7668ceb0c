import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findToken } from '../../../src/note/export/token';
import { TRACKER_APIS } from '../../../src/trackers/registry';

// Each tracker says where its CLI keeps a token; token.ts runs the command or reads the file.

const dir = mkdtempSync(join(tmpdir(), 'triage-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bin = join(dir, 'bin');
mkdirSync(bin);
// A stand-in gh: prints a token naming the host it was asked for.
writeFileSync(join(bin, 'gh'), '#!/bin/sh\nif [ "$3" = "--hostname" ]; then echo "gh-for-$4"; else echo gh-token; fi\n');
chmodSync(join(bin, 'gh'), 0o755);

const config = join(dir, 'config');
mkdirSync(join(config, 'tea'), { recursive: true });
writeFileSync(
  join(config, 'tea', 'config.yml'),
  'logins:\n  - url: https://gitea.com\n    token: default-token\n    default: true\n  - url: https://git.example.com\n    token: example-token\n',
);

const env = { PATH: bin, HOME: dir, XDG_CONFIG_HOME: config };

describe('findToken', () => {
  it('takes the first set environment variable before any CLI', async () => {
    expect(await findToken(TRACKER_APIS.github, 'https://api.github.com', { env: { ...env, GH_TOKEN: 'from-env' } })).toEqual({
      token: 'from-env',
      from: 'GH_TOKEN',
    });
  });

  it('asks gh for the token, naming the host when it is not github.com', async () => {
    expect(await findToken(TRACKER_APIS.github, 'https://api.github.com', { env })).toEqual({ token: 'gh-token', from: 'gh auth token' });
    expect(await findToken(TRACKER_APIS.github, 'https://ghe.example.com/api/v3', { env })).toEqual({ token: 'gh-for-ghe.example.com', from: 'gh auth token' });
  });

  it("reads tea's login for the API's host, else its default login", async () => {
    expect(await findToken(TRACKER_APIS.gitea, 'https://git.example.com/api/v1', { env })).toEqual({ token: 'example-token', from: "tea's login" });
    expect(await findToken(TRACKER_APIS.gitea, 'https://other.example.com/api/v1', { env })).toEqual({ token: 'default-token', from: "tea's login" });
  });

  it('finds nothing when the CLI is missing', async () => {
    expect(await findToken(TRACKER_APIS.gitlab, 'https://gitlab.com/api/v4', { env })).toBeUndefined();
  });
});
