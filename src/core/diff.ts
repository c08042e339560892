/**
 * Two reports → what changed, Infracost-diff style: per platform the monthly total before, after
 * and the change, then the line items added, removed or changed (quantity or price). Works on
 * the versioned report model, so either side may be a fresh estimate or a saved JSON report.
 * Money is compared in whole cents (each report figure is dollars computed from whole cents).
 */
import type { EstimateJson, Report } from './report-schema.js';

/** Bumped only when a field changes meaning or disappears. */
const DIFF_VERSION = 1;

/** A line item as the diff shows it (one side). */
export interface LineSide {
  quantity: number;
  unit: string;
  unitPrice: number;
  monthly: number;
  note?: string;
}

/** One line item that differs between the two sides. */
export interface LineChange {
  /** added: only after; removed: only before; changed: quantity, unit, unit price or amount differ. */
  kind: 'added' | 'removed' | 'changed';
  name: string;
  service?: string;
  before: LineSide | null;
  after: LineSide | null;
  /** After minus before, USD a month. */
  change: number;
  /** What changed on a `changed` line: name (a new size or plan of the same service), quantity, unit, unitPrice, monthly. */
  fields: ('name' | 'quantity' | 'unit' | 'unitPrice' | 'monthly')[];
  /** The line's name before, when it changed (`reasoning-api: Starter` → `reasoning-api: Standard`). */
  previousName?: string;
  source?: string;
  confidence?: string;
}

/** One platform (and tier) on both sides. */
export interface PlatformDiff {
  platform: EstimateJson['platform'];
  name: string;
  tier: EstimateJson['tier'];
  /** Plan on each side (null where the platform has none or the side lacks the platform). */
  planBefore: string | null;
  planAfter: string | null;
  /** Monthly total on each side; null where that side does not price this platform. */
  before: number | null;
  after: number | null;
  change: number;
  /** Change as a share of the before total (0.25 = +25%); null when before is 0 or absent. */
  changeShare: number | null;
  lineItems: LineChange[];
  /** Unchanged line items (counted, not listed). */
  unchangedLineItems: number;
}

/** Where a side came from, as the diff names it. */
export interface DiffSideInfo {
  label: string;
  kind: 'answers' | 'compose' | 'report';
  pricingAsOf: string;
  tier: Report['tier'];
  cheapest: Report['cheapest'];
}

/** The whole diff: the `diff --format json` output. */
export interface ReportDiff {
  version: typeof DIFF_VERSION;
  currency: 'USD';
  before: DiffSideInfo;
  after: DiffSideInfo;
  platforms: PlatformDiff[];
  /** Notes on what makes the two sides hard to compare (different price books, tiers). */
  notes: string[];
}

const cents = (dollars: number) => Math.round(dollars * 100);
const dollars = (c: number) => c / 100;

function side(i: EstimateJson['lineItems'][number]): LineSide {
  return { quantity: i.quantity, unit: i.unit, unitPrice: i.unitPrice, monthly: i.monthly, ...(i.note === undefined ? {} : { note: i.note }) };
}

/** Line items keyed by name; a name that repeats gets its occurrence number so each is matched once. */
function keyed(items: EstimateJson['lineItems']): Map<string, EstimateJson['lineItems'][number]> {
  const out = new Map<string, EstimateJson['lineItems'][number]>();
  const seen = new Map<string, number>();
  for (const i of items) {
    const n = (seen.get(i.name) ?? 0) + 1;
    seen.set(i.name, n);
    out.set(n === 1 ? i.name : `${i.name}#${n}`, i);
  }
  return out;
}

type Item = EstimateJson['lineItems'][number];

/** The service a line belongs to: its own field, or the name's prefix before ": ". */
function serviceOf(i: Item): string {
  return i.service ?? (i.name.includes(': ') ? i.name.slice(0, i.name.indexOf(': ')) : i.name);
}

/** How one line item changed, or null when it did not. */
function compareLines(was: Item, now: Item): LineChange | null {
  const fields: LineChange['fields'] = [];
  if (was.name !== now.name) fields.push('name');
  if (was.quantity !== now.quantity) fields.push('quantity');
  if (was.unit !== now.unit) fields.push('unit');
  if (was.unitPrice !== now.unitPrice) fields.push('unitPrice');
  if (cents(was.monthly) !== cents(now.monthly)) fields.push('monthly');
  if (fields.length === 0) return null;
  return {
    kind: 'changed',
    name: now.name,
    ...meta(now),
    before: side(was),
    after: side(now),
    change: dollars(cents(now.monthly) - cents(was.monthly)),
    fields,
    ...(was.name === now.name ? {} : { previousName: was.name }),
  };
}

function meta(i: Item): Pick<LineChange, 'service' | 'source' | 'confidence'> {
  return {
    ...(i.service === undefined ? {} : { service: i.service }),
    ...(i.source === undefined ? {} : { source: i.source }),
    ...(i.confidence === undefined ? {} : { confidence: i.confidence }),
  };
}

/**
 * The line items that differ between two estimates of one platform. Lines match by name; a line
 * left over on each side for the same service and unit (a service moved from one size or plan
 * to another) is one changed line, not a removal and an addition. Order: the after side's, then
 * what was removed.
 */
export function diffLineItems(before: EstimateJson['lineItems'], after: EstimateJson['lineItems']): { changes: LineChange[]; unchanged: number } {
  const a = keyed(before);
  const b = keyed(after);
  const leftA = [...a.entries()].filter(([k]) => !b.has(k));
  const leftB = [...b.entries()].filter(([k]) => !a.has(k));
  const group = (i: Item) => `${serviceOf(i)}\u0000${i.unit}`;
  const count = (list: [string, Item][], g: string) => list.filter(([, i]) => group(i) === g).length;
  // Pairs only where the match is unambiguous: one line on each side in the group.
  const pairedWith = new Map<string, string>();
  for (const [kb, ib] of leftB) {
    const g = group(ib);
    if (count(leftB, g) !== 1 || count(leftA, g) !== 1) continue;
    pairedWith.set(kb, leftA.find(([, ia]) => group(ia) === g)![0]);
  }
  const pairedA = new Set(pairedWith.values());
  const changes: LineChange[] = [];
  let unchanged = 0;
  for (const [key, now] of b) {
    const was = a.get(pairedWith.get(key) ?? key);
    if (!was) {
      changes.push({ kind: 'added', name: now.name, ...meta(now), before: null, after: side(now), change: now.monthly, fields: [] });
      continue;
    }
    const change = compareLines(was, now);
    if (change) changes.push(change);
    else unchanged += 1;
  }
  for (const [key, was] of a) {
    if (b.has(key) || pairedA.has(key)) continue;
    changes.push({ kind: 'removed', name: was.name, ...meta(was), before: side(was), after: null, change: dollars(-cents(was.monthly)), fields: [] });
  }
  return { changes, unchanged };
}

/** Estimates keyed by platform, or by tier and platform when a side compares every tier. */
function byKey(report: Report, withTier: boolean): Map<string, EstimateJson> {
  const out = new Map<string, EstimateJson>();
  for (const e of report.estimates) {
    const key = withTier ? `${e.tier}:${e.platform}` : e.platform;
    if (!out.has(key)) out.set(key, e);
  }
  return out;
}

/** Compares two reports: every platform either side prices, in the order they appear (after first). */
export function diffReports(
  before: Report,
  after: Report,
  labels: { before: Omit<DiffSideInfo, 'pricingAsOf' | 'tier' | 'cheapest'>; after: Omit<DiffSideInfo, 'pricingAsOf' | 'tier' | 'cheapest'> },
): ReportDiff {
  const withTier = before.tier === 'all' && after.tier === 'all';
  const a = byKey(before, withTier);
  const b = byKey(after, withTier);
  const keys = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  const platforms: PlatformDiff[] = keys.map((key) => {
    const was = a.get(key);
    const now = b.get(key);
    const any = (now ?? was)!;
    const { changes, unchanged } = diffLineItems(was?.lineItems ?? [], now?.lineItems ?? []);
    const beforeCents = was ? cents(was.monthlyTotal) : null;
    const afterCents = now ? cents(now.monthlyTotal) : null;
    const change = (afterCents ?? 0) - (beforeCents ?? 0);
    return {
      platform: any.platform,
      name: any.name,
      tier: any.tier,
      planBefore: was?.plan ?? null,
      planAfter: now?.plan ?? null,
      before: beforeCents === null ? null : dollars(beforeCents),
      after: afterCents === null ? null : dollars(afterCents),
      change: dollars(change),
      // Rounded to 0.1%: a share for people, not for arithmetic.
      changeShare: beforeCents ? Math.round((change / beforeCents) * 1000) / 1000 : null,
      lineItems: changes,
      unchangedLineItems: unchanged,
    };
  });
  const notes: string[] = [];
  if (before.pricingAsOf !== after.pricingAsOf) {
    notes.push(
      `The two sides use different price books (${before.pricingAsOf} and ${after.pricingAsOf}): some changes may be price changes, not changes to the setup.`,
    );
  }
  if (before.tier !== after.tier) notes.push(`The tier changes from ${before.tier} to ${after.tier}.`);
  if (before.cheapest !== after.cheapest)
    notes.push(`The cheapest platform that fits changes from ${before.cheapest ?? 'none'} to ${after.cheapest ?? 'none'}.`);
  return {
    version: DIFF_VERSION,
    currency: 'USD',
    before: { ...labels.before, pricingAsOf: before.pricingAsOf, tier: before.tier, cheapest: before.cheapest },
    after: { ...labels.after, pricingAsOf: after.pricingAsOf, tier: after.tier, cheapest: after.cheapest },
    platforms,
    notes,
  };
}

/** Whether anything at all differs (a total, a line item or a note). */
export function hasChanges(diff: ReportDiff): boolean {
  return (
    diff.notes.length > 0 ||
    diff.platforms.some((p) => p.change !== 0 || p.lineItems.length > 0 || p.before === null || p.after === null || p.planBefore !== p.planAfter)
  );
}
