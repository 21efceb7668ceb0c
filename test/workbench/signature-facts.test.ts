import { expect, it } from 'vitest';
import type { Check } from '../../src/checks/types';
import type { CheckResult, Fact } from '../../src/model';
import { planSchema, type Plan } from '../../src/plan/schema';
import { SignatureFacts } from '../../src/workbench/signature-facts';

// A quit must not wait for the signature matcher: its worker can take seconds to load the
// library on a busy machine, and the walk held every quit that long.

/** A matcher still loading: it never answers. */
class LoadingMatcher extends SignatureFacts {
  override facts(): Promise<Fact[]> {
    return new Promise(() => {});
  }
}

const check: Check<Plan> = {
  id: 'environment/health',
  step: 'environment',
  title: 'health',
  run: async () => ({ status: 'fail', summary: 'x', evidence: [] }),
};
const result: CheckResult = {
  status: 'fail',
  summary: 'GET /healthz answered 503',
  evidence: [{ source: 'http', text: '503 Service Unavailable' }],
  durationMs: 5,
};

it('records a result as it came when the walk quits while the matcher is still loading', async () => {
  const notices: string[] = [];
  const facts = new LoadingMatcher({ root: '.', dirs: [], env: {}, plan: planSchema.parse({}), notify: (n) => notices.push(n) });
  const quit = new AbortController();
  const matched = facts.withFacts(check, result, quit.signal);
  setTimeout(() => quit.abort(new Error('quit')), 20);
  await expect(matched).resolves.toBe(result);
  // A quit is not a matching failure: nothing to tell the person.
  expect(notices).toEqual([]);
});

it('does not start matching once the walk has quit', async () => {
  const quit = new AbortController();
  quit.abort(new Error('quit'));
  const facts = new LoadingMatcher({ root: '.', dirs: [], env: {}, plan: planSchema.parse({}), notify: () => {} });
  await expect(facts.withFacts(check, result, quit.signal)).resolves.toBe(result);
});
