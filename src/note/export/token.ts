import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Tracker } from '../../investigation/ledger-state';
import type { TrackerApi } from './types';
import { endGroup, spawnInGroup } from '../../checks/process-group';

// Where a tracker token comes from: the tracker's environment variables, else the
// tracker's own CLI when it is installed and logged in (`gh auth token`, `glab config
// get token`, tea's config file). Each process has a deadline and no stdin.

export interface FoundToken {
  token: string;
  /** What gave it, for messages: `GITHUB_TOKEN`, `gh auth token`. */
  from: string;
}

export interface TokenLookup {
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

function hostOf(apiUrl: string): string {
  const host = new URL(apiUrl).host;
  return host === 'api.github.com' ? 'github.com' : host;
}

/** A tracker CLI's stdout, or undefined when it is missing, fails or outlives its deadline. */
function fromCommand(file: string, args: string[], lookup: TokenLookup): Promise<string | undefined> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(lookup.env)) if (v !== undefined) env[k] = v;
  return new Promise((resolve) => {
    const child = spawnInGroup(file, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    const done = (token: string | undefined) => {
      clearTimeout(timer);
      lookup.signal?.removeEventListener('abort', stop);
      if (child.pid !== undefined) endGroup(child.pid);
      resolve(token);
    };
    const stop = () => done(undefined);
    const timer = setTimeout(stop, lookup.timeoutMs ?? 5_000);
    lookup.signal?.addEventListener('abort', stop, { once: true });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d.slice(0, 64 * 1024)));
    child.once('error', stop);
    child.once('close', (code) => {
      const token = code === 0 ? stdout.trim() : '';
      done(token !== '' && !/\s/.test(token) ? token : undefined);
    });
  });
}

const teaConfig = z.object({
  logins: z.array(z.object({ url: z.string(), token: z.string().optional(), default: z.boolean().optional() }).passthrough()).default([]),
});

function fromTeaConfig(apiUrl: string, lookup: TokenLookup): string | undefined {
  const dir = lookup.env.XDG_CONFIG_HOME ?? join(lookup.env.HOME ?? homedir(), '.config');
  let text: string;
  try {
    text = readFileSync(join(dir, 'tea', 'config.yml'), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parse(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const config = teaConfig.safeParse(parsed);
  if (!config.success) return undefined;
  const host = hostOf(apiUrl);
  const sameHost = config.data.logins.find((l) => URL.canParse(l.url) && new URL(l.url).host === host && l.token);
  return (sameHost ?? config.data.logins.find((l) => l.default && l.token))?.token;
}

const CLI_LOOKUP: Record<Tracker, (apiUrl: string, lookup: TokenLookup) => Promise<FoundToken | undefined>> = {
  github: async (apiUrl, lookup) => {
    const host = hostOf(apiUrl);
    const token = await fromCommand('gh', ['auth', 'token', ...(host === 'github.com' ? [] : ['--hostname', host])], lookup);
    return token ? { token, from: 'gh auth token' } : undefined;
  },
  gitlab: async (apiUrl, lookup) => {
    const token = await fromCommand('glab', ['config', 'get', 'token', '--host', hostOf(apiUrl)], lookup);
    return token ? { token, from: 'glab config get token' } : undefined;
  },
  gitea: async (apiUrl, lookup) => {
    const token = fromTeaConfig(apiUrl, lookup);
    return token ? { token, from: "tea's login" } : undefined;
  },
};

export async function findToken(tracker: TrackerApi, apiUrl: string, lookup: TokenLookup): Promise<FoundToken | undefined> {
  for (const name of tracker.tokenEnv) {
    const value = lookup.env[name]?.trim();
    if (value) return { token: value, from: name };
  }
  return CLI_LOOKUP[tracker.name](apiUrl, lookup);
}
