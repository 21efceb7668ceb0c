import { z } from 'zod';
import { hostOf, ownerAndName, type TrackerApi } from './types';

// GitHub REST: https://docs.github.com/rest/issues/issues and .../issues/comments

const issue = z.object({ number: z.number().int(), html_url: z.string() }).transform((i) => ({ number: i.number, url: i.html_url }));
const comment = z.object({ id: z.number().int(), html_url: z.string() }).transform((c) => ({ id: c.id, url: c.html_url }));

export const github: TrackerApi<'github'> = {
  name: 'github',
  label: 'GitHub',
  defaultApiUrl: 'https://api.github.com',
  repoShape: { pattern: /^[^/\s]+\/[^/\s]+$/, spelled: 'OWNER/NAME' },
  tokenEnv: ['GITHUB_TOKEN', 'GH_TOKEN'],
  cli: 'gh',
  loginHint: 'set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`',
  async cliToken(apiUrl, ports) {
    const host = hostOf(apiUrl);
    const token = await ports.run('gh', ['auth', 'token', ...(host === 'github.com' ? [] : ['--hostname', host])]);
    return token ? { token, from: 'gh auth token' } : undefined;
  },
  authHeaders: (token) => ({ Authorization: `Bearer ${token}` }),
  headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
  createIssue: (ctx, { title, body, labels }) => ({
    method: 'POST',
    path: `/repos/${ownerAndName(ctx.repo)}/issues`,
    body: { title, body, ...(labels.length > 0 ? { labels } : {}) },
    response: issue,
  }),
  updateIssue: (ctx, n, { title, body }) => ({ method: 'PATCH', path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}`, body: { title, body }, response: issue }),
  createComment: (ctx, n, body) => ({ method: 'POST', path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}/comments`, body: { body }, response: comment }),
  updateComment: (ctx, _n, id, body) => ({
    method: 'PATCH',
    path: `/repos/${ownerAndName(ctx.repo)}/issues/comments/${id}`,
    body: { body },
    response: comment,
  }),
};
