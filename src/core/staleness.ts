/**
 * How old the price book is on the run's date. The date arrives as an argument (the core never
 * reads the clock); an estimate made more than 90 days after the book was checked says so and
 * names the oldest figures it used.
 */
import type { LineItem } from './estimate.js';
import { type Warning, warning } from './warnings.js';

/** Days after which the price book counts as stale. */
export const STALE_AFTER_DAYS = 90;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) throw new Error(`daysBetween expects YYYY-MM-DD dates, got ${from} and ${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "441 days old", or "dated in the future" for a date after the run's (a typo, or a clock that is wrong). */
export function ageText(days: number): string {
  return days < 0 ? 'dated in the future' : `${days} days old`;
}

/**
 * The stale-price-book warning for an estimate's line items, or null while the book is fresh.
 * Worked example: a book checked 2026-11-25, run on 2027-03-01 (96 days later), names the
 * oldest dated lines first: "Managed Postgres Basic (2025-12-15, 441 days old)".
 */
export function stalenessWarning(bookAsOf: string, items: readonly LineItem[], today: string, shown = 3): Warning | null {
  const age = daysBetween(bookAsOf, today);
  if (age <= STALE_AFTER_DAYS) return null;
  const dated = items.filter((i): i is LineItem & { asOf: string } => i.asOf !== undefined && i.monthlyCents !== 0);
  const byDate = [...dated].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.name.localeCompare(b.name));
  const seen = new Set<string>();
  const oldest: string[] = [];
  for (const i of byDate) {
    // One entry per figure: several services on the same preset are one price.
    const key = `${i.asOf}|${i.source ?? ''}|${i.unitPrice.toString()}|${i.unit}`;
    if (seen.has(key)) continue;
    seen.add(key);
    oldest.push(`${i.name} (${i.asOf}, ${ageText(daysBetween(i.asOf, today))})`);
    if (oldest.length === shown) break;
  }
  const named = oldest.length > 0 ? `; the oldest figures this estimate uses: ${oldest.join('; ')}` : '';
  return warning(
    'pricing.stale',
    'warning',
    `The price book was last checked on ${bookAsOf}, ${age} days before today (${today}), more than ${STALE_AFTER_DAYS} days${named}.`,
    {
      fix: 'Check the figures against their sources (stackfare prices lists each with its URL and age), then give newer ones with --pricing FILE or update stackfare.',
    },
  );
}
