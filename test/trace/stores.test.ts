import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { createClient } from 'redis';
import { filesIn, triage } from './support';
import { postgresBin, redisBin, startPostgres, startRedis, type RunningServer } from './servers';
import { describeWith } from '../support/requires';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PG = postgresBin();
const REDIS = redisBin();

/** The application's own log, between whose lines the rows and keys must fall. */
const appLog = [
  `2021-03-09T08:00:00.000Z api received trace_id=${ID}`,
  `2021-03-09T08:00:02.500Z worker picked up trace_id=${ID}`,
  `2021-03-09T08:00:04.000Z worker gave up trace_id=${ID}`,
];
const textsOf = (json: string) =>
  (JSON.parse(json) as { entries: { text: string; source: { kind: string } }[] }).entries.map((e) => `${e.source.kind}: ${e.text}`);

describeWith(
  'PostgreSQL',
  PG,
  'no /usr/lib/postgresql/*/bin: apt-get install postgresql',
)('PostgreSQL as a trace source (a real server on loopback)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startPostgres(PG!);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(`CREATE TABLE order_events (trace_id text, happened_at timestamptz, status text, detail jsonb)`);
    await client.query(
      `INSERT INTO order_events VALUES
        ($1, '2021-03-09 10:00:01.000250+02', 'created', '{"amount":12999}'),
        ($1, '2021-03-09 03:00:03-05', 'payment_pending', null),
        ('someone-else', '2021-03-09 08:00:02Z', 'created', null)`,
      [ID],
    );
    await client.end();
  }, 120_000);
  afterAll(async () => server?.stop());

  it('joins rows from the plan query into the timeline in time order, with microseconds and offsets', async () => {
    const dir = filesIn({
      'app.log': appLog,
      'triage.yaml': [
        'trace:',
        '  postgres:',
        `    url: ${server.url}`,
        '    query: SELECT happened_at, status, detail FROM order_events WHERE trace_id = $1',
        '    timeColumn: happened_at',
      ],
    });
    const { code, out, err } = await triage(['trace', ID, '--source', 'file:app.log', '--source', `postgres:${server.url}`, '--format', 'json'], dir);
    expect(err).toBe('');
    expect(textsOf(out)).toEqual([
      `file: ${appLog[0]}`,
      'table: status=created detail={"amount":12999}',
      `file: ${appLog[1]}`,
      'table: status=payment_pending detail=null',
      `file: ${appLog[2]}`,
    ]);
    const row = JSON.parse(out).entries[1];
    expect(row).toMatchObject({ time: '2021-03-09T08:00:01.000250Z', source: { kind: 'table', label: 'order_events' } });
    // No error on it and no plan services it could have missed: the trace completes.
    expect(code).toBe(0);
  });

  it('runs the query read-only, with the id as $1', async () => {
    const dir = filesIn({
      'triage.yaml': [
        'trace:',
        '  postgres:',
        `    url: ${server.url}`,
        "    query: SELECT now() AS at, $1::text AS id, current_setting('default_transaction_read_only') AS read_only",
        '    timeColumn: at',
        '    label: settings',
      ],
    });
    const { out } = await triage(['trace', ID, '--format', 'json'], dir);
    expect(textsOf(out)).toEqual([`table: id=${ID} read_only=on`]);
  });

  it('reports an unreachable server as a source it could not read, exit 3', async () => {
    const dir = filesIn({
      'triage.yaml': ['trace:', '  postgres:', '    url: postgres://triage@127.0.0.1:1/postgres', '    query: SELECT 1 AS at', '    timeColumn: at'],
    });
    const { code, out } = await triage(['trace', ID, '--format', 'json', '--timeout', '3s'], dir);
    expect(JSON.parse(out).problems[0]).toMatch(/^postgres postgres:\/\/triage@127\.0\.0\.1:1\/postgres: .*ECONNREFUSED/);
    expect(code).toBe(3);
  });
});

describeWith(
  'Redis',
  REDIS,
  'no redis-server: apt-get install redis-server',
)('Redis as a trace source (a real server on loopback)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startRedis(REDIS!);
    const client = createClient({ url: server.url });
    await client.connect();
    await client.hSet(`task:${ID}`, { status: 'failed', updated_at: '2021-03-09T08:00:03.000Z' });
    await client.set(`lock:${ID}`, JSON.stringify({ owner: 'worker-2', ts: 1615276801.5 }));
    await client.xAdd(`events:${ID}`, '1615276800500-0', { stage: 'queued' });
    await client.xAdd(`events:${ID}`, '1615276803500-0', { stage: 'retrying' });
    await client.rPush('queue:payments', [
      JSON.stringify({ trace_id: 'other', ts: 1615276801 }),
      JSON.stringify({ trace_id: ID, time: '2021-03-09T08:00:02Z' }),
    ]);
    await client.set('task:other', 'not this one');
    await client.close();
  }, 60_000);
  afterAll(async () => server?.stop());

  it('joins keys named after the id — hash, string, stream entries — into the timeline in time order', async () => {
    const dir = filesIn({ 'app.log': appLog });
    const { out } = await triage(['trace', ID, '--source', 'file:app.log', '--source', `redis:${server.url}`, '--format', 'json'], dir);
    expect(textsOf(out)).toEqual([
      `file: ${appLog[0]}`,
      `key: events:${ID} 1615276800500-0 stage=queued`,
      `key: lock:${ID} = {"owner":"worker-2","ts":1615276801.5}`,
      `file: ${appLog[1]}`,
      `key: task:${ID} status=failed updated_at=2021-03-09T08:00:03.000Z`,
      `key: events:${ID} 1615276803500-0 stage=retrying`,
      `file: ${appLog[2]}`,
    ]);
  });

  it("reads only the elements that mention the id when the plan's key pattern does not name it", async () => {
    const dir = filesIn({ 'triage.yaml': ['trace:', '  redis:', `    url: ${server.url}`, "    keyPattern: 'queue:*'"] });
    const { out } = await triage(['trace', ID, '--format', 'json'], dir);
    expect(textsOf(out)).toEqual([`key: queue:payments: {"trace_id":"${ID}","time":"2021-03-09T08:00:02Z"}`]);
  });
});
