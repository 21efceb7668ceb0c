import { fromParts, type Instant } from '../instant';

const NUMBER = /^(\d+)(?:\.(\d+))?$/;

/**
 * An epoch number written as text, its unit read from its size: up to 11 integer digits
 * are seconds, up to 14 milliseconds, up to 17 microseconds, else nanoseconds. Parsed
 * from the digits, so nanoseconds beyond 2^53 stay exact.
 */
export function parseEpoch(text: string): Instant | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = m[2] ?? '';
  const n = whole.length;
  if (n <= 11) return fromParts(Number(whole), fraction);
  const shift = n <= 14 ? 3 : n <= 17 ? 6 : 9;
  if (n - shift > 11) return undefined;
  // Move the decimal point left by `shift`: the last digits of the integer become the fraction.
  return fromParts(Number(whole.slice(0, n - shift)), whole.slice(n - shift) + fraction);
}
