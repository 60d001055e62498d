// The one formatting module of the command line: grouping, magnitudes in words, SI prefixes and
// percentages, through Intl.NumberFormat.
import { describe, expect, it } from 'vitest';
import { counted, groupDigits, percent, plain, roughly, shortCount } from '../src/format/numbers.js';

describe('numbers', () => {
  it('groups every digit of exact counts, BigInts of any size included', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(4294967296n)).toBe('4,294,967,296');
    expect(groupDigits(10n ** 30n)).toBe(`1${',000'.repeat(10)}`);
  });

  it('names magnitudes in words, then powers of ten; never "e+" nor Infinity', () => {
    expect(roughly(999_999)).toBe('999,999');
    expect(roughly(4294967296n)).toBe('4.29 billion');
    expect(roughly(4.5e15)).toBe('4.5 quadrillion');
    expect(roughly(4_500_000_000_000_000n)).toBe('4.5 quadrillion');
    expect(roughly(999_600_000)).toBe('1 billion');
    expect(roughly(10n ** 33n)).toBe('1 decillion');
    expect(roughly(10n ** 77n * 123n)).toBe('1.23 × 10^79');
    // Past the range of doubles: from the digits.
    expect(roughly(4n * 10n ** 400n)).toBe('4 × 10^400');
    for (const n of [1e16, 3e21, 7n * 10n ** 40n, 2n ** 600n])
      expect(roughly(n)).not.toMatch(/e\+|Infinity|NaN/);
  });

  it('SI prefixes for rates and costs; exact below 10,000', () => {
    expect(shortCount(9999)).toBe('9,999');
    expect(shortCount(19296)).toBe('19.3 k');
    expect(shortCount(999_950)).toBe('1 M');
    expect(shortCount(1.23e9)).toBe('1.23 G');
    expect(shortCount(8.9e15)).toBe('8.9 P');
  });

  it('percentages: non-zero when the part is, under 100% when some are missing', () => {
    expect(percent(0n, 10n)).toBe('0%');
    expect(percent(1n, 3n)).toBe('33%');
    expect(percent(5n, 100n)).toBe('5%');
    expect(percent(1n, 10n ** 9n)).toBe('0.0000001%');
    expect(percent(9999n, 10000n)).toBe('99.9%');
    expect(percent(10n, 10n)).toBe('100%');
  });

  it('plain coordinates and counted nouns', () => {
    expect(plain(1311)).toBe('1311');
    expect(plain(15.5)).toBe('15.5');
    expect(plain(-1 / 3)).toBe('-0.3333');
    expect(counted(1, 'layer')).toBe('1 layer');
    expect(counted(2n, 'layer')).toBe('2 layers');
    expect(counted(1234, 'architecture')).toBe('1,234 architectures');
  });
});
