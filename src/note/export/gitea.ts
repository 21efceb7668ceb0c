import { z } from 'zod';
import { ownerAndName, type TrackerApi } from './types';

// Gitea REST v1: https://docs.gitea.com/api/ (issue, issue comments, issue labels).
// Creating an issue takes label ids only; labels by name go to the issue's labels endpoint.

const issue = z.object({ number: z.number().int(), html_url: z.string() }).transform((i) => ({ number: i.number, url: i.html_url }));
const comment = z.object({ id: z.number().int(), html_url: z.string() }).transform((c) => ({ id: c.id, url: c.html_url }));

export const gitea: TrackerApi = {
  name: 'gitea',
  defaultApiUrl: 'https://gitea.com/api/v1',
  tokenEnv: ['GITEA_TOKEN'],
  loginHint: 'set GITEA_TOKEN, or log in with `tea login add`',
  authHeaders: (token) => ({ Authorization: `token ${token}` }),
  headers: { Accept: 'application/json' },
  createIssue: (ctx, { title, body }) => ({ method: 'POST', path: `/repos/${ownerAndName(ctx.repo)}/issues`, body: { title, body }, response: issue }),
  addLabels: (ctx, n, labels) => ({ method: 'POST', path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}/labels`, body: { labels: [...labels] }, response: z.unknown() }),
  updateIssue: (ctx, n, { title, body }) => ({ method: 'PATCH', path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}`, body: { title, body }, response: issue }),
  createComment: (ctx, n, body) => ({ method: 'POST', path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}/comments`, body: { body }, response: comment }),
  updateComment: (ctx, _n, id, body) => ({ method: 'PATCH', path: `/repos/${ownerAndName(ctx.repo)}/issues/comments/${id}`, body: { body }, response: comment }),
};
