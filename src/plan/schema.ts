import { z } from 'zod';
import { STEP_IDS } from '../model';
import { durationText, regexText } from '../checks/spec';
import { checkSpecSchema } from '../checks/registry';
import { httpHeader } from '../checks/kinds/http';

const healthEndpoint = z.strictObject({
  name: z.string(),
  url: z.url({ protocol: /^https?$/ }),
  expectStatus: z.number().int().optional(),
  bodyMatches: regexText.optional(),
  headers: z.array(httpHeader).optional(),
});

const tcpPort = z.strictObject({ name: z.string().optional(), host: z.string(), port: z.number().int().min(1).max(65535) });

const buildSection = z.strictObject({
  /** The SHA the fix was merged as; compared with what is deployed. */
  expectedSha: z.string().min(7),
  /** Where the deployed build reports its SHA: an HTTP endpoint and a JSON field or regex. */
  deployed: z
    .array(
      z.strictObject({
        name: z.string(),
        url: z.url({ protocol: /^https?$/ }),
        /** A dotted JSON path (`build.sha`). */
        field: z.string().optional(),
        /** A regex over the body; its first group (or the whole match) is the SHA. */
        regex: regexText.optional(),
      }),
    )
    .default([]),
});

/** A commit named by its SHA; only hex, so it can never be read as a git option or a range. */
export const commitSha = z
  // YAML reads an all-digit SHA (or one like 4e12345) as a number: say how to keep it a string.
  .string({ error: (issue) => (issue.input === undefined ? undefined : 'expected a commit SHA in quotes (YAML reads some SHAs as numbers)') })
  .regex(/^[0-9a-fA-F]{7,40}$/, 'expected a commit SHA (7 to 40 hex digits)');

const gitSection = z.strictObject({
  /** The repository the system is built from: a path, relative to the plan file. */
  repo: z.string().min(1).default('.'),
  /** The SHA the last green run was built from: commits after it are changes before onset (or --since-green). */
  lastGreen: commitSha.optional(),
});

const changesSection = z.strictObject({
  /** How far before the window's end the change timeline looks. */
  lookback: durationText.default('24h'),
});

const secretRef = z.strictObject({ namespace: z.string().optional(), name: z.string(), keys: z.array(z.string()).default([]) });
const accessRule = z.strictObject({
  verb: z.string(),
  resource: z.string(),
  group: z.string().optional(),
  namespace: z.string().optional(),
});

const artifact = z.strictObject({
  path: z.string(),
  minLines: z.number().int().min(0).optional(),
  maxAge: durationText.optional(),
});

const logWatch = z.strictObject({
  path: z.string(),
  tail: z.number().int().positive().optional(),
  since: durationText.optional(),
  mustMatch: z.array(regexText).optional(),
  mustNotMatch: z.array(regexText).optional(),
});

const leftoverRules = z.strictObject({
  /** Namespaces from earlier runs, as globs (`e2e-*`). */
  namespaces: z.array(z.string()).default([]),
  /** Label selectors that mark test objects (`app.kubernetes.io/part-of=e2e`). */
  labels: z.array(z.string()).default([]),
  /** Files or directories an earlier run leaves behind (locks, state). */
  paths: z.array(z.string()).default([]),
  /** Finished Jobs older than this count as leftovers. */
  olderThan: durationText.optional(),
});

const jobRef = z.strictObject({ namespace: z.string(), name: z.string() });

/** How many capture groups a regex has (0 when it does not compile). */
function captureGroups(source: string): number {
  try {
    return new RegExp(`${source}|`).exec('')!.length - 1;
  } catch {
    return 0;
  }
}

/** An id pattern is used as the walk uses it: compiled, and its first group is the id. */
const idPattern = regexText.refine((s) => captureGroups(s) > 0, { message: 'needs a capture group around the id, e.g. trace_id=([0-9a-f]{32})' });

/** A Prometheus series the trace window compares before and at the trace's onset (its first error). */
const traceMetric = z.strictObject({
  /** What people call it (`checkout-p99`): the timeline and the note show it by this name. */
  name: z.string().min(1),
  /** Prometheus' base URL (what its web UI is served under): `/api/v1/query` is added. */
  url: z.url({ protocol: /^https?$/ }),
  query: z.string().min(1),
  /** How far before onset the "before" value is taken from. */
  window: durationText.default('15m'),
});

const traceSection = z.strictObject({
  /** Regexes with one capture group that find ids in lines (`"trace_id":"([0-9a-f]{32})"`). */
  idPatterns: z.array(idPattern).default([]),
  /** The services a request crosses, in order: used to say who was expected next. */
  services: z.array(z.string()).default([]),
  /** Source specs (`file:PATH`, `pod:NS/NAME`, `events:NS`, `cmd:...`, `postgres:...`, `redis:...`). */
  sources: z.array(z.string()).default([]),
  /** A gap longer than this on the timeline is reported. */
  gap: durationText.optional(),
  postgres: z.strictObject({ url: z.string(), query: z.string(), timeColumn: z.string(), label: z.string().optional() }).optional(),
  redis: z.strictObject({ url: z.string(), keyPattern: z.string() }).optional(),
  /** Metrics compared before and at the onset once the trace is followed and has a first error. */
  metrics: z
    .array(traceMetric)
    .default([])
    .refine((list) => new Set(list.map((m) => m.name)).size === list.length, {
      message: 'two metrics share a name: the timeline and the note tell them apart by it',
    }),
});

// Compiled here exactly as redaction compiles them, so `plan check` fails what `run` would.
const redactSection = z.strictObject({
  patterns: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case: lowercase letters, digits and dashes (it names the placeholder)'),
        regex: regexText,
      }),
    )
    .default([]),
  allow: z.array(regexText).default([]),
});

const stepChecks = z.strictObject(
  Object.fromEntries(STEP_IDS.map((id) => [id, z.array(checkSpecSchema).optional()])) as Record<
    (typeof STEP_IDS)[number],
    z.ZodOptional<z.ZodArray<typeof checkSpecSchema>>
  >,
);

/** The system's name when the plan gives none: the walk's title then names the namespaces or context instead. */
export const DEFAULT_SYSTEM = 'unnamed system';

/** triage.yaml: how a team describes the system under investigation. */
export const planSchema = z.strictObject({
  name: z.string().default(DEFAULT_SYSTEM),
  /** Kubernetes namespaces the system lives in. */
  namespaces: z.array(z.string()).default([]),
  context: z.string().optional(),
  traceId: z.string().optional(),
  /** Default deadline of one check. */
  timeout: durationText.default('10s'),
  /** How many checks of one step run at once. */
  concurrency: z.number().int().min(1).max(64).default(4),
  health: z.array(healthEndpoint).default([]),
  ports: z.array(tcpPort).default([]),
  build: buildSection.optional(),
  git: gitSection.optional(),
  changes: changesSection.optional(),
  requiredEnv: z.array(z.string()).default([]),
  requiredSecrets: z.array(secretRef).default([]),
  requiredConfigMaps: z.array(secretRef).default([]),
  access: z.array(accessRule).default([]),
  junit: z.array(z.string()).default([]),
  artifacts: z.array(artifact).default([]),
  logs: z.array(logWatch).default([]),
  leftovers: leftoverRules.optional(),
  jobs: z.array(jobRef).default([]),
  trace: traceSection.optional(),
  redact: redactSection.optional(),
  checks: stepChecks.optional(),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type TraceMetric = z.infer<typeof traceMetric>;
