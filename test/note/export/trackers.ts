import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Loopback servers that implement the issue and comment endpoints of GitHub, GitLab and
// Gitea as documented, in memory, and keep every request for the tests to inspect.

export type TrackerKind = 'github' | 'gitlab' | 'gitea';

interface SeenRequest {
  method: string;
  /** The raw path as sent (GitLab's project path stays URL-encoded). */
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}

interface Comment {
  id: number;
  body: string;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  comments: Comment[];
}

export interface FakeTracker {
  kind: TrackerKind;
  apiUrl: string;
  token: string;
  requests: SeenRequest[];
  issues: Issue[];
  /** Answers the next requests with these statuses (and Retry-After: 0 on 429/503) before serving normally. */
  failNext(...statuses: number[]): void;
  /** Like failNext, with an error body that repeats the credential the request carried (as some proxies and trackers do). */
  failNextEchoing(...statuses: number[]): void;
  close(): Promise<void>;
}

const PREFIX: Record<TrackerKind, string> = { github: '', gitlab: '/api/v4', gitea: '/api/v1' };

function authorized(kind: TrackerKind, headers: IncomingMessage['headers'], token: string): boolean {
  if (kind === 'gitlab') return headers['private-token'] === token;
  return headers.authorization === (kind === 'github' ? `Bearer ${token}` : `token ${token}`);
}

export async function startTracker(kind: TrackerKind, repo = 'acme/shop', token = `${kind}-test-token-1234`): Promise<FakeTracker> {
  const requests: SeenRequest[] = [];
  const issues: Issue[] = [];
  const failures: number[] = [];
  const echoes: number[] = [];
  let nextComment = 9000;
  const web = (n: number) => `https://${kind}.example.test/${repo}/issues/${n}`;
  const repoPath = kind === 'gitlab' ? `/projects/${encodeURIComponent(repo)}` : `/repos/${repo}`;
  const issueJson = (i: Issue) =>
    kind === 'gitlab' ? { iid: i.number, web_url: web(i.number), title: i.title } : { number: i.number, html_url: web(i.number), title: i.title };
  const commentJson = (i: Issue, c: Comment) =>
    kind === 'gitlab' ? { id: c.id, body: c.body } : { id: c.id, html_url: `${web(i.number)}#issuecomment-${c.id}` };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown> | undefined) => {
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const echo = echoes.shift();
    if (echo !== undefined) {
      const presented = String(req.headers.authorization ?? req.headers['private-token'] ?? '');
      return reply(echo, { message: `credential "${presented}" was rejected (${echo})` }, echo === 429 || echo >= 500 ? { 'Retry-After': '0' } : {});
    }
    const failure = failures.shift();
    if (failure !== undefined) return reply(failure, { message: `injected ${failure}` }, failure === 429 || failure >= 500 ? { 'Retry-After': '0' } : {});
    if (!authorized(kind, req.headers, token)) return reply(401, { message: kind === 'github' ? 'Bad credentials' : '401 Unauthorized' });
    const path = req.url!;
    const root = `${PREFIX[kind]}${repoPath}/issues`;
    if (!path.startsWith(root)) return reply(404, { message: 'Not Found' });
    const rest = path.slice(root.length);
    const issueBody = (b: Record<string, unknown>) => String((kind === 'gitlab' ? b.description : b.body) ?? '');
    const update = kind === 'gitlab' ? 'PUT' : 'PATCH';
    let m: RegExpExecArray | null;
    if (rest === '' && req.method === 'POST') {
      const labels =
        kind === 'gitlab'
          ? String(body!.labels ?? '')
              .split(',')
              .filter(Boolean)
          : ((body!.labels as string[] | undefined) ?? []);
      if (kind === 'gitea' && body!.labels !== undefined) return reply(422, { message: 'labels must be ids' });
      const issue: Issue = { number: issues.length + 1, title: String(body!.title), body: issueBody(body!), labels, comments: [] };
      issues.push(issue);
      return reply(201, issueJson(issue));
    }
    const find = (n: string) => issues.find((i) => i.number === Number(n));
    if (kind !== 'gitlab' && (m = /^\/comments\/(\d+)$/.exec(rest)) && req.method === 'PATCH') {
      for (const i of issues) {
        const c = i.comments.find((x) => x.id === Number(m![1]));
        if (c) {
          c.body = String(body!.body);
          return reply(200, commentJson(i, c));
        }
      }
      return reply(404, { message: 'comment not found' });
    }
    if ((m = /^\/(\d+)$/.exec(rest)) && req.method === update) {
      const issue = find(m[1]!);
      if (!issue) return reply(404, { message: 'issue not found' });
      issue.title = String(body!.title);
      issue.body = issueBody(body!);
      return reply(200, issueJson(issue));
    }
    const comments = kind === 'gitlab' ? 'notes' : 'comments';
    if ((m = new RegExp(`^/(\\d+)/${comments}$`).exec(rest)) && req.method === 'POST') {
      const issue = find(m[1]!);
      if (!issue) return reply(404, { message: 'issue not found' });
      const c = { id: nextComment++, body: String(body!.body) };
      issue.comments.push(c);
      return reply(201, commentJson(issue, c));
    }
    if (kind === 'gitlab' && (m = /^\/(\d+)\/notes\/(\d+)$/.exec(rest)) && req.method === 'PUT') {
      const issue = find(m[1]!);
      const c = issue?.comments.find((x) => x.id === Number(m![2]));
      if (!issue || !c) return reply(404, { message: 'note not found' });
      c.body = String(body!.body);
      return reply(200, commentJson(issue, c));
    }
    if (kind === 'gitea' && (m = /^\/(\d+)\/labels$/.exec(rest)) && req.method === 'POST') {
      const issue = find(m[1]!);
      if (!issue) return reply(404, { message: 'issue not found' });
      issue.labels.push(...(body!.labels as string[]));
      return reply(
        200,
        issue.labels.map((name, id) => ({ id: id + 1, name })),
      );
    }
    return reply(404, { message: `no route ${req.method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind,
    apiUrl: `${base}${PREFIX[kind]}`,
    token,
    requests,
    issues,
    failNext: (...statuses) => failures.push(...statuses),
    failNextEchoing: (...statuses) => echoes.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
