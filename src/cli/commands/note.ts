import { dirname, resolve } from 'node:path';
import { flagBool, flagChoice, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { authorOf } from '../investigation';
import { InputError } from '../../errors';
import { Journal } from '../../investigation/journal';
import { foldAll } from '../../investigation/fold';
import { jsonLineRedactor, redactorFor, rulesFromPlan } from '../../redact/redact';
import { loadPlan } from '../../plan/load';
import { renderNote } from '../../note/render';
import { describeRequest, exportNote } from '../../note/export/export';
import { ExportError, send } from '../../note/export/http';
import { TRACKER_APIS, TRACKERS, trackerTokenSources } from '../../trackers/registry';
import { findToken } from '../../note/export/token';
import { makePrivateDir, writePrivateFile } from '../../files';

/** 127.0.0.0/8, localhost and ::1: a plain-http URL there never leaves the machine. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The investigation named by --investigation, else the most recently written one, folded. */
function openInvestigation(args: ParsedArgs, io: Io) {
  const requested = flagString(args, 'investigation');
  if (requested !== undefined && (!/^[A-Za-z0-9._-]+$/.test(requested) || !Journal.exists(io.cwd, requested))) {
    throw new InputError('--investigation', undefined, undefined, `no investigation "${requested}" under .triage/investigations/`);
  }
  const id = requested ?? Journal.list(io.cwd)[0]?.id;
  if (id === undefined) {
    throw new InputError('.triage/investigations', undefined, undefined, 'no investigation yet: `triage`, `triage run` or `triage demo` starts one');
  }
  const loaded = loadPlan(io.cwd, flagString(args, 'plan'));
  const rules = rulesFromPlan(loaded.plan.redact, loaded.file);
  io.redaction?.use(rules);
  const journal = Journal.open(io.cwd, id, authorOf(args, io), jsonLineRedactor(rules));
  const { events, problems } = journal.readNew();
  const torn = journal.tornTail();
  for (const p of [...problems, ...(torn ? [torn] : [])]) io.stderr.write(`triage note: ${journal.path}:${p.line}: ${p.reason}\n`);
  return { id, journal, events, state: foldAll(id, events), plan: loaded.plan, redact: redactorFor(rules) };
}

async function render(args: ParsedArgs, io: Io): Promise<number> {
  const inv = openInvestigation(args, io);
  try {
    const markdown = renderNote(inv.state, { plan: inv.plan, redact: inv.redact, events: inv.events });
    const out = flagString(args, 'out');
    if (!out) {
      io.stdout.write(markdown);
      return EXIT.ok;
    }
    const path = resolve(io.cwd, out);
    try {
      makePrivateDir(dirname(path));
      writePrivateFile(path, markdown);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(out, undefined, '--out', `cannot write the note there (${code ?? (error as Error).message})`);
    }
    inv.journal.append({ type: 'note.written', path });
    io.stdout.write(`${path}\n`);
    return EXIT.ok;
  } finally {
    inv.journal.close();
  }
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${flag} must be an issue number (got ${value})`);
  return Number(value);
}

async function exportTo(args: ParsedArgs, io: Io): Promise<number> {
  if (flagString(args, 'to') === undefined) throw new UsageError(`give --to ${TRACKERS.join('|')}`);
  const tracker = TRACKER_APIS[flagChoice(args, 'to', TRACKERS, TRACKERS[0])];
  const repo = flagString(args, 'repo');
  if (!repo) throw new UsageError('give --repo OWNER/NAME');
  if (!tracker.repoShape.pattern.test(repo)) throw new UsageError(`--repo must be ${tracker.repoShape.spelled} (got ${repo})`);
  const apiUrl = (flagString(args, 'api-url') ?? tracker.defaultApiUrl).replace(/\/+$/, '');
  if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) throw new UsageError(`--api-url must be an http(s) URL (got ${apiUrl})`);
  const issue = positiveInt(flagString(args, 'issue'), 'issue');
  const labels = (flagString(args, 'labels') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const dryRun = flagBool(args, 'dry-run');
  // A token sent over plain http to another machine crosses the network readable by anyone on the path.
  if (!dryRun && new URL(apiUrl).protocol === 'http:' && !isLoopbackHost(new URL(apiUrl).hostname)) {
    if (!flagBool(args, 'allow-http')) {
      throw new UsageError(`--api-url ${apiUrl} is plain http: the token would cross the network unencrypted. Use https, or --allow-http to send it anyway`);
    }
    io.stderr.write(`triage note export: warning: sending the ${tracker.name} token over plain http to ${new URL(apiUrl).host} (--allow-http)\n`);
  }

  const inv = openInvestigation(args, io);
  try {
    const found = await findToken(tracker, apiUrl, { env: io.env });
    if (!found && !dryRun) {
      io.stderr.write(`triage note export: no ${tracker.name} token: ${tracker.loginHint}\n`);
      return EXIT.usage;
    }
    const token = found?.token ?? `<${tracker.tokenEnv[0]}>`;
    // Whatever echoes it (an error body, a URL in a message) prints it as [REDACTED:token].
    if (found) io.redaction?.hide(found.token);
    const headers = { ...tracker.headers, ...tracker.authHeaders(token) };
    const outcome = await exportNote(
      { state: inv.state, events: inv.events, plan: inv.plan, redact: inv.redact },
      { tracker, apiUrl, repo, issue, labels },
      {
        send: async (spec) => {
          if (dryRun) {
            io.stdout.write(`${describeRequest(spec, apiUrl, headers, found?.token)}\n`);
            return undefined;
          }
          return send(spec, {
            tracker: tracker.name,
            repo,
            apiUrl,
            headers,
            secrets: found ? [found.token] : [],
            onRetry: (m) => io.stderr.write(`triage note export: ${m}\n`),
          });
        },
        record: (event) => {
          if (!dryRun) inv.journal.append(event);
        },
      },
    );
    if (dryRun) {
      io.stderr.write(`dry run: nothing was sent${found ? ` (token from ${found.from}, masked)` : ' (no token found)'}\n`);
    } else {
      const followup = outcome.followupUrl ? `; follow-up comment ${outcome.followupUrl}` : '';
      io.stdout.write(`${outcome.action} ${outcome.url ?? ''}${followup}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    io.stderr.write(`triage note export: ${error.message}\n`);
    return error.kind === 'refused' ? EXIT.usage : EXIT.unreachable;
  } finally {
    inv.journal.close();
  }
}

export const command: Command = {
  name: 'note',
  usage: `triage note render [--investigation ID] [--out FILE] | triage note export --to ${TRACKERS.join('|')} --repo OWNER/NAME [--api-url URL] [--issue N] [--labels a,b] [--dry-run]`,
  subcommands: ['render', 'export'],
  flags: [
    { name: 'out', type: 'string', value: 'FILE', complete: 'files', description: 'render: write the note there (and journal it) instead of stdout' },
    { name: 'to', type: 'string', choices: TRACKERS, description: 'export: the issue tracker' },
    { name: 'repo', type: 'string', value: 'OWNER/NAME', description: 'export: the repository (GitLab: the project path)' },
    { name: 'api-url', type: 'string', value: 'URL', description: 'export: the API base of a self-hosted tracker' },
    { name: 'issue', type: 'string', value: 'N', description: 'export: add the note as a comment on this issue instead of filing one' },
    { name: 'labels', type: 'string', value: 'a,b', description: 'export: labels for a new issue' },
    { name: 'dry-run', type: 'boolean', description: 'export: print every request (token masked) and send nothing' },
    {
      name: 'allow-http',
      type: 'boolean',
      description: 'export: send the token to a plain-http --api-url on another host (refused otherwise; loopback is always allowed)',
    },
  ],
  help: `Subcommands:
  render   the note of an investigation (default: the most recent) as markdown
  export   file it as an issue, or a comment with --issue; exporting again updates what was
           filed and sends later changes as a follow-up comment, never a duplicate issue

Tokens: ${trackerTokenSources()}.
Everything sent is redacted first; the token never appears in what is printed, even where a
tracker's error echoes it. A plain-http --api-url on another host is refused before the token
is sent (exit 2) unless --allow-http; http on loopback (127.0.0.1, localhost, [::1]) is allowed.`,
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (sub === 'render') return render(args, io);
    if (sub === 'export') return exportTo(args, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}" (render, export)` : 'give a subcommand: render or export');
  },
};
