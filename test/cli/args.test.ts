import { describe, expect, it } from 'vitest';
import { GLOBAL_FLAGS, parseArgs } from '../../src/cli/args';

const specs = [...GLOBAL_FLAGS, { name: 'format', type: 'string' as const, description: '' }];

describe('argument parsing', () => {
  it('reads flags the way kubectl writes them', () => {
    const args = parseArgs(['pods', '-n', 'shop', '-nmonitoring', '--context=kind-e2e', '--format', 'json', '-A'], specs);
    expect(args.positionals).toEqual(['pods']);
    expect(args.flags).toMatchObject({ namespace: ['shop', 'monitoring'], context: 'kind-e2e', format: 'json', 'all-namespaces': true });
  });

  it('treats everything after -- as positional', () => {
    expect(parseArgs(['--', '--not-a-flag'], specs).positionals).toEqual(['--not-a-flag']);
  });

  it('rejects an unknown flag by name', () => {
    expect(() => parseArgs(['--fromat', 'json'], specs)).toThrow('unknown flag --fromat');
  });

  it('rejects a value flag given without its value', () => {
    expect(() => parseArgs(['--plan'], specs)).toThrow('flag --plan needs a value (FILE)');
  });
});
