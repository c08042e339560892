/**
 * Exact money. Prices are decimal strings in the price book and Decimal values in the core;
 * a figure becomes whole cents only once, when a line item is closed, and totals add cents.
 */
import { Decimal } from 'decimal.js';

export { Decimal };

/** Decimals parsed from strings, by the string: Decimal values never change, so one serves every use. */
const parsed = new Map<string, Decimal>();
/** Enough for every amount of a price book; past it, strings are parsed each time. */
const PARSED_LIMIT = 4096;

/** A decimal from a price-book string or an integer count. Never from an accumulated float. */
export function dec(value: Decimal.Value): Decimal {
  // A Decimal is its own copy: decimal.js never changes a value in place.
  if (value instanceof Decimal) return value;
  if (typeof value !== 'string') return new Decimal(value);
  // The same few price-book amounts are compared and multiplied for every service of a stack.
  let d = parsed.get(value);
  if (d === undefined) {
    d = new Decimal(value);
    if (parsed.size < PARSED_LIMIT) parsed.set(value, d);
  }
  return d;
}

/** Rounds an exact amount to whole cents, half away from zero (as invoices do). */
export function toCents(amount: Decimal): number {
  return amount.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Cents as a dollar number with two decimals, for JSON (e.g. 4225 → 42.25). */
export function centsToDollars(cents: number): number {
  // Whole cents: the division of two exact doubles rounds once, to the double nearest the exact
  // quotient, as reading Decimal's exact result back does; so it is the same number, without Decimal.
  if (Number.isSafeInteger(cents)) return cents / 100;
  return new Decimal(cents).dividedBy(100).toNumber();
}

/** Sum of decimals. */
export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0));
}

/** The smaller of two decimals. */
export function min(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}
