import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FoundToken, TokenPorts, TrackerApi } from '../../trackers/types';
import { endGroup, spawnInGroup } from '../../checks/process-group';

// Where a tracker token comes from: the tracker's environment variables, else the
// tracker's own CLI when it is installed and logged in (`gh auth token`, `glab config
// get token`, tea's config file). Each process has a deadline and no stdin.

export interface TokenLookup {
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A tracker CLI's stdout, or undefined when it is missing, fails or outlives its deadline. */
function fromCommand(file: string, args: readonly string[], lookup: TokenLookup): Promise<string | undefined> {
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

function fromConfig(path: readonly string[], lookup: TokenLookup): unknown {
  const dir = lookup.env.XDG_CONFIG_HOME ?? join(lookup.env.HOME ?? homedir(), '.config');
  try {
    return parse(readFileSync(join(dir, ...path), 'utf8'), { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

export async function findToken(tracker: TrackerApi, apiUrl: string, lookup: TokenLookup): Promise<FoundToken | undefined> {
  for (const name of tracker.tokenEnv) {
    const value = lookup.env[name]?.trim();
    if (value) return { token: value, from: name };
  }
  const ports: TokenPorts = { run: (file, args) => fromCommand(file, args, lookup), readConfig: (...path) => fromConfig(path, lookup) };
  return tracker.cliToken(apiUrl, ports);
}
