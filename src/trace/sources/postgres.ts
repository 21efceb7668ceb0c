import type pg from 'pg';
import { InputError } from '../../errors';
import { compareInstants, fromMillis, type Instant } from '../instant';
import { parseEpoch } from '../timestamps/epoch';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { RawRecord, TraceSource } from '../types';
import type { SourceRefKind, TraceSourceKind } from './kind';
import { redactUrl, serverOf } from './redact-url';

/** Rows per id at most: the query is wrapped in a LIMIT so memory stays bounded. */
const ROW_LIMIT = 10_000;
/** timestamp, timestamptz: kept as text so microseconds survive (a JS Date keeps milliseconds). */
const TIME_TYPES = new Set([1114, 1184]);

function timeOf(value: unknown): Instant | undefined {
  if (value instanceof Date) return fromMillis(value.getTime());
  if (typeof value === 'number') return parseEpoch(String(value));
  if (typeof value !== 'string') return undefined;
  const iso = parseIsoAt(value, 0);
  return iso ? { ms: iso.ms, ns: iso.ns } : parseEpoch(value);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The plan's query, read-only, once per id (`$1`), rows in time order. */
async function queryRows(url: string, query: string, timeColumn: string, ids: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<RawRecord[]> {
  // Loaded when a plan queries PostgreSQL: the driver is large and most walks never need it.
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'triage trace',
    // Read-only against the system: every transaction of this session refuses writes.
    options: '-c default_transaction_read_only=on',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        TIME_TYPES.has(oid) ? (v: string) => v : pgModule.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const onAbort = () => void client.end().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const sql = `SELECT * FROM (${query.trim().replace(/;+\s*$/, '')}) AS trace_rows LIMIT ${ROW_LIMIT}`;
    const records: RawRecord[] = [];
    for (const id of ids) {
      const result = await client.query({ text: sql, values: [id] });
      if (result.rows.length > 0 && !(timeColumn in result.rows[0]!)) {
        throw new Error(`the query returns no column "${timeColumn}" (trace.postgres.timeColumn); it returns ${result.fields.map((f) => f.name).join(', ')}`);
      }
      for (const row of result.rows as Record<string, unknown>[]) {
        const time = timeOf(row[timeColumn]);
        const text = Object.entries(row)
          .filter(([k]) => k !== timeColumn)
          .map(([k, v]) => `${k}=${cell(v)}`)
          .join(' ');
        records.push({ text, ...(time ? { time } : {}), selectedBy: id });
      }
    }
    return records.sort((a, b) => (a.time && b.time ? compareInstants(a.time, b.time) : 0));
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => {});
  }
}

/** A query's rows: `label` names the table (or the query), `database` the server. */
type TableRef = { kind: 'table'; label: string; database: string };

const tableRef: SourceRefKind<TableRef> = {
  kind: 'table',
  label: (ref) => `postgres ${ref.label}`,
  service: (ref) => ref.label,
};

export const postgresKind: TraceSourceKind = {
  prefixes: ['postgres', 'postgresql'],
  usage: 'postgres:URL',
  help: "rows of the plan's trace.postgres.query with the id as $1, in order of its timeColumn (read-only)",
  refs: [tableRef],
  create(prefix, argument, spec, env): TraceSource {
    const plan = env.trace?.postgres;
    if (!plan) throw new InputError(spec, undefined, 'trace.postgres', 'a postgres source needs trace.postgres.query and timeColumn in the plan');
    // `postgres:postgres://...` and `postgres://...` both name the server.
    const url = /^postgres(ql)?:\/\//.test(argument) ? argument : `${prefix}:${argument}`;
    const label = plan.label ?? /\bfrom\s+([A-Za-z_][\w.]*)/i.exec(plan.query)?.[1] ?? 'query';
    const shown = redactUrl(url);
    return {
      spec: `postgres:${shown}`,
      description: `postgres ${shown}`,
      async *streams(context) {
        const records = await queryRows(url, plan.query, plan.timeColumn, context.ids, context.timeoutMs, context.signal);
        yield {
          source: { kind: 'table', label, database: serverOf(url) } satisfies TableRef,
          async *read() {
            yield { records };
          },
        };
      },
    };
  },
};
