import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { Suggestion } from '../../src/investigation/session';
import { SuggestionList } from '../../views/ledger/SuggestionList';
import { adoptionOf, suggestionId, suggestionRows } from '../../views/ledger/suggestions';

// A fallback guess in the ledger's suggestions: listed after the named ones and marked as
// weaker ("~", "unnamed — looks like", its confidence and cues instead of signatures).

const named: Suggestion = {
  tier: 'signature',
  bucket: 'resource-pressure',
  class: 'environment',
  step: 'environment',
  score: 5.8,
  signatures: [{ id: 'container-oom-killed', title: 'OOM killed', severity: 'critical', count: 1 }],
  hypothesis: "check the killed container's memory limit, because the kernel killed it",
  next: 'kubectl describe pod',
  evidence: [{ signature: 'container-oom-killed', source: 'shop/api-1', line: 0, text: 'reason OOMKilled exit code 137' }],
};

const unnamed: Suggestion = {
  tier: 'fallback',
  bucket: 'auth-config-mismatch',
  class: 'environment',
  step: 'auth-config',
  score: 0.36,
  confidence: 0.72,
  cues: ['forbidden', 'cannot list'],
  signatures: [],
  hypothesis: 'check the credentials and permissions the failing call uses, because a line no signature names reads like an auth or configuration problem',
  next: 'kubectl auth can-i',
  evidence: [{ signature: 'unnamed-auth-config-mismatch', source: 'shop/loader-1', line: 0, text: 'ERROR loader: forbidden, cannot list secrets' }],
};

describe('an unnamed suggestion in the ledger', () => {
  it('is marked as weaker than a named signature, with its confidence and cues', async () => {
    const rows = suggestionRows([named, unnamed], []);
    const { lastFrame, unmount } = render(<SuggestionList rows={rows} selected={1} focused width={140} height={20} />);
    await new Promise((r) => setTimeout(r, 20));
    const frame = lastFrame()!;
    unmount();
    const namedRow = frame.split('\n').find((l) => l.includes('resource-pressure'))!;
    const unnamedRow = frame.split('\n').find((l) => l.includes('auth-config-mismatch'))!;
    expect(namedRow).not.toContain('unnamed');
    expect(unnamedRow).toMatch(/~0\.72 unnamed — looks like auth-config-mismatch · environment/);
    expect(frame.indexOf('resource-pressure')).toBeLessThan(frame.indexOf('auth-config-mismatch'));
    expect(frame).toContain('unnamed: no signature names these lines; confidence 0.72, cues  forbidden, cannot list');
    expect(frame).not.toMatch(/signatures {2}\n/);
  });

  it('is adopted under its bucket’s unnamed id, since no signature names it', () => {
    expect(suggestionId(unnamed)).toBe('sig-unnamed-auth-config-mismatch');
    expect(adoptionOf(unnamed)).toMatchObject({ from: 'unnamed-auth-config-mismatch', bucket: 'auth-config-mismatch' });
  });
});
