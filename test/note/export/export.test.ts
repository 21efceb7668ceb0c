import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedCheck, openTestSession, tempRoot } from '../support';
import { leakedSecrets, secretKinds } from '../../redact/corpus';
import { startTracker, type FakeTracker, type TrackerKind } from './trackers';
import { runCli } from '../../support/cli';

// `triage note export` against loopback servers implementing each tracker's documented
// issue and comment endpoints: request shape, auth header, no duplicates, follow-ups.

const TOKEN_ENV: Record<TrackerKind, string> = { github: 'GITHUB_TOKEN', gitlab: 'GITLAB_TOKEN', gitea: 'GITEA_TOKEN' };
const AUTH: Record<TrackerKind, (token: string) => [string, string]> = {
  github: (t) => ['authorization', `Bearer ${t}`],
  gitlab: (t) => ['private-token', t],
  gitea: (t) => ['authorization', `token ${t}`],
};

let root: string;
let cleanup: () => void;
let tracker: FakeTracker | undefined;

beforeEach(() => {
  ({ root, cleanup } = tempRoot('triage-export-'));
  mkdirSync(join(root, 'bin'));
});
afterEach(async () => {
  await tracker?.close();
  tracker = undefined;
  cleanup();
});

/** An investigation whose evidence holds every secret of the corpus, with a pinned verdict. */
async function investigation(id = 'inv', rawJournal = false): Promise<void> {
  const s = openTestSession(
    root,
    id,
    'alice',
    {},
    [
      fixedCheck(
        'environment',
        'worker-health',
        'fail',
        'GET /healthz → 503',
        [
          { text: 'agent origin unhealthy: 503 from upstream, restart triggered', source: 'http GET http://worker/healthz', time: '2026-06-15T08:33:46Z' },
          ...secretKinds.map((k) => ({ text: k.text, source: 'logs/worker.log' })),
        ],
        'curl -sS http://worker/healthz',
      ),
    ],
    rawJournal,
  );
  await s.runChecksOf(['environment']);
  const pin = s.pinEvidence({
    from: 'evidence',
    ref: 'environment/worker-health#0',
    step: 'environment',
    text: 'agent origin unhealthy: 503 from upstream, restart triggered',
    source: 'http GET http://worker/healthz',
    time: '2026-06-15T08:33:46Z',
  });
  s.addHypothesis({ bucket: 'timing-race', class: 'product', text: 'check the restart trigger because one 503 restarts the worker' });
  s.setVerdict({
    hypothesis: 'H1',
    verdict: 'PINNED',
    reason: 'one 503, then a restart that never re-registers',
    evidence: [pin.ok ? pin.id : ''],
    primary: true,
  });
  s.setTitle('worker restarts itself on one upstream 503');
  s.setMechanism({ text: `the worker restarts on one upstream 503; its log printed ${secretKinds[3]!.secret}` });
  await s.quit();
}

async function later(change: (s: ReturnType<typeof openTestSession>) => void, id = 'inv', rawJournal = false): Promise<void> {
  const s = openTestSession(root, id, 'bob', {}, [], rawJournal);
  change(s);
  await s.quit();
}

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const ran = await runCli(argv, { env: { USER: 'alice', HOME: root, PATH: join(root, 'bin'), ...env }, cwd: root });
  return { code: ran.code, stdout: ran.out, stderr: ran.err };
}

function exportArgs(t: FakeTracker, ...extra: string[]): string[] {
  return ['note', 'export', '--to', t.kind, '--repo', 'acme/shop', '--api-url', t.apiUrl, ...extra];
}

function journalLinks(id = 'inv'): { issue: number; created: string; followupComments: number[] }[] {
  return readFileSync(join(root, '.triage/investigations', `${id}.ndjson`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; issue: number; created: string; followupComments: number[] })
    .filter((e) => e.type === 'export.linked');
}

describe.each(['github', 'gitlab', 'gitea'] as const)('export to %s', (kind) => {
  const env = () => ({ [TOKEN_ENV[kind]]: tracker!.token });

  it('files an issue with the title, the note and the labels, with the right auth header', async () => {
    tracker = await startTracker(kind);
    await investigation();
    const result = await cli(exportArgs(tracker, '--labels', 'triage,e2e'), env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`filed https://${kind}.example.test/acme/shop/issues/1\n`);
    const create = tracker.requests[0]!;
    expect(create.method).toBe('POST');
    expect(create.path).toBe(
      { github: '/repos/acme/shop/issues', gitlab: '/api/v4/projects/acme%2Fshop/issues', gitea: '/api/v1/repos/acme/shop/issues' }[kind],
    );
    const [header, value] = AUTH[kind](tracker.token);
    expect(tracker.requests.every((r) => r.headers[header] === value)).toBe(true);
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.body!.title).toBe('worker restarts itself on one upstream 503');
    const body = String(create.body![kind === 'gitlab' ? 'description' : 'body']);
    expect(body).toMatch(/^# worker restarts itself on one upstream 503\n/);
    expect(body).toContain('## Discrimination');
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0]!.labels).toEqual(['triage', 'e2e']);
    expect(journalLinks()).toMatchObject([{ issue: 1, created: 'issue' }]);
  });

  it('sends only redacted content, even from a journal written without redaction', async () => {
    tracker = await startTracker(kind);
    await investigation('inv', true);
    expect(leakedSecrets(readFileSync(join(root, '.triage/investigations/inv.ndjson'), 'utf8'))).not.toEqual([]);
    await cli(exportArgs(tracker), env());
    await later((s) => s.addFollowup(`rotated the leaked key ${secretKinds[5]!.secret} and ${secretKinds[20]!.text}`), 'inv', true);
    await cli(exportArgs(tracker), env());
    expect(tracker.issues[0]!.comments).toHaveLength(1);
    const sent = tracker.requests.map((r) => JSON.stringify(r.body)).join('\n');
    expect(sent).toContain('[REDACTED:');
    expect(leakedSecrets(sent)).toEqual([]);
    expect(leakedSecrets(JSON.stringify(tracker.issues))).toEqual([]);
  });

  it('updates the issue it filed on a second export, sends later changes as one follow-up comment, never a duplicate issue', async () => {
    tracker = await startTracker(kind);
    await investigation();
    await cli(exportArgs(tracker), env());
    const again = await cli(exportArgs(tracker), env());
    expect(again.stdout).toBe(`updated https://${kind}.example.test/acme/shop/issues/1\n`);
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0]!.comments).toHaveLength(0);
    const update = tracker.requests[kind === 'gitea' ? 1 : 1]!;
    expect(update.method).toBe(kind === 'gitlab' ? 'PUT' : 'PATCH');
    expect(update.path).toMatch(/\/issues\/1$/);

    await later((s) => s.setFix('debounce the restart trigger: N failures and a failed liveness probe', 'worker runtime owners'));
    const third = await cli(exportArgs(tracker), env());
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/^updated .*; follow-up comment /);
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0]!.body).toContain('**Owner:** worker runtime owners');
    expect(tracker.issues[0]!.comments).toHaveLength(1);
    expect(tracker.issues[0]!.comments[0]!.body).toMatch(
      /^### Follow-up — \d{4}-\d\d-\d\d \d\d:\d\d UTC \(bob\)\n\n- \*\*Fix shape\*\*: debounce the restart trigger/,
    );
    expect(tracker.requests.filter((r) => r.method === 'POST' && /\/issues$/.test(r.path))).toHaveLength(1);

    await cli(exportArgs(tracker), env());
    expect(tracker.issues[0]!.comments).toHaveLength(1);
    expect(journalLinks().at(-1)!.followupComments).toHaveLength(1);
  });

  it('adds the note as a comment with --issue, and a second export edits that comment', async () => {
    tracker = await startTracker(kind);
    tracker.issues.push({ number: 7, title: 'staging E2E red', body: '', labels: [], comments: [] });
    await investigation();
    const first = await cli(exportArgs(tracker, '--issue', '7'), env());
    expect(first.stdout).toMatch(/^commented /);
    expect(tracker.issues[0]!.comments).toHaveLength(1);
    const created = tracker.requests[0]!;
    expect(created.path).toMatch(kind === 'gitlab' ? /\/issues\/7\/notes$/ : /\/issues\/7\/comments$/);
    expect(String(created.body!.body)).toMatch(/^# worker restarts itself/);
    await later((s) => s.setSeverity('SEV-2'));
    await cli(exportArgs(tracker, '--issue', '7'), env());
    const id = tracker.issues[0]!.comments[0]!.id;
    const edit = tracker.requests[1]!;
    expect(edit.method).toBe(kind === 'gitlab' ? 'PUT' : 'PATCH');
    expect(edit.path).toBe(
      kind === 'gitlab' ? `/api/v4/projects/acme%2Fshop/issues/7/notes/${id}` : `${kind === 'github' ? '' : '/api/v1'}/repos/acme/shop/issues/comments/${id}`,
    );
    expect(tracker.issues[0]!.comments[0]!.body).toContain('SEV-2');
    expect(tracker.issues[0]!.comments).toHaveLength(2);
    expect(tracker.issues).toHaveLength(1);
  });
});

describe('export failures', () => {
  it('says the token was rejected on 401 and exits 2', async () => {
    tracker = await startTracker('github');
    await investigation();
    const result = await cli(exportArgs(tracker), { GITHUB_TOKEN: 'wrong' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/github rejected the token: 401 Unauthorized \(github says: Bad credentials\)/);
    expect(journalLinks()).toEqual([]);
  });

  it('says what to check on 404 and 403', async () => {
    tracker = await startTracker('gitea');
    await investigation();
    const missing = await cli(['note', 'export', '--to', 'gitea', '--repo', 'acme/nope', '--api-url', tracker.apiUrl], { GITEA_TOKEN: tracker.token });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/404 Not Found for acme\/nope.*Check --repo, --issue and --api-url/);
    tracker.failNext(403);
    const forbidden = await cli(exportArgs(tracker), { GITEA_TOKEN: tracker.token });
    expect(forbidden.stderr).toMatch(/403 Forbidden.*cannot write issues or comments in acme\/shop/);
  });

  it('retries 429 and 5xx (Retry-After honoured) and files exactly one issue', async () => {
    tracker = await startTracker('gitlab');
    await investigation();
    tracker.failNext(429, 502);
    const result = await cli(exportArgs(tracker), { GITLAB_TOKEN: tracker.token });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/429 Too Many Requests.*retrying in 0 s \(attempt 2 of 4\)/);
    expect(result.stderr).toMatch(/502 Bad Gateway.*attempt 3 of 4/);
    expect(tracker.issues).toHaveLength(1);
  });

  it('reports a tracker that keeps failing, exits 3 and records no link', async () => {
    tracker = await startTracker('github');
    await investigation();
    tracker.failNext(503, 503, 503, 503);
    const result = await cli(exportArgs(tracker), { GITHUB_TOKEN: tracker.token });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/github: POST .*\/repos\/acme\/shop\/issues failed 4 times; last: 503 Service Unavailable/);
    expect(journalLinks()).toEqual([]);
  });

  it('asks for a token when none is set and no CLI is logged in', async () => {
    tracker = await startTracker('gitlab');
    await investigation();
    const result = await cli(exportArgs(tracker));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no gitlab token: set GITLAB_TOKEN, or log in with `glab auth login`/);
    expect(tracker.requests).toEqual([]);
  });
});

describe.each(['github', 'gitlab', 'gitea'] as const)('a %s error body that echoes the token', (kind) => {
  it('is printed with the token removed, on a refusal and on every retry', async () => {
    await investigation();
    tracker = await startTracker(kind);
    // The test token matches no redaction rule: only knowing the token removes it.
    expect(tracker.token).toMatch(/test-token/);
    tracker.failNextEchoing(503, 403);
    const refused = await cli(exportArgs(tracker), { [TOKEN_ENV[kind]]: tracker.token });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[REDACTED:token]');
    expect(refused.stderr).toMatch(/retrying/);
    expect(refused.stderr).not.toContain(tracker.token);
    expect(refused.stdout).not.toContain(tracker.token);
  });
});

describe('a plain-http --api-url', () => {
  it('is refused before the token is sent, unless loopback or --allow-http', async () => {
    await investigation();
    tracker = await startTracker('github');
    const remote = tracker.apiUrl.replace('127.0.0.1', 'tracker.example.test');
    const refused = await cli(exportArgs({ ...tracker, apiUrl: remote }), { GITHUB_TOKEN: tracker.token });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/plain http: the token would cross the network unencrypted.*--allow-http/);
    // Loopback over http is allowed (the tests' trackers are).
    const local = await cli(exportArgs(tracker), { GITHUB_TOKEN: tracker.token });
    expect(local.code, local.stderr).toBe(0);
    expect(tracker.requests.length).toBeGreaterThan(0);
    const help = await cli(['note', '--help']);
    expect(help.stdout).toContain('--allow-http');
  });
});

describe('tokens and dry runs', () => {
  it('takes the token from a logged-in gh when GITHUB_TOKEN and GH_TOKEN are unset', async () => {
    tracker = await startTracker('github');
    await investigation();
    const gh = join(root, 'bin', 'gh');
    writeFileSync(gh, `#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo ${tracker.token}\n`);
    chmodSync(gh, 0o755);
    const result = await cli(exportArgs(tracker), { PATH: `${join(root, 'bin')}:/usr/bin:/bin` });
    expect(result.code).toBe(0);
    expect(tracker.requests[0]!.headers.authorization).toBe(`Bearer ${tracker.token}`);
  });

  it("takes a Gitea token from tea's login for the same host", async () => {
    tracker = await startTracker('gitea');
    await investigation();
    mkdirSync(join(root, '.config', 'tea'), { recursive: true });
    const url = new URL(tracker.apiUrl);
    writeFileSync(
      join(root, '.config', 'tea', 'config.yml'),
      `logins:\n- name: work\n  url: ${url.protocol}//${url.host}\n  token: ${tracker.token}\n  default: false\n`,
    );
    const result = await cli(exportArgs(tracker));
    expect(result.code).toBe(0);
    expect(tracker.requests[0]!.headers.authorization).toBe(`token ${tracker.token}`);
  });

  it('prints exactly what would be sent with the token masked, and sends nothing', async () => {
    tracker = await startTracker('github');
    await investigation();
    const result = await cli(exportArgs(tracker, '--labels', 'triage', '--dry-run'), { GITHUB_TOKEN: tracker.token });
    expect(result.code).toBe(0);
    expect(tracker.requests).toEqual([]);
    expect(result.stdout).not.toContain(tracker.token);
    const [head, body] = result.stdout.split('\n\n');
    expect(head!.split('\n')).toEqual([
      `POST ${tracker.apiUrl}/repos/acme/shop/issues`,
      'Accept: application/vnd.github+json',
      'X-GitHub-Api-Version: 2022-11-28',
      'Authorization: Bearer ********',
      'Content-Type: application/json',
      'User-Agent: triage',
    ]);
    const sent = JSON.parse(body!) as { title: string; body: string; labels: string[] };
    expect(sent).toMatchObject({ title: 'worker restarts itself on one upstream 503', labels: ['triage'] });
    expect(leakedSecrets(result.stdout)).toEqual([]);
    expect(result.stderr).toMatch(/dry run: nothing was sent \(token from GITHUB_TOKEN, masked\)/);
    expect(journalLinks()).toEqual([]);
  });
});
