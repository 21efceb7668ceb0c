import { z } from 'zod';
import { hostOf, type TrackerApi, type TrackerContext } from './types';

// GitLab REST v4: https://docs.gitlab.com/api/issues/ and https://docs.gitlab.com/api/notes/
// A project is addressed by its URL-encoded full path; an issue by its project-scoped iid.

const issue = z.object({ iid: z.number().int(), web_url: z.string() }).transform((i) => ({ number: i.iid, url: i.web_url }));
const note = z.object({ id: z.number().int() });

const project = (ctx: TrackerContext) => `/projects/${encodeURIComponent(ctx.repo)}`;
/** Notes carry no URL of their own; this is where GitLab shows them. */
const noteUrl = (ctx: TrackerContext, n: string | number, id: number) => `${ctx.apiUrl.replace(/\/api\/v4\/?$/, '')}/${ctx.repo}/-/issues/${n}#note_${id}`;

export const gitlab: TrackerApi<'gitlab'> = {
  name: 'gitlab',
  label: 'GitLab',
  defaultApiUrl: 'https://gitlab.com/api/v4',
  // Projects sit in groups and subgroups.
  repoShape: { pattern: /^[^/\s]+(\/[^/\s]+)+$/, spelled: 'GROUP/.../PROJECT' },
  tokenEnv: ['GITLAB_TOKEN'],
  cli: 'glab',
  loginHint: 'set GITLAB_TOKEN, or log in with `glab auth login`',
  async cliToken(apiUrl, ports) {
    const token = await ports.run('glab', ['config', 'get', 'token', '--host', hostOf(apiUrl)]);
    return token ? { token, from: 'glab config get token' } : undefined;
  },
  authHeaders: (token) => ({ 'PRIVATE-TOKEN': token }),
  headers: { Accept: 'application/json' },
  createIssue: (ctx, { title, body, labels }) => ({
    method: 'POST',
    path: `${project(ctx)}/issues`,
    body: { title, description: body, ...(labels.length > 0 ? { labels: labels.join(',') } : {}) },
    response: issue,
  }),
  updateIssue: (ctx, n, { title, body }) => ({ method: 'PUT', path: `${project(ctx)}/issues/${n}`, body: { title, description: body }, response: issue }),
  createComment: (ctx, n, body) => ({
    method: 'POST',
    path: `${project(ctx)}/issues/${n}/notes`,
    body: { body },
    response: note.transform((c) => ({ id: c.id, url: noteUrl(ctx, n, c.id) })),
  }),
  updateComment: (ctx, n, id, body) => ({
    method: 'PUT',
    path: `${project(ctx)}/issues/${n}/notes/${id}`,
    body: { body },
    response: note.transform((c) => ({ id: c.id, url: noteUrl(ctx, n, c.id) })),
  }),
};
