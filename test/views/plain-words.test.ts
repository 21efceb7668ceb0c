import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// Text a person reads on screen says what it means; "reference 003" means nothing to them.
const SHOWN = ['src/investigation/ledger.ts', 'views/ledger/LedgerPrompt.tsx'];

describe('words on screen', () => {
  it('the severity picker and the flaky refusal name no reference document', () => {
    for (const file of SHOWN) {
      const strings = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l));
      expect(
        strings.filter((l) => /reference \d{3}/.test(l)),
        file,
      ).toEqual([]);
    }
  });
});
