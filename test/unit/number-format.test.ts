/**
 * The one number-format module: each kind of figure has one way to become text, and the texts
 * the outputs rely on (input limits, measure's table, platform notes, assumptions) read as before.
 */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatGb, formatMb, groupThousands, hours, plural, quantity, unitPrice, usd, usdDelta } from '../../src/core/number-format.js';

describe('number-format', () => {
  it('memory in MB: below 1 GB in MB, from 1 GB exact GB (1536 MB is 1.5 GB everywhere, the stack assumptions too)', () => {
    expect([512, 1000, 1024, 1536, 2048, 1100].map(formatMb)).toEqual(['512 MB', '1000 MB', '1 GB', '1.5 GB', '2 GB', '1.07421875 GB']);
  });

  it('GB figures: at most two decimals, no trailing zeros', () => {
    expect([5, 2.5, 5 / 3, 0.125, 10.005].map(formatGb)).toEqual(['5', '2.5', '1.67', '0.13', '10.01']);
  });

  it('byte counts in binary units: one decimal below 10 (none when whole), none from 10 up', () => {
    expect([512, 256 * 1024, 2 * 1024 * 1024, 2 * 1024 * 1024 + 1, 1.5 * 1024 ** 3, 150 * 1024 ** 2 + 300 * 1024, 12.34 * 1024 ** 2].map(formatBytes)).toEqual([
      '512 B',
      '256 KB',
      '2 MB',
      '2 MB',
      '1.5 GB',
      '150 MB',
      '12 MB',
    ]);
  });

  it('counts, quantities, hours and dollars', () => {
    expect(groupThousands(1234567)).toBe('1,234,567');
    expect(plural(1, 'service')).toBe('1 service');
    expect(plural(1200, 'user')).toBe('1,200 users');
    expect(quantity(5 / 3)).toBe('1.6667');
    expect(hours({ min: 4, max: 8 })).toBe('4–8 h');
    expect(hours({ min: 1.5, max: 1.5 })).toBe('1.5 h');
    expect(usd(1234.5)).toBe('$1,234.50');
    expect(usdDelta(-12.5)).toBe('-$12.50');
    expect(unitPrice(0.00325)).toBe('$0.00325');
  });
});
