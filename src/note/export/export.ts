import type { JournalEvent, NewEvent } from '../../investigation/events';
import type { InvestigationState } from '../../investigation/fold';
import { linkKey, type ExportLink } from '../../investigation/ledger-state';
import { redactDeep } from '../../redact/redact';
import type { Plan } from '../../plan/schema';
import { followupBatches, renderFollowup } from '../followups';
import { renderNote } from '../render';
import { ExportError, requestUrl } from './http';
import type { Tracker } from '../../trackers/registry';
import type { RequestSpec, TrackerApi } from '../../trackers/types';

// One export: file the note as an issue (or a comment with --issue), or, when this
// investigation was exported there before, update what was made and send what changed
// since as a follow-up comment. The link lives in the journal (`export.linked`).

export interface ExportTarget {
  tracker: TrackerApi<Tracker>;
  apiUrl: string;
  repo: string;
  /** Comment on this existing issue instead of filing one. */
  issue?: number;
  labels: readonly string[];
}

export interface ExportInput {
  state: InvestigationState;
  events: readonly JournalEvent[];
  plan?: Plan;
  redact: (text: string) => string;
}

export interface ExportPorts {
  /** Sends a request; a dry run prints it and resolves to undefined. */
  send<T>(spec: RequestSpec<T>): Promise<T | undefined>;
  /** Appends to the journal; a dry run records nothing. */
  record(event: NewEvent): void;
}

export interface ExportOutcome {
  action: 'filed' | 'commented' | 'updated';
  /** Where the note now is, unknown in a dry run. */
  url?: string;
  /** The follow-up comment sent by this export, if there was anything new. */
  followupUrl?: string;
}

/** Stand-in for the number of an issue a dry run did not file. */
const NEW_ISSUE = '{new issue}';

function findLink(state: InvestigationState, target: Pick<ExportTarget, 'tracker' | 'apiUrl' | 'repo'>): ExportLink | undefined {
  const key = linkKey({ tracker: target.tracker.name, apiUrl: target.apiUrl, repo: target.repo });
  return state.ledger.exports.find((l) => linkKey(l) === key);
}

export async function exportNote(input: ExportInput, target: ExportTarget, ports: ExportPorts): Promise<ExportOutcome> {
  const { tracker, apiUrl, repo, labels } = target;
  const ctx = { apiUrl, repo };
  const link = findLink(input.state, target);
  if (link && target.issue !== undefined && target.issue !== link.issue) {
    throw new ExportError(
      `this investigation is already exported to ${repo}#${link.issue} (${link.url}); export again without --issue to update it there`,
      'refused',
    );
  }
  const body = renderNote(input.state, { plan: input.plan, redact: input.redact, events: input.events, followups: false });
  const title = input.redact(input.state.title);
  const through = input.events.at(-1)?.id ?? '';
  const linked = (fields: Omit<ExportLink, 'tracker' | 'apiUrl' | 'repo' | 'through' | 'at'>) =>
    ports.record({ type: 'export.linked', tracker: tracker.name, apiUrl, repo, through, ...fields });

  if (!link && target.issue !== undefined) {
    const comment = await ports.send(tracker.createComment(ctx, target.issue, body));
    if (comment) linked({ issue: target.issue, url: comment.url, created: 'comment', commentId: comment.id, followupComments: [] });
    return { action: 'commented', url: comment?.url };
  }
  if (!link) {
    const issue = await ports.send(tracker.createIssue(ctx, { title, body, labels }));
    if (tracker.addLabels && labels.length > 0) await ports.send(tracker.addLabels(ctx, issue?.number ?? NEW_ISSUE, labels));
    if (issue) linked({ issue: issue.number, url: issue.url, created: 'issue', followupComments: [] });
    return { action: 'filed', url: issue?.url };
  }

  if (link.created === 'issue') await ports.send(tracker.updateIssue(ctx, link.issue, { title, body }));
  else await ports.send(tracker.updateComment(ctx, link.issue, link.commentId!, body));
  const batches = followupBatches(redactDeep([...input.events], input.redact), link.through);
  let followupUrl: string | undefined;
  let followupComments = link.followupComments;
  if (batches.length > 0) {
    const comment = await ports.send(tracker.createComment(ctx, link.issue, input.redact(batches.map(renderFollowup).join('\n'))));
    followupUrl = comment?.url;
    if (comment) followupComments = [...followupComments, comment.id];
  }
  linked({ issue: link.issue, url: link.url, created: link.created, commentId: link.commentId, followupComments });
  return { action: 'updated', url: link.url, followupUrl };
}

/** A request as a dry run prints it: method and URL, headers with the token masked, the exact body. */
export function describeRequest(spec: RequestSpec<unknown>, apiUrl: string, headers: Record<string, string>, token: string | undefined): string {
  const masked = (value: string) => (token ? value.split(token).join('********') : value);
  const lines = [`${spec.method} ${requestUrl(apiUrl, spec.path)}`];
  const all = { ...headers, ...(spec.body ? { 'Content-Type': 'application/json' } : {}), 'User-Agent': 'triage' };
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${masked(value)}`);
  if (spec.body) lines.push('', JSON.stringify(spec.body));
  return `${lines.join('\n')}\n`;
}
