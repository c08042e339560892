/**
 * The estimate model: line items with exact amounts, and the pieces of an estimate every
 * platform shares (auth provider, client fees, effort). Platforms add their own line items.
 */

import type { Confidence } from '../pricing/confidence.js';
import type { Price } from '../pricing/price-book.js';
import type { PlatformId, Tier } from './answers.js';
import { type Decimal, dec, sum, toCents } from './money.js';
import type { Warning } from './warnings.js';

/** One priced component: quantity × unit price = monthly, rounded to cents once. */
export interface LineItem {
  name: string;
  /** The service (slug) or database the item belongs to. */
  service?: string;
  quantity: Decimal;
  unit: string;
  unitPrice: Decimal;
  /** Exact monthly amount (may be negative for a credit). */
  monthly: Decimal;
  /** Monthly amount in whole cents; totals add these. */
  monthlyCents: number;
  /** The assumption or choice that drives this figure. */
  note?: string;
  source?: string;
  confidence?: Confidence;
  /** The date of the price-book figure behind the line (for the staleness warning). */
  asOf?: string;
}

/** What a service runs on, and why that size. */
export interface SizingChoice {
  service: string;
  size: string;
  instances: number;
  reason: string;
  /** With a usage file (--usage): the size came from measurement, or is the default guess (an unmeasured service, a database). */
  sizedFrom?: 'measured' | 'guessed';
}

/** A cheaper (or different) option the user may take, with what it costs them. */
export interface Alternative {
  name: string;
  /** Change to the monthly total in cents if taken (negative saves money). */
  monthlyDeltaCents: number;
  caveat: string;
}

/** Effort in hours, with the tasks it adds up. */
export interface Effort {
  min: number;
  max: number;
  items: { name: string; min: number; max: number; note?: string }[];
}

/** A platform's own part of the estimate. */
export interface PlatformCost {
  plan: string | null;
  lineItems: LineItem[];
  sizing: SizingChoice[];
  alternatives: Alternative[];
  assumptions: string[];
  warnings: Warning[];
  /** False when the platform cannot serve the stack's tier (local for hosted tiers). */
  fitsTier: boolean;
  /** Worker nodes the platform runs for this stack (Kubernetes), shown at each scale. */
  nodes?: number;
}

/** A complete estimate for one platform. */
export interface Estimate extends PlatformCost {
  platform: PlatformId;
  platformName: string;
  tier: Tier;
  users: number;
  monthlyTotalCents: number;
  /** With --active-hours: what the same platform bills for the stack always on (side by side with the total). */
  alwaysOnMonthlyTotalCents?: number;
  effort: Effort;
  backups: string;
  backupsShort: string;
  tagline: string;
  multiUserReady: boolean;
  pros: string[];
  cons: string[];
  /** With --active-hours: what sleeps and what stays awake, and why (the report's `idle`). */
  idle?: IdleSummary;
}

/** The stack under a platform's idle rule, as the report lists it. */
export interface IdleSummary {
  activeHours: number;
  platformSleeps: boolean;
  sleeping: string[];
  awake: { name: string; kind: 'service' | 'postgres' | 'key-value'; why: string[] }[];
  wakeCosts: string[];
}

interface LineOptions {
  service?: string | undefined;
  note?: string | undefined;
  /** Use this monthly amount instead of quantity × unit price (yearly fees, credits). */
  monthly?: Decimal;
}

/** A line item priced from the price book: the source and confidence come with the price. */
export function priced(name: string, quantity: Decimal.Value, price: Price, options: LineOptions = {}): LineItem {
  // The fields line() reads, written out: spreading options into a new object for every line
  // of every service was the costliest step of an estimate.
  return line(name, quantity, price.unit, dec(price.amount), {
    service: options.service,
    note: options.note,
    monthly: options.monthly,
    source: price.source,
    confidence: price.confidence,
    asOf: price.asOf,
  });
}

/** The exact monthly amount of a line priced from the book: quantity × the price's amount, as priced() computes it. */
export function lineMonthly(quantity: Decimal.Value, price: Price): Decimal {
  return dec(quantity).times(dec(price.amount));
}

/** A line item from explicit figures (credits, derived amounts). */
export function line(
  name: string,
  quantity: Decimal.Value,
  unit: string,
  unitPrice: Decimal,
  options: LineOptions & { source?: string; confidence?: Confidence; asOf?: string } = {},
): LineItem {
  const q = dec(quantity);
  const monthly = options.monthly ?? q.times(unitPrice);
  const item: LineItem = { name, quantity: q, unit, unitPrice, monthly, monthlyCents: toCents(monthly) };
  if (options.service !== undefined) item.service = options.service;
  if (options.note !== undefined) item.note = options.note;
  if (options.source !== undefined) item.source = options.source;
  if (options.confidence !== undefined) item.confidence = options.confidence;
  if (options.asOf !== undefined) item.asOf = options.asOf;
  return item;
}

/** Sum of line items in cents: what the estimate shows adds up to the total it shows. */
export function totalCents(items: readonly LineItem[]): number {
  return items.reduce((acc, i) => acc + i.monthlyCents, 0);
}

/** Exact sum of line items, before rounding (for plan-fee credits). */
export function exactTotal(items: readonly LineItem[]): Decimal {
  return sum(items.map((i) => i.monthly));
}

/** An alternative that swaps `replaced` line items for `instead`, priced as the difference. */
export function toAlternative(name: string, instead: readonly LineItem[], replaced: readonly LineItem[], caveat: string): Alternative {
  return { name, monthlyDeltaCents: totalCents(instead) - totalCents(replaced), caveat };
}
