import { z } from 'zod';
import { hostOf, ownerAndName, type TrackerApi } from './types';

// Gitea REST v1: https://docs.gitea.com/api/ (issue, issue comments, issue labels).
// Creating an issue takes label ids only; labels by name go to the issue's labels endpoint.

const issue = z.object({ number: z.number().int(), html_url: z.string() }).transform((i) => ({ number: i.number, url: i.html_url }));
const comment = z.object({ id: z.number().int(), html_url: z.string() }).transform((c) => ({ id: c.id, url: c.html_url }));

/** tea keeps its logins in a config file rather than printing a token. */
const teaConfig = z.object({
  logins: z.array(z.object({ url: z.string(), token: z.string().optional(), default: z.boolean().optional() }).passthrough()).default([]),
});

export const gitea: TrackerApi<'gitea'> = {
  name: 'gitea',
  label: 'Gitea',
  defaultApiUrl: 'https://gitea.com/api/v1',
  repoShape: { pattern: /^[^/\s]+\/[^/\s]+$/, spelled: 'OWNER/NAME' },
  tokenEnv: ['GITEA_TOKEN'],
  cli: 'tea',
  loginHint: 'set GITEA_TOKEN, or log in with `tea login add`',
  async cliToken(apiUrl, ports) {
    const config = teaConfig.safeParse(ports.readConfig('tea', 'config.yml'));
    if (!config.success) return undefined;
    const host = hostOf(apiUrl);
    const sameHost = config.data.logins.find((l) => URL.canParse(l.url) && new URL(l.url).host === host && l.token);
    const token = (sameHost ?? config.data.logins.find((l) => l.default && l.token))?.token;
    return token ? { token, from: "tea's login" } : undefined;
  },
  authHeaders: (token) => ({ Authorization: `token ${token}` }),
  headers: { Accept: 'application/json' },
  createIssue: (ctx, { title, body }) => ({ method: 'POST', path: `/repos/${ownerAndName(ctx.repo)}/issues`, body: { title, body }, response: issue }),
  addLabels: (ctx, n, labels) => ({
    method: 'POST',
    path: `/repos/${ownerAndName(ctx.repo)}/issues/${n}/labels`,
    body: { labels: [...labels] },
    response: z.unknown(),
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
