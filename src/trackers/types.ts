import type { z } from 'zod';

// One issue tracker (an export target) behind one interface: each maps "file an issue",
// "update it", "add a comment", "update a comment" to its documented REST endpoints, and
// says where its token is found. They build requests, read responses and ask the given
// ports; `note/export/http.ts` sends, `note/export/export.ts` decides which to send and
// `note/export/token.ts` owns the processes and files. This folder imports nothing of
// ours, so the journal (investigation/) and the export (note/) both read its registry.

export interface TrackerContext {
  /** API base, e.g. `https://api.github.com`, `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  /** `OWNER/NAME` (GitLab: the full project path, groups included). */
  repo: string;
}

/** An issue number, or a stand-in for one a dry run has not created. */
type IssueNumber = number | string;

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Appended to the API base. */
  path: string;
  body?: Record<string, unknown>;
  /** The response body's shape, parsed at the boundary. */
  response: z.ZodType<T>;
}

interface IssueRef {
  number: number;
  url: string;
}

interface CommentRef {
  id: number;
  url: string;
}

interface IssueContent {
  title: string;
  body: string;
  labels: readonly string[];
}

export interface FoundToken {
  token: string;
  /** What gave it, for messages: `GITHUB_TOKEN`, `gh auth token`. */
  from: string;
}

/** What a tracker may ask for when looking for its CLI's token; `note/export/token.ts` answers. */
export interface TokenPorts {
  /** A command's trimmed stdout (no stdin, a deadline), or undefined when it is missing, fails or is not one token. */
  run(file: string, args: readonly string[]): Promise<string | undefined>;
  /** A YAML file under the user's config directory (`$XDG_CONFIG_HOME`, else `~/.config`), parsed; undefined when absent or unreadable. */
  readConfig(...path: string[]): unknown;
}

export interface TrackerApi<Name extends string = string> {
  /** The id `--to` takes and the journal records. */
  name: Name;
  /** How people write its name. */
  label: string;
  /** The public service's API; self-hosted instances pass `--api-url`. */
  defaultApiUrl: string;
  /** What `--repo` must look like, and how the usage error spells it. */
  repoShape: { pattern: RegExp; spelled: string };
  /** Environment variables holding a token, first set wins. */
  tokenEnv: readonly string[];
  /** The tracker's own CLI (`gh`), whose login is the fallback token. */
  cli: string;
  /** How a person logs in with the tracker's CLI, for the "no token" message. */
  loginHint: string;
  /** The token the tracker's own CLI holds when it is installed and logged in. */
  cliToken(apiUrl: string, ports: TokenPorts): Promise<FoundToken | undefined>;
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

/** The web host of an API URL, as the trackers' CLIs name their logins. */
export function hostOf(apiUrl: string): string {
  const host = new URL(apiUrl).host;
  return host === 'api.github.com' ? 'github.com' : host;
}
