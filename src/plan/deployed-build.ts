// `build.deployed`: is the SHA the fix was merged as the one that actually runs?
// Fix merged is not fix deployed; this check says which.
import type { CheckOutcome, Evidence } from '../model';
import type { Check, CheckContext } from '../checks/types';
import { pathOf, probeEvidence, sendRequest } from '../checks/kinds/http';
import { curlLine, displayUrl } from '../checks/http-probe';
import { jsonAt, showJson } from '../checks/json-path';
import { shellQuote } from '../checks/shell';
import { formatDuration } from '../model/duration';
import type { Plan } from './schema';
import { slug } from './slug';

type DeployedSource = NonNullable<Plan['build']>['deployed'][number];

/** Where builds commonly report their commit when the plan names no field. */
const COMMON_FIELDS = ['sha', 'commit', 'gitSha', 'git_sha', 'gitCommit', 'git_commit', 'revision', 'build.sha', 'build.commit'];
const HEX_SHA = /\b[0-9a-f]{7,40}\b/i;

/** Same commit when one SHA is a prefix of the other, so short and full SHAs compare. */
export function sameSha(a: string, b: string): boolean {
  const [x, y] = [a.trim().toLowerCase(), b.trim().toLowerCase()];
  const shorter = Math.min(x.length, y.length);
  return shorter >= 7 && (x.startsWith(y) || y.startsWith(x));
}

const short = (sha: string) => (/^[0-9a-f]{8,}$/i.test(sha) ? sha.slice(0, 7) : sha);

/** The deployed SHA in a response body, and where it was found. */
function readSha(body: string, source: DeployedSource): { sha?: string; from: string } {
  if (source.regex !== undefined) {
    const m = new RegExp(source.regex).exec(body);
    return { ...(m ? { sha: m[1] ?? m[0] } : {}), from: `/${source.regex}/` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (source.field !== undefined) {
    const value = json === undefined ? undefined : jsonAt(json, source.field);
    return { ...(value === undefined || value === null ? {} : { sha: showJson(value) }), from: `field ${source.field}` };
  }
  for (const field of COMMON_FIELDS) {
    const value = json === undefined ? undefined : jsonAt(json, field);
    if (typeof value === 'string' && value !== '') return { sha: value, from: `field ${field}` };
  }
  const m = HEX_SHA.exec(body);
  return { ...(m ? { sha: m[0] } : {}), from: 'the first hex SHA in the body' };
}

async function runDeployed(source: DeployedSource, expected: string, ctx: CheckContext): Promise<CheckOutcome> {
  const from = `http GET ${displayUrl(source.url)}`;
  const extract =
    source.field !== undefined ? ` | jq -r ${shellQuote(`.${source.field}`)}` : source.regex !== undefined ? ` | grep -oP ${shellQuote(source.regex)}` : '';
  const replay = `${curlLine('GET', source.url, [], undefined, ctx.timeoutMs).replace(' -i ', ' ')}${extract}`;
  const probe = await sendRequest({ method: 'GET', url: source.url, headers: [] }, ctx);
  const time = ctx.now().toISOString();
  const evidence: Evidence[] = probeEvidence(probe, from, time);
  const head = `GET ${pathOf(source.url)} →`;
  const r = probe.response;
  // Without a readable answer the version question stays open: that is an error of this check, not a verdict.
  if (!r)
    return {
      status: 'error',
      summary: `cannot read the deployed build of ${source.name}: ${head} ${probe.failure?.reason ?? 'no response'}`,
      evidence,
      replay,
    };
  const answered = `${head} ${r.status} in ${formatDuration(probe.timings.totalMs)}`;
  if (r.status < 200 || r.status > 299) {
    return { status: 'error', summary: `cannot read the deployed build of ${source.name}: ${answered}`, evidence, replay };
  }
  const { sha, from: where } = readSha(r.body, source);
  if (sha === undefined) {
    return { status: 'error', summary: `cannot read the deployed build of ${source.name}: ${answered}, no SHA at ${where}`, evidence, replay };
  }
  evidence.push({ text: `deployed ${sha} (${where}), expected ${expected}`, source: from, time });
  if (sameSha(sha, expected)) {
    return { status: 'pass', summary: `${source.name} runs the expected build: ${answered}, sha ${short(sha)}`, evidence, replay };
  }
  return {
    status: 'fail',
    summary: `fix merged but not deployed: ${source.name} ${answered}, sha ${short(sha)} ≠ expected ${short(expected)}`,
    evidence,
    replay,
    bucket: 'version-drift',
    facts: [
      {
        object: `http:${source.name} ${pathOf(source.url)}`,
        subject: source.name,
        kind: 'version',
        status: 'fail',
        bucket: 'version-drift',
        class: 'environment',
        phrase: `fix merged but not deployed: runs ${short(sha)}, expected ${short(expected)}`,
        time,
        evidence: evidence.slice(-1),
        replay,
        advice: {
          hypothesis: `check the rollout of ${source.name} to ${short(expected)}, because the fix is merged but the running build is ${short(sha)}: what the test exercised is the old code`,
          next: `the deployment pipeline of ${source.name} for ${short(expected)} (was it built, pushed, rolled out?) and the pods' image revisions`,
          remediation: `deploy ${short(expected)} to ${source.name}, confirm /buildinfo reports it, then rerun`,
        },
      },
    ],
  };
}

/** `build.deployed` → compare each reported SHA with `build.expectedSha` (versions). */
export function deployedBuildChecks(plan: Plan): Check[] {
  const build = plan.build;
  if (!build) return [];
  return build.deployed.map((source, i) => ({
    id: `versions/deployed-${slug(source.name, String(i + 1))}`,
    step: 'versions' as const,
    title: `GET ${source.name} ${new URL(source.url).pathname}: deployed SHA`,
    run: (ctx: CheckContext) => runDeployed(source, build.expectedSha, ctx),
  }));
}
