/**
 * Exact money. Prices are decimal strings in the price book and Decimal values in the core;
 * a figure becomes whole cents only once, when a line item is closed, and totals add cents.
 */
import { Decimal } from 'decimal.js';

export { Decimal };

/** A decimal from a price-book string or an integer count. Never from an accumulated float. */
export function dec(value: Decimal.Value): Decimal {
  return new Decimal(value);
}

/** Rounds an exact amount to whole cents, half away from zero (as invoices do). */
export function toCents(amount: Decimal): number {
  return amount.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Cents as a dollar number with two decimals, for JSON (e.g. 4225 → 42.25). */
export function centsToDollars(cents: number): number {
  return new Decimal(cents).dividedBy(100).toNumber();
}

/** Sum of decimals. */
export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0));
}

/** The larger of two decimals. */
export function max(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

/** The smaller of two decimals. */
export function min(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}
