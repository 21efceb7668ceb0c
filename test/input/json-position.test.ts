import { describe, expect, it } from 'vitest';
import { jsonPathLine } from '../../src/json-position';

const text = JSON.stringify(
  { kind: 'List', items: [{ metadata: { name: 'a' } }, { metadata: { labels: { 'x,"y"': 'z', app: 7 } }, spec: [1, [2, 3]] }] },
  null,
  2,
);
const lineOf = (pattern: RegExp) => text.split('\n').findIndex((l) => pattern.test(l)) + 1;

describe('jsonPathLine', () => {
  it('finds the line of a value named by a path, past keys and strings that look like JSON', () => {
    expect(jsonPathLine(text, ['items', 1, 'metadata', 'labels', 'app'])).toBe(lineOf(/"app": 7/));
    expect(jsonPathLine(text, ['items', 1, 'spec', 1, 0])).toBe(lineOf(/^\s+2,$/));
    expect(jsonPathLine(text, ['kind'])).toBe(2);
  });

  it('names the nearest existing parent of a missing key', () => {
    // items[1].metadata has no name: the line where that (second) metadata object starts
    const second = text.split('\n').findLastIndex((l) => /"metadata": \{$/.test(l)) + 1;
    expect(jsonPathLine(text, ['items', 1, 'metadata', 'name'])).toBe(second);
  });

  it('gives line 1 for the top level and for one-line JSON', () => {
    expect(jsonPathLine(text, [])).toBe(1);
    expect(jsonPathLine(JSON.stringify({ a: [{ b: 1 }] }), ['a', 0, 'b'])).toBe(1);
  });
});
