/**
 * Every figure of a price book as a flat, auditable list: where it sits in the book (the path a
 * --pricing override uses), what it is, its amount and unit, source, date, confidence and age on
 * the run's date. Pure: the date arrives as an argument.
 */

import { CONFIDENCE, type Confidence } from '../pricing/confidence.js';
import type { PriceBook } from '../pricing/price-book.js';
import type { PlatformId } from './answers.js';
import { daysBetween, STALE_AFTER_DAYS } from './staleness.js';

/** One figure of the price book. */
export interface PriceRow {
  /** The section: a platform id, `auth`, or `clientFees`. */
  section: string;
  /** Where it sits in the book, such as `platforms.fly.volume`. */
  path: string;
  /** What it is, in words: `fly › machines › shared-cpu-1x 256 MB iad › monthly`. */
  name: string;
  /** The figure: a decimal price, or the limits a sourced entry states (`memoryGb 24, vcpu 24`). */
  amount: string;
  unit: string;
  source: string;
  asOf: string;
  confidence: string;
  /** Days from asOf to the run's date; null when the date is unknown. */
  ageDays: number | null;
  note?: string;
}

/** The list `stackfare prices` prints. */
export interface PriceList {
  version: 1;
  currency: string;
  asOf: string;
  today: string | null;
  /** Days since the book was checked as a whole; null when the date is unknown. */
  bookAgeDays: number | null;
  staleAfterDays: number;
  /** How many of the figures have each confidence, every confidence listed (0 when none). */
  confidenceCounts: Record<Confidence, number>;
  figures: PriceRow[];
}

/** How many rows have each confidence, from most to least sure; an unknown one is not counted. */
export function countByConfidence(rows: readonly PriceRow[]): Record<Confidence, number> {
  const counts = Object.fromEntries(CONFIDENCE.map((c) => [c, 0])) as Record<Confidence, number>;
  for (const r of rows) if (r.confidence in counts) counts[r.confidence as Confidence] += 1;
  return counts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSourced = (v: Record<string, unknown>) => typeof v.source === 'string' && typeof v.asOf === 'string' && typeof v.confidence === 'string';

/** How an entry of a list is called in a figure's name. */
function entryLabel(entry: unknown, index: number): string {
  if (!isObject(entry)) return String(index);
  if (typeof entry.preset === 'string' && typeof entry.memoryMb === 'number') {
    const mem = entry.memoryMb >= 1024 ? `${entry.memoryMb / 1024} GB` : `${entry.memoryMb} MB`;
    return `${entry.preset} ${mem}${typeof entry.region === 'string' ? ` ${entry.region}` : ''}`;
  }
  for (const k of ['id', 'slug', 'name']) if (typeof entry[k] === 'string') return entry[k];
  return String(index);
}

/** Numbers a sourced entry states, as `key value` pairs (limits, sizes). */
function statedFigures(v: Record<string, unknown>, parent: Record<string, unknown> | null, key: string): string {
  // A size's bandwidth source vouches for the size's bandwidthGb.
  if (key === 'bandwidthSource' && parent && typeof parent.bandwidthGb === 'number') return `bandwidthGb ${parent.bandwidthGb}`;
  return Object.entries(v)
    .filter(([, x]) => typeof x === 'number')
    .map(([k, x]) => `${k} ${String(x)}`)
    .join(', ');
}

/** Every sourced figure of the book, optionally one platform's, with its age on `today`. */
export function priceList(book: PriceBook, options: { platform?: PlatformId | undefined; today?: string | undefined } = {}): PriceList {
  const rows: PriceRow[] = [];
  const today = options.today ?? null;
  const walk = (v: unknown, path: string, names: string[], parent: Record<string, unknown> | null, key: string, section: string) => {
    if (Array.isArray(v)) {
      v.forEach((e, i) => {
        walk(e, `${path}[${i}]`, [...names, entryLabel(e, i)], null, String(i), section);
      });
      return;
    }
    if (!isObject(v)) return;
    if (isSourced(v)) {
      const price = typeof v.amount === 'string' && typeof v.unit === 'string';
      const row: PriceRow = {
        section,
        path,
        name: names.join(' › '),
        amount: price ? (v.amount as string) : statedFigures(v, parent, key),
        unit: price ? (v.unit as string) : '',
        source: v.source as string,
        asOf: v.asOf as string,
        confidence: v.confidence as string,
        ageDays: today ? daysBetween(v.asOf as string, today) : null,
      };
      if (typeof v.note === 'string') row.note = v.note;
      rows.push(row);
    }
    for (const [k, x] of Object.entries(v)) {
      if (isObject(x) || Array.isArray(x)) walk(x, `${path}.${k}`, [...names, k], v, k, section);
    }
  };
  const platforms = options.platform ? [options.platform] : (Object.keys(book.platforms) as PlatformId[]);
  for (const id of platforms) walk(book.platforms[id], `platforms.${id}`, [id], null, id, id);
  if (!options.platform) {
    walk(book.auth, 'auth', ['auth'], null, 'auth', 'auth');
    walk(book.clientFees, 'clientFees', ['clientFees'], null, 'clientFees', 'clientFees');
  }
  return {
    version: 1,
    currency: book.currency,
    asOf: book.asOf,
    today,
    bookAgeDays: today ? daysBetween(book.asOf, today) : null,
    staleAfterDays: STALE_AFTER_DAYS,
    confidenceCounts: countByConfidence(rows),
    figures: rows,
  };
}
