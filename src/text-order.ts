// The locale's order of two strings (String.prototype.localeCompare) without starting ICU's
// collator when it cannot differ from code-unit order: the first localeCompare of a process
// sets the collator up (~5 ms of a small walk, where every sort that reaches it is a
// tie-break between ids, subjects and classifier tokens).

// Within either set, the root collation orders like the code units do: lower-case ASCII
// letters, digits, the space and `#`, or the space, `-`, `.` and `/` (which it sorts in that
// order too, before the digits and letters). Upper case (a tertiary difference) and other
// punctuation (`_`, `:` …) are ordered otherwise, and so are `#` against `-`, `.` and `/`.
// test/text-order.test.ts checks both sets against localeCompare.
const WORDS = /^[a-z0-9 #]*$/;
const NAMES = /^[a-z0-9 ./-]*$/;

/** a.localeCompare(b), by code units when that is the same. */
export function localeOrder(a: string, b: string): number {
  if ((WORDS.test(a) && WORDS.test(b)) || (NAMES.test(a) && NAMES.test(b))) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}
