// Lines that look like errors but that no signature explains, grouped into templates
// (the variable parts masked), so the person sees what the library does not know.

import { localeOrder } from '../text-order';

const ERROR_WORD = new RegExp(
  '(?:^|[^A-Za-z])(?:errors?|fatal|panic(?:ked)?|exceptions?|refused|denied|time ?outs?|timed out|unable to|cannot|killed|traceback|fail(?:ed|ure|s)?|crash(?:ed|loop\\w*)?|abort(?:ed)?|unhealthy|forbidden|unauthorized' +
    "|could ?n[o']t|not (?:be )?found|do(?:es)? ?n[o']t exist|no such|invalid|missing|expired|exceeded|unavailable|unreachable|rejected|conflicts?|mismatch(?:ed|es)?|(?:does|did|do) ?n[o']t match|data race|too long|insufficient|out of memory|no space left" +
    "|evicted|deadlock(?:ed|s)?|unschedulable|not ready|(?:is|are|job|got) stuck|violat(?:es|ed|ions?)|duplicate (?:entry|key)|too many (?:clients|connections|requests)|toomanyrequests|already exists|not permitted|(?:limit|quota) reached|refusing|no nodes? (?:are |is )?available|can[o']?t find|no files were found|low on resource|(?:any|no) (?:active )?endpoints?" +
    '|expected\\b.{1,200}\\bbut (?:was|got|received)' +
    "|unsupported|not supported|(?:does|do|is|are) ?n[o']t support(?:ed)?|incompatible|no matching|not allowed|unexpected|no valid|not available|too large|segmentation fault|core dumped|SIG(?:KILL|SEGV)|signal 9|drop(?:ped|ping)|(?:is|queue|buffer) full" +
    '|expected .{1,200} to (?:deeply |strictly )?equal|expect\\(received\\)' +
    "|x509:|errmsg|not healthy|not (?:installed|defined|initiali[sz]ed)|discard(?:ed|ing)|suppressed|(?:did|does|has) ?n[o']t (?:exit|start|complete|finish|become|respond|terminate|stabili[sz]e|return|perform)" +
    "|not (?:consistent|up[ -]to[ -]date)|breached|thresholds? .{1,200}\\bcrossed|[1-9]\\d* obsolete|no tests? (?:ran|run|found|executed|collected|to run|files)|no (?:spec|test) files (?:were )?found|no available (?:endpoints?|servers?|nodes?)|(?:does|do|did) ?n[o']t satisfy|(?:packets|messages|events|spans|records|metrics) (?:were )?lost" +
    "|failing|disappeared|no module named|not met|no files matched|no solution found|can[o']?t resolve|(?:does|do|did) ?n[o']t have (?:a |any )?(?:valid|active|running)|but is not empty|but (?:it )?did ?n[o']t|status(?: is|:)? pending" +
    ')(?![a-z])',
  'i',
);
// Compound names that end (or start) with a failure word: SessionNotCreatedException, DefaultCredentialsError, OOMKilled, ImagePullBackOff, FailedScheduling.
const ERROR_NAME =
  /[A-Za-z](?:Exception|Error|Failed|Failure|Killed|Timeout|Exceeded|Exhausted|Refused|Denied|BackOff|Unavailable|NotFound|NotReady|Forbidden|Unauthorized|Conflict)(?![a-z])|(?:^|[^A-Za-z])(?:Failed|Invalid|NotFound|Unauthorized|Forbidden|Unavailable)(?:[A-Z]|\b)|\bnpm ERR!/;
// A logger's short error level (logrus, log15, zerolog's console writer), java.util.logging's SEVERE, Redis's OOM and other error codes, pnpm's error codes.
const SHORT_LEVEL = /(?:^|[\s[(|])SEVERE(?=[\s\]):]|$)|(?:^|[^A-Za-z])(?:ERRO|EROR|FATA)\[|(?:^|\s)ERR(?=\s)|\[ERR\]|"s":\s?"[EF]"|(?:^|\s)Err:\d*\s|^\s*[\u2716\u2717\u2718\u274c]|\bOOM\b|\bERR_PNPM_[A-Z_]+|(?:^|[\s(-])(?:CROSSSLOT|WRONGTYPE|NOAUTH|WRONGPASS|NOPERM|MISCONF|EXECABORT)\s/;
// A `kubectl get` row of a pod or claim that is not running (or bound).
const NOT_RUNNING_ROW = /^\S+\s+(?:\d+\/\d+\s+)?(?:Pending|Init:\S+|ContainerCreating)\s/;
// A test's `Expected:`/`Actual:` pair, a service without endpoints, a full disk in `df`.
const ASSERTION_OR_EMPTY = /^\s*(?:Expected|Actual|Received)\s*:\s|^\s*Endpoints:\s*(?:<none>)?\s*$|^\S+\s+<none>\s+\d+[smhd]\w*\s*$|^\S+(?:\s+\d+(?:\.\d+)?[KMGTP]?i?){3}\s+100% \//;
const NONZERO_EXIT = /\bexit(?:ed|ing)?(?: with)?(?: return)?[ _]?(?:code|status)\b["']?\s*[:=]?\s*[1-9]\d*|\bexit(?:ed)? (?:with )?[1-9]\d*\b|\breturned (?:a )?non-?zero|\bnon-?zero exit|\bExited \([1-9]\d*\)/i;
const HTTP_ERROR_STATUS =
  /(?:\b(?:http)?status(?:[ _]?code)?["']?\s*[:=]?\s*[<"'(]?|\bHTTP\/\d(?:\.\d)?"?\s+|\bHTTP (?:code|status) )[45]\d\d\b|\b[45]\d\d (?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i;
// A klog line at level E or F (after a container runtime's timestamp, when there is one).
const KLOG_ERROR = /^(?:\S+\s)?[EF]\d{4} \d\d:\d\d:\d\d/;

// What a line may say without failing: each part is cut out before the line is read again.
const BENIGN_PARTS = [
  // A field naming an error count or an empty error (`errors=0`, `"errmsg": ""`, an Ansible recap's `unreachable=0`).
  /\b(?:errors?|errmsg|failures?|failed|failing|error_?count|missing|invalid|rejected|conflicts?|unavailable|unreachable|dropped)["']?\s*[=:]\s*["']?(?:0|null|nil|<nil>|none|false|\[\]|\{\}|"")(?![\w.])/,
  // A zero count ("0 tests failed"), but not the `0` of another field just before (`changed=0 failed=1`).
  /(?<![=:])\b0 (?:[a-z]+(?:\(s\))? ){0,2}(?:errors?|failures?|failed|failing|missing|invalid|rejected|conflicts?|unavailable|dropped)\b/,
  // Helm's `upgrade --install` saying the release is new (it prints that on every first install).
  /\bdoes not exist\. Installing it now\b/,
  // Redis's start-up notice that the kernel's somaxconn is lower than its TCP backlog (printed on most container hosts; the server runs).
  /\bThe TCP backlog setting of \d+ cannot be enforced\b/,
  // GitHub's job router saying one scope (the repository, then its organization) has no self-hosted
  // runner for the labels on its way to a hosted one (the failure says "the current repository, account/organization").
  /\bCan't find any online and idle self-hosted runner in current repository(?:'s account\/organization)? that matches\b/,
  // A results table's header (`Tests  Passing  Failing`, `| Passed ✅ | Failed ❌ |`): a column name, not a count.
  /(?<!\d\s*)\b(?:Passed|Passing)\b[^\w\n]*(?:\||\s{2,})[^\w\n]*(?:Failed|Failing|Failures)\b/,
  // Gradle's deprecation notice on a build that passed.
  /\bmaking it incompatible with Gradle\b/,
  // Gradle's --info reason for running a task (printed for every task that is not skipped).
  /\bTask '[^']+' is not up-to-date because:/,
  // A GitHub Actions step echoing its inputs: what to do when nothing matches is a setting, not an outcome.
  /\bif-no-files-found:\s*(?:error|warn|ignore)\b/,
  // A configured timeout (`timeout 120s`, `"timeout": "30s"`, `serverSelectionTimeoutMS=2000`) is not a timeout that happened.
  /\b(?:timeout|TIMEOUT)["']?[ =:]+["']?\d+(?:\.\d+)?\s*(?:ms|s|m|h)?\b/,
  /\b\w*timeout(?:ms|millis(?:econds)?|seconds|secs?)?["']?\s*[=:]\s*["']?\d+(?:ms|s|m|h)?\b/,
  /\btimeout (?:computed |set )?(?:to be|to|is|of)[: ]+\d+(?:\.\d+)?\s*(?:ms|s|m|h)?\b/,
  // A versioned package name (`pytest-timeout-1.0.0`) is not a failure.
  // (From the start of a name only: starting at each of its parts made a long dashed line quadratic.)
  /(?<![\w-])\w+(?:-\w+)*-\d+\.\d+(?:\.\d+)*\b/,
  // A dotted setting and its value (`connection.failed.authentication.delay.ms = 100`), a probe's thresholds.
  /(?:^|\s)[a-z][\w-]*(?:\.[\w-]+)+\s*[=:]\s*(?:-?\d+(?:\.\d+)?\s*(?:ms|s|m|h|[kmg]i?b)?|true|false|null|none|\[\])(?=[\s,;]|$)/,
  /#(?:failure|success)=\d+/,
  // A timestamped migration file named in a progress line (Laravel's stock `2019_08_19_000000_create_failed_jobs_table`).
  /\b\d{4}_\d\d_\d\d_\d{6}_\w+/,
  // Laravel's `migrate:fresh` reporting that it emptied the database on purpose.
  /\bDropped all tables successfully\b/,
  // Notices tools print on runs that go on: SLF4J falling back to its no-op logger, yarn skipping an
  // optional package built for another platform, Docker about to pull an image it does not have,
  // npm run where there is no package.json, tox's allowlist notice, Oryx installing a runtime, a retry that will be made,
  // a first build with no cache.
  /\bSLF4J: (?:Failed to load class "org\.slf4j\.impl\.Static\w+Binder"|No SLF4J providers were found|Class path contains multiple SLF4J bindings)/,
  /\bThe platform "[^"\n]+" is incompatible with this module\b|\bis an optional dependency and failed compatibility check\b/,
  /\bUnable to find image '[^'\n]+' locally\b/,
  /\bnpm WARN (?:saveError|enoent) ENOENT: no such file or directory, open '[^'\n]*package\.json'/,
  /\btest command found but not installed in testenv\b/,
  /\bis not installed\. Generating script to install it\b/,
  /\bRecoverable error occurred\b/,
  // Maven's effective-model warning about a plugin or dependency without a version (printed by many builds that pass).
  /'(?:build\.plugins\.plugin|dependencies\.dependency)\.version' for \S+ is missing\b/,
  // Vercel's note on a build with nothing cached yet.
  /\bPrevious build caches? not available\b/,
  // A push or an idempotent create finding what it would make already there (Docker's layers, `IF NOT EXISTS`).
  /\bLayer already exists\b|\balready exists, skipping\b/,
  // A pull finding a layer it has (Docker's `<layer>: Already exists`, containers/image's `Copying blob <digest> skipped: already exists`).
  /\b[0-9a-f]{12}: Already exists\b|\bCopying blob (?:sha256:)?[0-9a-f]+ skipped: already exists\b/,
  // Vagrant waiting for a booting machine's SSH (printed on most boots; a boot that never ends says so on a line of its own).
  /\bWarning: Connection (?:timeout|reset|refused|aborted)\. Retrying\.\.\./,
  // A word inside a file path names a file (`tests/test_errors.py`, pytest's `rootdir: /tmp/…/test_…_failure0`):
  // a path of three or more parts, or of two with a source or data file's extension (matched from the start of a
  // token only, so a long dotted or dashed token stays linear).
  /(?<![\w.@+:/-])(?:\/|\.{1,2}\/)?(?:[\w.@+-]+\/){2,}[\w.@+-]*|(?<![\w.@+:/-])(?:\/|\.{1,2}\/)?(?:[\w.@+-]+\/)+[\w@+-]+\.(?:py|js|ts|tsx|jsx|mjs|cjs|go|rb|java|kt|cs|php|rs|c|cc|cpp|h|json|ya?ml|xml|txt|log|sh)\b/,
  // A hedge (`may fail`), and a command-line flag (`--ignore-errors`).
  /\b(?:may|might|could|can)(?: also)? (?:fail|cause failures?)\b/,
  /(?:^|\s)--[a-z][\w-]*(?:=\S*)?/,
];
const BENIGN = new RegExp(BENIGN_PARTS.map((part) => part.source).join('|'), 'gi');
// A line at a quiet level: a level field saying info/debug/trace, a Kubernetes event of type
// Normal (as `kubectl describe` lists it), a klog or etcd I/D line, a mongod I/D line of the
// pre-4.4 text format (`<time> I CONTROL  [initandlisten] …`), Python logging's `<time>:INFO:<logger>:` (uvicorn's and
// hypercorn's INFO lines come from a logger named `….error`), npm's notices, or a level word where loggers put it, near the start of the line (upper
// case, or lower case between wide gaps).
const QUIET_LEVEL = /\b(?:level|lvl|severity)["']?\s*[=:]\s*["']?(?:info|debug|trace)\b|^\s*Normal {2,}(?!Failed|BackOff)\w+ {2,}|^(?:\S+\s)?[ID]\d{4} \d\d:\d\d:\d\d|^\S+ \S+ [IDN] \| |^\S+ [ID]\d? +[A-Z]{2,} +\[[^\]\s]+\] |^(?:info|debug) - |(?:^|: )(?:info|notice|debug): |:(?:INFO|DEBUG|TRACE):[\w.-]+:|\bnpm notice\b/;
const QUIET_LEVEL_WORD = /(?:^|[\s[(|])(?:INFO|INFOS|INFORMATION|DEBUG|TRACE|NOTICE)(?:[\s\])|:-]|$)|(?:\t|\s{2})(?:info|debug)(?:\t|\s{2})/;
const LOUD_LEVEL_WORD = /(?:^|[\s[(|])(?:ERROR|Error|FATAL|Fatal|CRITICAL|SEVERE|ERR)(?:[\s\])|:]|$)/;
const LEVEL_REACH = 120;
// A child's stderr relayed at a quiet level (`DEBUG ssh: stderr: ERROR: …`) keeps its own level.
const RELAYED_ERROR = /\bstderr: (?:ERROR|FATAL|E):/;
// Airflow relays a task's child process (BashOperator, KubernetesPodOperator's container) at INFO:
// what follows the prefix has its own level, or none.
const RELAYED_OUTPUT = /\{(?:subprocess|pod_manager|logging_mixin)\.py:\d+\} INFO - /;

/** How much of a line the gate reads. */
const JUDGED_CHARS = 8192;

// An exception raised by its dotted name (`google.api_core.exceptions.NotFound: 404 …`, `java.io.IOException: …`): not a dotted setting.
const RAISED = /\bexceptions?\.[A-Z]\w*:\s|\.[A-Z]\w*(?:Exception|Error):\s/;

const errorSignal = (text: string): boolean =>
  ERROR_WORD.test(text) || ERROR_NAME.test(text) || SHORT_LEVEL.test(text) || NONZERO_EXIT.test(text) || HTTP_ERROR_STATUS.test(text) || KLOG_ERROR.test(text) || NOT_RUNNING_ROW.test(text) || ASSERTION_OR_EMPTY.test(text);

/** A line logged at a quiet level (info, debug, trace, notice): what it says is no failure of its own. */
export function loggedQuietly(text: string): boolean {
  const relayed = RELAYED_OUTPUT.exec(text);
  if (relayed) return loggedQuietly(text.slice(relayed.index + relayed[0].length));
  if (QUIET_LEVEL.test(text)) return true;
  const head = text.slice(0, LEVEL_REACH);
  const quiet = QUIET_LEVEL_WORD.exec(head);
  if (!quiet) return false;
  // The first level word is the line's: `[Error] … [OTLP TRACE exporter]` is an error.
  const loud = LOUD_LEVEL_WORD.exec(head);
  return (!loud || loud.index > quiet.index) && !RELAYED_ERROR.test(text);
}

export function looksLikeError(line: string): boolean {
  // Judged on the line's head: a cue sits near the start, and a megabyte line (a minified bundle, a JSON dump)
  // must not cost the benign parts' backtracking over all of it.
  const text = line.length > JUDGED_CHARS ? line.slice(0, JUDGED_CHARS) : line;
  if (!errorSignal(text)) return false;
  // The quiet level first: most error words in healthy logs sit on info lines.
  if (loggedQuietly(text)) return false;
  return RAISED.test(text) || errorSignal(text.replace(BENIGN, ''));
}

/** Variable parts, in the order they are masked; each has the regex that replaces it in a draft. */
export const MASKS: { token: string; find: RegExp; regex: string }[] = [
  {
    token: '<time>',
    find: /\b[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|\b\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?: [+-]\d{4})?|\b[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\b|\b\d\d:\d\d:\d\d(?:\.\d+)?\b/g,
    regex: '[0-9A-Za-z:.,+/ -]+',
  },
  { token: '<uuid>', find: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, regex: '[0-9a-f-]+' },
  { token: '<ip>', find: /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d+)?\b|\[[0-9a-f:]*:[0-9a-f:]+\](?::\d+)?/gi, regex: '[0-9a-f.:\\[\\]]+' },
  { token: '<pod>', find: /\b([a-z][a-z0-9-]*?)-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, regex: '[a-z0-9-]+' },
  { token: '<hex>', find: /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, regex: '[0-9a-fx]+' },
  { token: '<dur>', find: /\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)\b/g, regex: '[0-9.]+[a-zµ]+' },
  { token: '<n>', find: /\b\d+(?:\.\d+)?\b/g, regex: '[0-9.]+' },
];

/** The line with timestamps, ids, hashes, addresses, durations and numbers masked. */
export function template(text: string): string {
  let out = text;
  for (const mask of MASKS) out = out.replace(mask.find, mask.token === '<pod>' ? `$1-${mask.token}` : mask.token);
  return out.replace(/\s+/g, ' ').trim();
}

export interface UnexplainedEntry {
  template: string;
  count: number;
  example: string;
  source: string;
  line: number;
}

/** Distinct templates kept; past this only known templates are counted. */
export const MAX_TEMPLATES = 5000;

/**
 * The entries as they may be shown: each example redacted, and its template made again from
 * the redacted example (templating masks digits inside a token, so a raw template can hide a
 * secret from the rules). Entries whose templates now agree are one.
 */
export function redactUnexplained(entries: readonly UnexplainedEntry[], redactText: (text: string) => string): UnexplainedEntry[] {
  const merged = new Map<string, UnexplainedEntry>();
  for (const u of entries) {
    const example = redactText(u.example);
    const shown = template(example);
    const mine = merged.get(shown);
    if (mine) mine.count += u.count;
    else merged.set(shown, { ...u, template: shown, example, source: redactText(u.source) });
  }
  return [...merged.values()].sort((a, b) => b.count - a.count || localeOrder(a.template, b.template));
}
