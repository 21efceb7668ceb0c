import type { createClient } from 'redis';
import { fromMillis } from '../instant';
import type { RawRecord, SourceStream, TraceSource } from '../types';
import type { SourceRefKind, TraceSourceKind } from './kind';
import { redactUrl, serverOf } from './redact-url';

/** Bounds that keep memory flat whatever the keyspace holds. */
const KEY_LIMIT = 1000;
const ELEMENT_LIMIT = 1000;
const VALUE_CHARS = 4096;

const clip = (text: string) => (text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text);
const fields = (entries: Iterable<[string, string]>) => [...entries].map(([k, v]) => `${k}=${v}`).join(' ');

/** `{id}` in the plan's pattern (default `*{id}*`) becomes the id with glob characters escaped. */
function keyPatternFor(pattern: string, id: string): string {
  const escaped = id.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
  return pattern.includes('{id}') ? pattern.replaceAll('{id}', escaped) : pattern;
}

type Client = ReturnType<typeof createClient>;

/** The records of one key: a string, a hash, a list's elements, a stream's entries (timed by their ids). */
async function keyRecords(client: Client, key: string, ids: readonly string[]): Promise<RawRecord[]> {
  // A key named after an id belongs to that id whole; otherwise only elements that mention an id join.
  const owner = ids.find((id) => key.includes(id));
  const selected = owner === undefined ? {} : { selectedBy: owner };
  const type = await client.type(key);
  switch (type) {
    case 'string': {
      const value = await client.get(key);
      return value === null ? [] : [{ text: clip(`${key} = ${value}`), ...selected }];
    }
    case 'hash':
      return [{ text: clip(`${key} ${fields(Object.entries(await client.hGetAll(key)))}`), ...selected }];
    case 'list':
      return (await client.lRange(key, 0, ELEMENT_LIMIT - 1)).map((value) => ({ text: clip(`${key}: ${value}`), ...selected }));
    case 'stream':
      return (await client.xRange(key, '-', '+', { COUNT: ELEMENT_LIMIT })).map((entry) => ({
        text: clip(`${key} ${entry.id} ${fields(Object.entries(entry.message as Record<string, string>))}`),
        time: fromMillis(Number(entry.id.split('-')[0])),
        ...selected,
      }));
    default:
      return [];
  }
}

/** A key's value on a server. */
type KeyRef = { kind: 'key'; key: string; server: string };

const keyRef: SourceRefKind<KeyRef> = {
  kind: 'key',
  label: (ref) => `redis ${ref.key}`,
  service: () => 'redis',
};

export const redisKind: TraceSourceKind = {
  prefixes: ['redis', 'rediss'],
  usage: 'redis:URL',
  help: "keys matching the plan's trace.redis.keyPattern ({id} is replaced; default *{id}*): strings, hashes, lists, streams (read-only)",
  refs: [keyRef],
  create(prefix, argument, spec, env): TraceSource {
    const url = /^rediss?:\/\//.test(argument) ? argument : `${prefix}:${argument}`;
    const pattern = env.trace?.redis?.keyPattern ?? '*{id}*';
    const shown = redactUrl(url);
    return {
      spec: `redis:${shown}`,
      description: `redis ${shown}`,
      async *streams(context) {
        // Loaded when a plan reads Redis: the client is large and most walks never need it.
        const { createClient: connect } = await import('redis');
        const client: Client = connect({ url, socket: { connectTimeout: context.timeoutMs, reconnectStrategy: false } });
        client.on('error', () => {});
        const signal = AbortSignal.any([context.signal, AbortSignal.timeout(context.timeoutMs)]);
        const bounded = client.withAbortSignal(signal) as Client;
        const streams: SourceStream[] = [];
        await client.connect();
        try {
          const keys = new Set<string>();
          for (const id of context.ids) {
            for await (const batch of bounded.scanIterator({ MATCH: keyPatternFor(pattern, id), COUNT: 1000 })) {
              for (const key of batch) if (keys.size < KEY_LIMIT) keys.add(key);
              if (keys.size >= KEY_LIMIT) break;
            }
          }
          for (const key of [...keys].sort()) {
            const records = await keyRecords(bounded, key, context.ids);
            streams.push({
              source: { kind: 'key', key, server: serverOf(url) } satisfies KeyRef,
              async *read() {
                yield { records };
              },
            });
          }
        } finally {
          client.destroy();
        }
        yield* streams;
      },
    };
  },
};
