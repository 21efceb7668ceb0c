import type { z } from 'zod';
import type { Tracker } from '../../investigation/ledger-state';

// One issue tracker behind one interface: each maps "file an issue", "update it", "add a
// comment", "update a comment" to its documented REST endpoints. They build requests and
// read responses; `http.ts` sends them, `export.ts` decides which to send.

export interface TrackerContext {
  /** API base, e.g. `https://api.github.com`, `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  /** `OWNER/NAME` (GitLab: the full project path, groups included). */
  repo: string;
}

/** An issue number, or a stand-in for one a dry run has not created. */
export type IssueNumber = number | string;

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Appended to the API base. */
  path: string;
  body?: Record<string, unknown>;
  /** The response body's shape, parsed at the boundary. */
  response: z.ZodType<T>;
}

export interface IssueRef {
  number: number;
  url: string;
}

export interface CommentRef {
  id: number;
  url: string;
}

export interface IssueContent {
  title: string;
  body: string;
  labels: readonly string[];
}

export interface TrackerApi {
  name: Tracker;
  /** The public service's API; self-hosted instances pass `--api-url`. */
  defaultApiUrl: string;
  /** Environment variables holding a token, first set wins. */
  tokenEnv: readonly string[];
  /** How a person logs in with the tracker's CLI, for the "no token" message. */
  loginHint: string;
  authHeaders(token: string): Record<string, string>;
  /** Headers every request carries besides auth. */
  headers: Record<string, string>;
  createIssue(ctx: TrackerContext, issue: IssueContent): RequestSpec<IssueRef>;
  /** Labels the tracker cannot take at creation (Gitea wants ids there); undefined when creation took them. */
  addLabels?(ctx: TrackerContext, issue: IssueNumber, labels: readonly string[]): RequestSpec<unknown>;
  updateIssue(ctx: TrackerContext, issue: IssueNumber, content: Omit<IssueContent, 'labels'>): RequestSpec<IssueRef>;
  createComment(ctx: TrackerContext, issue: IssueNumber, body: string): RequestSpec<CommentRef>;
  updateComment(ctx: TrackerContext, issue: IssueNumber, comment: number, body: string): RequestSpec<CommentRef>;
}

/** `OWNER/NAME` split, each part URL-encoded for a path. */
export function ownerAndName(repo: string): string {
  return repo
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/');
}
