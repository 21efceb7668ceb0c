// Access reviews answered from the bundle: every read is allowed, every write denied,
// because that is exactly what a replay can do.
import { z } from 'zod';

const READ_VERBS = new Set(['get', 'list', 'watch']);
const READ_ONLY = 'triage replay serves a captured bundle read-only';

const reviewBody = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  spec: z
    .looseObject({
      resourceAttributes: z.looseObject({ verb: z.string().optional(), resource: z.string().optional() }).optional(),
      nonResourceAttributes: z.looseObject({ verb: z.string().optional(), path: z.string().optional() }).optional(),
      namespace: z.string().optional(),
    })
    .default({}),
});

export class ReviewError extends Error {}

function parse(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReviewError('the request body is not JSON');
  }
  const result = reviewBody.safeParse(json);
  if (!result.success) throw new ReviewError(`malformed review: ${result.error.issues[0]!.message}`);
  return result.data;
}

/** The answer to a POST on `plural` (a review resource), as the API server would write it. */
export function answerReview(plural: string, text: string): object {
  const review = parse(text);
  const base = { apiVersion: review.apiVersion, kind: review.kind, metadata: { creationTimestamp: null }, spec: review.spec };
  if (plural === 'selfsubjectaccessreviews') {
    const verb = review.spec.resourceAttributes?.verb ?? review.spec.nonResourceAttributes?.verb ?? '';
    const allowed = READ_VERBS.has(verb);
    return { ...base, status: allowed ? { allowed, reason: READ_ONLY } : { allowed, denied: true, reason: `${READ_ONLY}: "${verb}" is not a read` } };
  }
  if (plural === 'selfsubjectrulesreviews') {
    return {
      ...base,
      status: {
        resourceRules: [{ verbs: [...READ_VERBS], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    };
  }
  return { ...base, status: { userInfo: { username: 'triage-replay', groups: ['system:authenticated'] } } };
}
