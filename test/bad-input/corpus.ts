// The bad-input corpus: every way a person can hand triage something wrong that we know
// of, each with the exit code and the one line that must name the file, the line or item,
// and the field. Table-driven: a new case is one entry.
import { mkdirSync, symlinkSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyBundle } from './run';

export interface BadInput {
  /** What is wrong, in a person's words. */
  name: string;
  files?: Record<string, string>;
  /** Whatever files cannot say: folders, symlinks, broken bundles. Runs in the working dir. */
  setup?: (dir: string) => void;
  argv: string[];
  /** Extra environment (KUBECONFIG). */
  env?: (dir: string) => Record<string, string>;
  exit: number;
  /** The one line on stderr. */
  says: RegExp;
}

const plan = (name: string, yaml: string, says: RegExp): BadInput => ({
  name: `plan: ${name}`,
  files: { 'p.yaml': yaml },
  argv: ['plan', 'check', 'p.yaml'],
  exit: 2,
  says,
});
const check = (step: string, spec: string) => `name: x\nchecks:\n  ${step}:\n    - ${spec}\n`;

const report = (cases: string, head = '<?xml version="1.0"?>\n') => `${head}<testsuites>\n<testsuite name="s">\n${cases}\n</testsuite>\n</testsuites>\n`;
const GOOD = report('<testcase name="ok" classname="c"/>');
const junit = (name: string, xml: string, says: RegExp): BadInput => ({
  name: `junit: ${name}`,
  files: { 'bad.xml': xml, 'good.xml': GOOD },
  argv: ['diff', 'good.xml', 'bad.xml'],
  exit: 2,
  says,
});

/** Run a walk against a copy of the mini bundle that `breakIt` damaged. */
const bundle = (name: string, breakIt: (b: string) => void, says: RegExp): BadInput => ({
  name: `bundle: ${name}`,
  setup: (dir) => breakIt(copyBundle(dir)),
  argv: ['run', '--bundle', 'b', '--format', 'json'],
  exit: 2,
  says,
});
const editJson = (file: string, edit: (v: { items: unknown[]; [k: string]: unknown }) => unknown) => (b: string) =>
  writeFileSync(join(b, file), JSON.stringify(edit(JSON.parse(readFileSync(join(b, file), 'utf8'))), null, 1));

const kubeconfig = (name: string, text: string, says: RegExp, exit = 2, extra: string[] = []): BadInput => ({
  name: `kubeconfig: ${name}`,
  files: { kc: text, 'triage.yaml': 'name: x\n' },
  argv: ['run', '--kubeconfig', 'kc', ...extra],
  exit,
  says,
});
const KC_OK =
  'apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: {server: "https://127.0.0.1:1"}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user: {token: t}\n';

const SIGNATURE = (match: string) =>
  `- id: broken-sig\n  title: a signature\n  bucket: environment-not-ready\n  class: environment\n  step: environment\n  severity: low\n${match}  hypothesis: h\n  next: n\n  examples:\n    match: ['timeout', 'a timeout again']\n    nomatch: ['all good', 'fine']\n`;

export const CORPUS: BadInput[] = [
  // --- plans: every field that can be wrong names its line and path ------------------
  plan('YAML syntax (a tab for indentation)', 'name: x\nhealth:\n\t- name: a\n', /p\.yaml:3: /),
  plan('YAML syntax (an unclosed flow list)', 'name: x\nnamespaces: [shop, shop-e2e\n', /p\.yaml:\d+: /),
  plan('a key given twice', 'name: x\nname: y\n', /p\.yaml:2: .*(unique|duplicate)/i),
  plan('an unknown top-level key', 'name: x\nnmae: y\n', /p\.yaml:2: nmae: unknown key/),
  plan(
    'an unknown key in a health endpoint',
    'health:\n  - name: api\n    url: http://127.0.0.1:1/\n    expectStatuss: 200\n',
    /p\.yaml:4: health\[0\]\.expectStatuss: unknown key/,
  ),
  plan('namespaces as a string', 'namespaces: shop\n', /p\.yaml:1: namespaces: .*array/),
  plan('the whole plan a list', '- name: x\n', /p\.yaml:1: \(top level\): .*object/),
  plan('timeout 0s', 'timeout: 0s\n', /p\.yaml:1: timeout: must be above zero/),
  plan('timeout in words', 'timeout: ten seconds\n', /p\.yaml:1: timeout: expected a duration/),
  plan('timeout negative', 'timeout: -5s\n', /p\.yaml:1: timeout: expected a duration/),
  plan('concurrency 0', 'concurrency: 0\n', /p\.yaml:1: concurrency: /),
  plan('concurrency 1000', 'concurrency: 1000\n', /p\.yaml:1: concurrency: /),
  plan('a health url that is not a URL', 'health:\n  - name: api\n    url: not a url\n', /p\.yaml:3: health\[0\]\.url: /),
  plan('a health url with ftp://', 'health:\n  - name: api\n    url: ftp://127.0.0.1/x\n', /p\.yaml:3: health\[0\]\.url: /),
  plan(
    'a health bodyMatches that does not compile',
    'health:\n  - name: api\n    url: http://127.0.0.1:1/\n    bodyMatches: "(ok"\n',
    /p\.yaml:4: health\[0\]\.bodyMatches: not a valid regular expression/,
  ),
  plan('a port above 65535', 'ports:\n  - {host: db, port: 70000}\n', /p\.yaml:2: ports\[0\]\.port: /),
  plan('a port that is a word', 'ports:\n  - {host: db, port: postgres}\n', /p\.yaml:2: ports\[0\]\.port: /),
  plan('an expected SHA of 3 characters', 'build:\n  expectedSha: abc\n', /p\.yaml:2: build\.expectedSha: /),
  plan(
    'a deployed-build regex that does not compile',
    'build:\n  expectedSha: 9f3c2e1b\n  deployed:\n    - {name: api, url: "http://127.0.0.1:1/b", regex: "sha=([a-f"}\n',
    /p\.yaml:4: build\.deployed\[0\]\.regex: not a valid regular expression/,
  ),
  plan('a log watch since 0m', 'logs:\n  - {path: app.log, since: 0m}\n', /p\.yaml:2: logs\[0\]\.since: must be above zero/),
  plan(
    'a log watch mustMatch that does not compile',
    'logs:\n  - path: app.log\n    mustMatch: ["ready ("]\n',
    /p\.yaml:3: logs\[0\]\.mustMatch\[0\]: not a valid regular expression/,
  ),
  plan('a log watch tail of -1', 'logs:\n  - {path: app.log, tail: -1}\n', /p\.yaml:2: logs\[0\]\.tail: /),
  plan('an artifact maxAge of 0s', 'artifacts:\n  - {path: out.csv, maxAge: 0s}\n', /p\.yaml:2: artifacts\[0\]\.maxAge: must be above zero/),
  plan('an artifact minLines of -3', 'artifacts:\n  - {path: out.csv, minLines: -3}\n', /p\.yaml:2: artifacts\[0\]\.minLines: /),
  plan('leftovers olderThan 0h', 'leftovers:\n  olderThan: 0h\n', /p\.yaml:2: leftovers\.olderThan: must be above zero/),
  plan('an unknown key in leftovers', 'leftovers:\n  namespace: [e2e-*]\n', /p\.yaml:2: leftovers\.namespace: unknown key/),
  plan('a trace gap of 0s', 'trace:\n  gap: 0s\n', /p\.yaml:2: trace\.gap: must be above zero/),
  plan(
    'an id pattern that does not compile',
    'trace:\n  idPatterns: ["trace_id=([0-9a-f"]\n',
    /p\.yaml:2: trace\.idPatterns\[0\]: not a valid regular expression/,
  ),
  plan(
    'an id pattern without a capture group',
    'trace:\n  idPatterns: ["trace_id=[0-9a-f]{32}"]\n',
    /p\.yaml:2: trace\.idPatterns\[0\]: needs a capture group/,
  ),
  plan('a trace postgres store without its query', 'trace:\n  postgres: {url: "postgres://db/x", timeColumn: at}\n', /p\.yaml:2: trace\.postgres\.query: /),
  plan(
    'a redaction pattern that does not compile',
    'redact:\n  patterns:\n    - {name: pin, regex: "pin=(\\\\d+"}\n',
    /p\.yaml:3: redact\.patterns\[0\]\.regex: not a valid regular expression/,
  ),
  plan(
    'a redaction pattern that could backtrack without bound',
    'redact:\n  patterns:\n    - {name: pin, regex: "pin=(x|xx)+y"}\n',
    /p\.yaml:3: redact\.patterns\[0\]\.regex: overlapping alternation: .* \(at character 11\)$/,
  ),
  plan(
    'a redaction allow-list entry with a nested quantifier',
    'redact:\n  allow: ["(a+)+$"]\n',
    /p\.yaml:2: redact\.allow\[0\]: nested quantifier: .* \(at character 5\)$/,
  ),
  plan(
    'a log watch mustMatch with overlapping alternatives',
    'logs:\n  - path: app.log\n    mustMatch: ["(a|ab)*c"]\n',
    /p\.yaml:3: logs\[0\]\.mustMatch\[0\]: overlapping alternation: .* \(at character 7\)$/,
  ),
  plan(
    'a check outputMatches with a lookahead',
    check('auth-config', '{kind: command, argv: [echo], outputMatches: "ok(?=!)"}'),
    /p\.yaml:4: checks\.auth-config\[0\]\.outputMatches: lookaround .* \(at character 3\)$/,
  ),
  plan(
    'a redaction pattern name in capitals',
    'redact:\n  patterns:\n    - {name: Order_PIN, regex: "pin=\\\\d+"}\n',
    /p\.yaml:3: redact\.patterns\[0\]\.name: kebab-case/,
  ),
  plan('a redaction allow-list entry that does not compile', 'redact:\n  allow: ["[a-z"]\n', /p\.yaml:2: redact\.allow\[0\]: not a valid regular expression/),
  plan('a step that does not exist', 'checks:\n  deployment:\n    - {kind: env, names: [A]}\n', /p\.yaml:2: checks\.deployment: unknown key/),
  plan('a check kind that does not exist', check('environment', '{kind: ping, host: db}'), /p\.yaml:4: checks\.environment\[0\]\.kind: /),
  plan('an http check without a url', check('environment', '{kind: http}'), /p\.yaml:4: checks\.environment\[0\]\.url: /),
  plan(
    'an http check with method TRACE',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", method: TRACE}'),
    /p\.yaml:4: checks\.environment\[0\]\.method: /,
  ),
  plan(
    'an http header with both value and fromEnv',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", headers: [{name: X-A, value: a, fromEnv: A}]}'),
    /p\.yaml:4: checks\.environment\[0\]\.headers\[0\]: give exactly one/,
  ),
  plan(
    'an http header fromEnv that is no variable name',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", headers: [{name: X-A, fromEnv: "1-A"}]}'),
    /p\.yaml:4: checks\.environment\[0\]\.headers\[0\]\.fromEnv: /,
  ),
  plan(
    'an http check timeout of 0s',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", timeout: 0s}'),
    /p\.yaml:4: checks\.environment\[0\]\.timeout: must be above zero/,
  ),
  plan(
    'an http check connectTimeout of 0ms',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", connectTimeout: 0ms}'),
    /p\.yaml:4: checks\.environment\[0\]\.connectTimeout: must be above zero/,
  ),
  plan(
    'an http bodyMatches that does not compile',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", bodyMatches: "*ok"}'),
    /p\.yaml:4: checks\.environment\[0\]\.bodyMatches: not a valid regular expression/,
  ),
  plan(
    'an http jsonField.matches that does not compile',
    check('environment', '{kind: http, url: "http://127.0.0.1:1/", jsonField: {path: sha, matches: "[0-9"}}'),
    /p\.yaml:4: checks\.environment\[0\]\.jsonField\.matches: not a valid regular expression/,
  ),
  plan('a tcp check on port 0', check('environment', '{kind: tcp, host: db, port: 0}'), /p\.yaml:4: checks\.environment\[0\]\.port: /),
  plan('a command check with an empty argv', check('auth-config', '{kind: command, argv: []}'), /p\.yaml:4: checks\.auth-config\[0\]\.argv: /),
  plan(
    'a command outputMatches that does not compile',
    check('auth-config', '{kind: command, argv: [echo], outputMatches: "(?<x"}'),
    /p\.yaml:4: checks\.auth-config\[0\]\.outputMatches: not a valid regular expression/,
  ),
  plan(
    'a command expectExit of 1.5',
    check('auth-config', '{kind: command, argv: [echo], expectExit: 1.5}'),
    /p\.yaml:4: checks\.auth-config\[0\]\.expectExit: /,
  ),
  plan('a command given as one string', check('auth-config', '{kind: command, argv: "ls -l"}'), /p\.yaml:4: checks\.auth-config\[0\]\.argv: /),
  plan('a kubectl check that writes', check('environment', '{kind: kubectl, argv: [delete, pod, x]}'), /p\.yaml:4: checks\.environment\[0\]\.argv: /),
  plan(
    'a file check with an unknown key',
    check('data-path', '{kind: file, path: out.csv, mustExist: true}'),
    /p\.yaml:4: checks\.data-path\[0\]\.mustExist: unknown key/,
  ),
  plan('a junit check with no paths', check('contract', '{kind: junit, paths: []}'), /p\.yaml:4: checks\.contract\[0\]\.paths: /),
  plan(
    'an env check with a name that is no variable',
    check('auth-config', '{kind: env, names: ["MY-TOKEN"]}'),
    /p\.yaml:4: checks\.auth-config\[0\]\.names\[0\]: an environment variable name/,
  ),
  plan(
    'a logs check with both path and argv',
    check('observability', '{kind: logs, path: a.log, argv: [cat, a.log]}'),
    /p\.yaml:4: checks\.observability\[0\]\.path: give exactly one of path or argv/,
  ),
  plan('a check name in capitals', check('auth-config', '{kind: env, name: MyCheck, names: [A]}'), /p\.yaml:4: checks\.auth-config\[0\]\.name: lowercase/),
  plan('a required secret without its name', 'requiredSecrets:\n  - {namespace: shop, keys: [a]}\n', /p\.yaml:2: requiredSecrets\[0\]\.name: /),
  plan('an access rule without its verb', 'access:\n  - {resource: pods}\n', /p\.yaml:2: access\[0\]\.verb: /),
  plan('a job without its namespace', 'jobs:\n  - {name: e2e}\n', /p\.yaml:2: jobs\[0\]\.namespace: /),
  plan(
    'a YAML alias bomb',
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nname: *d\n',
    /p\.yaml:2: aliases expand past 100 nodes/,
  ),
  plan('more YAML than any plan needs', `name: x\n# ${'x'.repeat(5 * 1024 * 1024)}\n`, /p\.yaml: \d+ KB is more than a plan/),
  { name: 'plan: --plan names no file', argv: ['plan', 'check', 'missing.yaml'], exit: 2, says: /missing\.yaml: plan file not found/ },
  {
    name: 'plan: a folder where the plan should be',
    setup: (d) => mkdirSync(join(d, 'p.yaml')),
    argv: ['plan', 'check', 'p.yaml'],
    exit: 2,
    says: /p\.yaml: cannot read: .*EISDIR/,
  },
  {
    name: 'plan: run refuses what plan check refuses',
    files: { 'p.yaml': 'redact:\n  allow: ["[a-z"]\n' },
    argv: ['run', '--plan', 'p.yaml'],
    exit: 2,
    says: /p\.yaml:2: redact\.allow\[0\]: not a valid regular expression/,
  },
  {
    name: 'plan: ./triage.yaml with a typo stops run',
    files: { 'triage.yaml': 'name: x\nheatlh: []\n' },
    argv: ['run'],
    exit: 2,
    says: /triage\.yaml:2: heatlh: unknown key/,
  },

  // --- bundles: a malformed file names itself and the item, before the walk -------------
  { name: 'bundle: the folder does not exist', argv: ['run', '--bundle', 'nowhere'], exit: 2, says: /nowhere: bundle directory not found/ },
  {
    name: 'bundle: bundle.json is missing',
    setup: (d) => mkdirSync(join(d, 'b')),
    argv: ['run', '--bundle', 'b'],
    exit: 2,
    says: /b\/bundle\.json: not a bundle: bundle\.json is missing/,
  },
  bundle(
    'bundle.json is not JSON',
    (b) => writeFileSync(join(b, 'bundle.json'), '{\n  "format": "triage-bundle/v1",\n  oops\n}\n'),
    /b\/bundle\.json:3: malformed JSON/,
  ),
  bundle(
    'bundle.json of another format',
    editJson('bundle.json', (v) => ({ ...v, format: 'other/v9' })),
    /b\/bundle\.json:\d+: format: /,
  ),
  bundle(
    'bundle.json capturedAt is no time',
    editJson('bundle.json', (v) => ({ ...v, capturedAt: 'yesterday' })),
    /b\/bundle\.json:\d+: capturedAt: /,
  ),
  bundle(
    'pods.json is not JSON',
    (b) => writeFileSync(join(b, 'resources/pods.json'), '{"apiVersion": "v1",\n "kind": "List",\n "items": [ {\n'),
    /b\/resources\/pods\.json:\d+: malformed JSON/,
  ),
  bundle('pods.json is an array, not a List', (b) => writeFileSync(join(b, 'resources/pods.json'), '[]\n'), /b\/resources\/pods\.json:\d+: \(top level\): /),
  bundle(
    'pods.json items is an object',
    editJson('resources/pods.json', (v) => ({ ...v, items: { a: 1 } })),
    /b\/resources\/pods\.json:\d+: items: /,
  ),
  bundle(
    'a pod without a name',
    editJson('resources/pods.json', (v) => ({ ...v, items: v.items.map((p, i) => (i === 1 ? { ...(p as object), metadata: { namespace: 'shop' } } : p)) })),
    /b\/resources\/pods\.json:\d+: items\[1\]\.metadata\.name: /,
  ),
  bundle(
    'a pod with an empty name',
    editJson('resources/pods.json', (v) => ({ ...v, items: v.items.map((p, i) => (i === 0 ? { ...(p as object), metadata: { name: '' } } : p)) })),
    /b\/resources\/pods\.json:\d+: items\[0\]\.metadata\.name: /,
  ),
  bundle(
    'a null event',
    editJson('resources/events.json', (v) => ({ ...v, items: [...v.items.slice(0, 2), null, ...v.items.slice(2)] })),
    /b\/resources\/events\.json:\d+: items\[2\]: /,
  ),
  bundle(
    'a deployment whose labels are not strings',
    editJson('resources/deployments.apps.json', (v) => ({
      ...v,
      items: v.items.map((d, i) => (i === 0 ? { ...(d as object), metadata: { ...(d as { metadata: object }).metadata, labels: { app: 7 } } } : d)),
    })),
    /b\/resources\/deployments\.apps\.json:\d+: items\[0\]\.metadata\.labels\.app: /,
  ),
  bundle(
    'pods.json is a folder (unreadable)',
    (b) => {
      rmSync(join(b, 'resources/pods.json'));
      mkdirSync(join(b, 'resources/pods.json'));
    },
    /b\/resources\/pods\.json: cannot read: EISDIR/,
  ),
  bundle(
    'pods.json a dangling symlink',
    (b) => {
      rmSync(join(b, 'resources/pods.json'));
      symlinkSync(join(b, 'gone.json'), join(b, 'resources/pods.json'));
    },
    /b\/resources\/pods\.json: cannot read: ENOENT/,
  ),
  {
    name: 'bundle: replay refuses a malformed pods.json too',
    setup: (d) => writeFileSync(join(copyBundle(d), 'resources/pods.json'), '{"kind": "List"}\n'),
    argv: ['replay', 'b'],
    exit: 2,
    says: /b\/resources\/pods\.json:1: apiVersion: /,
  },

  // --- JUnit: malformed XML and entities name the line ----------------------------------
  junit(
    'an element left open',
    report('<testcase name="a">\n<failure message="x">boom\n</testcase>'),
    /bad\.xml:6: malformed XML: <\/testcase> closes <failure>/,
  ),
  junit(
    'a file cut off mid-tag',
    '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="s">\n<testcase name="a" time="0.2',
    /bad\.xml:4: malformed XML: the file ends/,
  ),
  junit(
    'a file cut off mid-element',
    '<testsuites>\n<testsuite name="s">\n<testcase name="a"/>\n',
    /bad\.xml:\d+: malformed XML: the file ends inside <testsuite>/,
  ),
  junit(
    'an external entity (XXE)',
    report('<testcase name="a"><failure message="&xxe;"/></testcase>', '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'),
    /bad\.xml:3: the DOCTYPE declares entity "xxe": entity expansion is off/,
  ),
  junit(
    'billion laughs',
    report(
      '<testcase name="a"><failure>&lol3;</failure></testcase>',
      '<!DOCTYPE r [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;">]>\n',
    ),
    /bad\.xml:1: the DOCTYPE declares entity "lol"/,
  ),
  junit(
    'a parameter entity',
    report('<testcase name="a"/>', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>\n'),
    /bad\.xml:1: the DOCTYPE declares entity "p"/,
  ),
  junit(
    'an entity nobody declared',
    report('<testcase name="a"><failure>&nbsp;</failure></testcase>'),
    /bad\.xml:4: malformed XML: entity &nbsp; is not defined \(entity expansion is off/,
  ),
  junit('a bare & in text', report('<testcase name="a"><failure>a & b</failure></testcase>'), /bad\.xml:4: malformed XML: "&" must start a reference/),
  junit('a < inside an attribute', report('<testcase name="a<b"/>'), /bad\.xml:4: malformed XML: <testcase name: "<" in an attribute value/),
  junit('an attribute without quotes', report('<testcase name=a/>'), /bad\.xml:4: malformed XML: <testcase name: the value must be quoted/),
  junit('an attribute given twice', report('<testcase name="a" name="b"/>'), /bad\.xml:4: malformed XML: <testcase: attribute name given twice/),
  junit('a closing tag for nothing', '<testsuite name="s">\n</testcase>\n', /bad\.xml:2: malformed XML: <\/testcase> closes <testsuite>/),
  junit('text after the root element', `${GOOD}trailing words\n`, /bad\.xml:\d+: malformed XML: text outside the root element/),
  junit('a second root element', `${GOOD}<testsuites/>\n`, /bad\.xml:\d+: malformed XML: <testsuites> after the root element closed/),
  junit('an HTML page, not a report', '<html><body>502 Bad Gateway</body></html>\n', /bad\.xml: not a JUnit report: the root element is <html>/),
  junit('a testcase without a name', report('<testcase classname="c"/>'), /bad\.xml:4: testsuite "s" testcase\[0\]\.name: a testcase needs a name/),
  junit('a testcase time of "soon"', report('<testcase name="a" time="soon"/>'), /bad\.xml:4: testsuite "s" testcase\[0\]\.time: expected seconds, got "soon"/),
  junit(
    'a suite time of "n/a"',
    '<testsuites>\n<testsuite name="s" time="n/a"><testcase name="a"/></testsuite>\n</testsuites>\n',
    /bad\.xml: testsuite\[0\]\.time: expected seconds/,
  ),
  junit(
    'a character XML does not allow',
    report('<testcase name="a"><failure>&#0;</failure></testcase>'),
    /bad\.xml:4: malformed XML: &#0; is not a character XML allows/,
  ),
  junit('an empty file', '', /bad\.xml:1: malformed XML: no root element/),
  {
    name: 'junit: scan refuses an external entity too',
    files: { 'bad.xml': report('<testcase name="a"><failure>&xxe;</failure></testcase>', '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n') },
    argv: ['scan', 'bad.xml'],
    exit: 2,
    says: /bad\.xml:1: the DOCTYPE declares entity "xxe"/,
  },
  {
    name: 'junit: trace refuses an external entity too',
    files: { 'bad.xml': report('<testcase name="a"/>', '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n') },
    argv: ['trace', '4bf92f3577b34da6a3ce929d0e0e4736', '--source', 'junit:bad.xml'],
    exit: 2,
    says: /bad\.xml:1: the DOCTYPE declares entity "xxe"/,
  },
  { name: 'diff: a report that does not exist', files: { 'good.xml': GOOD }, argv: ['diff', 'good.xml', 'nope.xml'], exit: 2, says: /nope\.xml: not found/ },
  {
    name: 'diff: a ceiling of 0s',
    files: { 'good.xml': GOOD },
    argv: ['diff', 'good.xml', 'good.xml', '--ceiling', '0s'],
    exit: 2,
    says: /--ceiling must be a duration above zero/,
  },
  { name: 'diff: one report only', files: { 'good.xml': GOOD }, argv: ['diff', 'good.xml'], exit: 2, says: /give two paths: BASE and CURRENT/ },

  // --- journals and investigations ----------------------------------------------------------
  {
    name: 'journal: an investigation id with a path in it',
    files: { 'triage.yaml': 'name: x\n' },
    argv: ['run', '--investigation', '../../etc/passwd'],
    exit: 2,
    says: /--investigation: "\.\.\/\.\.\/etc\/passwd" is not a valid investigation id/,
  },
  {
    name: 'journal: a folder where the journal file should be',
    files: { 'triage.yaml': 'name: x\n' },
    setup: (d) => mkdirSync(join(d, '.triage/investigations/inv-1.ndjson'), { recursive: true }),
    argv: ['run', '--investigation', 'inv-1'],
    exit: 2,
    says: /\.triage\/investigations\/inv-1\.ndjson: is a folder, not a journal file/,
  },
  {
    name: 'journal: a file where the journal folder should be',
    files: { 'triage.yaml': 'name: x\n', '.triage/investigations': 'not a folder' },
    argv: ['run'],
    exit: 2,
    says: /\.triage\/investigations: cannot create the journal folder \(EEXIST\)/,
  },
  {
    name: 'note: render an investigation that does not exist',
    argv: ['note', 'render', '--investigation', 'nope'],
    exit: 2,
    says: /--investigation: no investigation "nope"/,
  },
  { name: 'note: render with no investigation yet', argv: ['note', 'render'], exit: 2, says: /\.triage\/investigations: no investigation yet/ },
  {
    name: 'note: render --out under a file',
    files: { blocker: 'a file', '.triage/investigations/inv-1.ndjson': '' },
    argv: ['note', 'render', '--investigation', 'inv-1', '--out', 'blocker/note.md'],
    exit: 2,
    says: /blocker\/note\.md: --out: cannot write the note there \(EEXIST\)/,
  },

  // --- output paths: refused before any work -----------------------------------------------
  {
    name: 'run: --out under a file',
    files: { 'triage.yaml': 'name: x\n', blocker: 'a file' },
    argv: ['run', '--out', 'blocker/note.md'],
    exit: 2,
    says: /blocker\/note\.md: --out: cannot create its folder: a part of the path is a file \(EEXIST\)/,
  },
  {
    name: 'run: --out is a folder',
    files: { 'triage.yaml': 'name: x\n' },
    setup: (d) => mkdirSync(join(d, 'notes')),
    argv: ['run', '--out', 'notes'],
    exit: 2,
    says: /notes: --out: cannot write it: it is a folder \(EISDIR\)/,
  },
  {
    name: 'capture: -o names a file',
    files: { 'bundle.tgz': 'x' },
    argv: ['capture', '-o', 'bundle.tgz', '--bundle', 'nowhere'],
    exit: 2,
    says: /bundle\.tgz: -o: is a file: capture writes a bundle into a new or empty folder/,
  },
  { name: 'capture: -o names a folder with files in it', files: { 'out/keep.txt': 'x' }, argv: ['capture', '-o', 'out'], exit: 2, says: /out: -o: not empty/ },
  { name: 'capture: --since 0s', argv: ['capture', '-o', 'out', '--since', '0s'], exit: 2, says: /--since must be a duration above zero/ },
  { name: 'capture: no -o', argv: ['capture'], exit: 2, says: /where to\? triage capture -o DIR/ },
  {
    name: 'replay: --write-kubeconfig over an existing file',
    files: { kc: 'mine' },
    setup: (d) => copyBundle(d),
    argv: ['replay', 'b', '--write-kubeconfig', 'kc'],
    exit: 2,
    says: /kc: --write-kubeconfig: exists; it is left as it is \(--force replaces it\)/,
  },
  {
    name: 'replay: --write-kubeconfig names a folder',
    setup: (d) => (copyBundle(d), mkdirSync(join(d, 'kcdir'))),
    argv: ['replay', 'b', '--write-kubeconfig', 'kcdir'],
    exit: 2,
    says: /kcdir: --write-kubeconfig: is a folder/,
  },
  {
    name: 'replay: --port that is no port',
    setup: (d) => copyBundle(d),
    argv: ['replay', 'b', '--port', 'http'],
    exit: 2,
    says: /--port must be a port number \(got http\)/,
  },
  { name: 'replay: two bundles', argv: ['replay', 'a', 'b'], exit: 2, says: /one bundle at a time/ },

  // --- kubeconfigs -------------------------------------------------------------------------
  {
    name: 'kubeconfig: --kubeconfig names no file',
    files: { 'triage.yaml': 'name: x\n' },
    argv: ['run', '--kubeconfig', 'gone'],
    exit: 2,
    says: /gone: kubeconfig file not found \(--kubeconfig\)/,
  },
  kubeconfig('malformed YAML', 'clusters: [\n', /kc:\d+: /),
  kubeconfig('clusters as a string', 'clusters: many\n', /kc:1: clusters: /),
  kubeconfig('a cluster without a server', 'current-context: c\nclusters:\n- name: k\n  cluster: {}\n', /kc:4: clusters\[0\]\.cluster\.server: /),
  kubeconfig('--context that is not there', KC_OK, /--context: context "nope" not found in .*kc/, 2, ['--context', 'nope']),
  kubeconfig(
    'a context naming a cluster that is not defined',
    KC_OK.replace('cluster: k,', 'cluster: gone,'),
    /kc: context "c" names cluster "gone", which is not defined/,
  ),
  kubeconfig(
    'an alias bomb',
    'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nclusters: *c\n',
    /kc:2: aliases expand past 100 nodes/,
  ),

  // --- no target: exit 3 with how to aim triage -------------------------------------------
  {
    name: 'target: no kubeconfig, no bundle, no plan',
    argv: ['run'],
    exit: 3,
    says: /^triage run: nothing to investigate: no kubeconfig \(\$KUBECONFIG, ~\/\.kube\/config\), no --bundle and no plan.*try `triage demo`$/,
  },
  {
    name: 'target: an empty kubeconfig and no plan',
    files: { kc: '' },
    argv: ['run', '--kubeconfig', 'kc'],
    exit: 3,
    says: /nothing to investigate: .*kc names no current context.*triage demo/,
  },
  {
    name: 'target: a kubeconfig without current-context and no plan',
    files: { kc: KC_OK.replace('current-context: c\n', '') },
    argv: ['run', '--kubeconfig', 'kc'],
    exit: 3,
    says: /nothing to investigate: .*kc names no current context/,
  },
  {
    name: 'target: $KUBECONFIG naming only missing files, no plan',
    env: (d) => ({ KUBECONFIG: join(d, 'gone-a') }),
    argv: ['run'],
    exit: 3,
    says: /nothing to investigate: no kubeconfig/,
  },
  { name: 'target: the headless workbench with nothing to open', argv: ['open'], exit: 3, says: /^triage open: nothing to investigate/ },

  // --- flags and usage -----------------------------------------------------------------------
  { name: 'usage: an unknown command', argv: ['triag'], exit: 2, says: /unknown command "triag"/ },
  { name: 'usage: an unknown flag', argv: ['run', '--formt', 'json'], exit: 2, says: /triage run: unknown flag --formt/ },
  { name: 'usage: a flag without its value', argv: ['run', '--format'], exit: 2, says: /triage run: flag --format needs a value/ },
  { name: 'usage: --format xml', argv: ['run', '--format', 'xml'], exit: 2, says: /--format must be one of md, json, ndjson \(got xml\)/ },
  { name: 'usage: a boolean flag given a value', argv: ['run', '--no-color=yes'], exit: 2, says: /flag --no-color takes no value/ },
  { name: 'trace: no id', argv: ['trace'], exit: 2, says: /triage trace: / },
  { name: 'trace: --since 0s', argv: ['trace', 'abc', '--since', '0s'], exit: 2, says: /--since must be a duration above zero/ },
  {
    name: 'trace: a source spec that is no JSON array',
    argv: ['trace', 'abc', '--source', 'cmd:ls -l'],
    exit: 2,
    says: /cmd:ls -l: source: expected cmd: followed by a JSON array/,
  },
  { name: 'trace: a file source that does not exist', argv: ['trace', 'abc', '--source', 'file:gone.log'], exit: 2, says: /gone\.log/ },
  { name: 'scan: no path', argv: ['scan'], exit: 2, says: /give at least one PATH/ },
  { name: 'scan: a path that does not exist', argv: ['scan', 'gone.log'], exit: 2, says: /^triage scan: gone\.log: not found$/ },
  {
    name: 'scan: a folder symlinked into itself holds nothing else',
    setup: (d) => (mkdirSync(join(d, 'logs')), symlinkSync(join(d, 'logs'), join(d, 'logs/loop'))),
    argv: ['scan', 'logs'],
    exit: 2,
    says: /nothing was scanned/,
  },
  {
    name: 'signatures: list a signature with a bad regex',
    files: { 'sigs/broken.yaml': SIGNATURE("  match:\n    any:\n      - regex: 'timeout ((('\n") },
    argv: ['signatures', 'list', 'sigs'],
    exit: 2,
    says: /sigs\/broken\.yaml:9: \[0\]\.match\.any\[0\]\.regex: unclosed group/,
  },
  {
    name: 'signatures: list a signature with overlapping alternatives',
    files: { 'sigs/broken.yaml': SIGNATURE("  match:\n    any:\n      - regex: 'timeout (x|xx)+y'\n") },
    argv: ['signatures', 'list', 'sigs'],
    exit: 2,
    says: /sigs\/broken\.yaml:9: \[0\]\.match\.any\[0\]\.regex: overlapping alternation: .* \(at character 15\)$/,
  },
  {
    name: 'signatures: list a signature with an unknown key',
    files: { 'sigs/broken.yaml': SIGNATURE("  match:\n    any: [{regex: 'timeout'}]\n  matchs: x\n") },
    argv: ['signatures', 'list', 'sigs'],
    exit: 2,
    says: /sigs\/broken\.yaml:9: \[0\]\.matchs: unknown key/,
  },
  { name: 'note: export without --to', argv: ['note', 'export'], exit: 2, says: /give --to github\|gitlab\|gitea/ },
  {
    name: 'note: export with a repo that is no OWNER/NAME',
    argv: ['note', 'export', '--to', 'github', '--repo', 'just-a-name'],
    exit: 2,
    says: /--repo must be OWNER\/NAME/,
  },
  { name: 'plan: an unknown subcommand', argv: ['plan', 'validate'], exit: 2, says: /unknown subcommand "validate" \(schema, check\)/ },
];
