/**
 * Prices a DigitalOcean model. Worked example, the built-in stack:
 * 2 × apps-s-1vcpu-0.5gb ($5) + 2 × apps-s-1vcpu-1gb-fixed ($10) = $30; Phoenix moves into
 * Postgres (no volumes); managed db-s-1vcpu-1gb $15.15 (10 GB included ≥ 6 GB);
 * bandwidth 10 GB within the pooled 300 GB; total $45.15.
 * A compose file's Redis adds Managed Valkey: the cheapest plan with enough memory ($15 for 1 GB).
 */

import { type Alternative, type LineItem, line, type PlatformCost, priced, toAlternative } from '../../core/estimate.js';
import { dec } from '../../core/money.js';
import { formatGb, formatMb } from '../../core/number-format.js';
import { weakest } from '../../pricing/confidence.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { DoModel } from './model.js';

/** Line items of a DigitalOcean model: containers, databases, key-value stores and bandwidth. */
export function priceDigitalOcean(model: DoModel, book: PriceBook): PlatformCost {
  const { stack } = model;
  const db = book.platforms.digitalocean;
  const items: LineItem[] = [];
  const alternatives: Alternative[] = [];
  let allowance = 0;
  for (const c of model.components) {
    items.push(
      priced(`${c.slug}: ${c.size.slug}`, c.count, c.size.monthly, {
        service: c.slug,
        note: `${c.count} instance(s), ${c.size.vcpu} ${c.size.cpuKind} vCPU, ${formatMb(c.size.memoryMb)}`,
      }),
    );
    allowance += c.size.bandwidthGb * c.count;
  }
  for (const d of model.databases) {
    const managed = [
      priced(`${d.name}: managed PostgreSQL ${d.plan.slug}`, 1, d.plan.monthly, {
        service: d.name,
        note: `${formatGb(d.storageGb)} GB of data; ${d.plan.includedStorageGb} GB included`,
      }),
    ];
    if (d.extraGb > 0) managed.push(priced(`${d.name}: extra storage`, d.extraGb, db.extraStorage, { service: d.name }));
    // A dev database holds one database, so each app's database is its own dev database.
    const devCount = Math.max(1, d.databases.length);
    const dev = [
      priced(`${d.name}: App Platform dev database`, devCount, db.devDatabase.monthly, {
        service: d.name,
        note: `${devCount > 1 ? `one per app database (${devCount}), each ` : ''}up to ${db.devDatabase.storageLimitGb} GB, no backups`,
      }),
    ];
    const fits = d.storageGb / devCount <= db.devDatabase.storageLimitGb;
    if (d.dev) {
      items.push(...dev);
      alternatives.push(
        toAlternative(`${d.name}: managed PostgreSQL ${d.plan.slug}`, managed, dev, 'Daily backups with 7-day point-in-time recovery; for production.'),
      );
    } else {
      items.push(...managed);
      alternatives.push(
        toAlternative(
          `${d.name}: App Platform dev database`,
          dev,
          managed,
          `Limited to ${db.devDatabase.storageLimitGb} GB${fits ? '' : ` (this stack's ${formatGb(d.storageGb)} GB does not fit)`}, no backups, not for production.`,
        ),
      );
    }
  }
  for (const kv of model.keyValues) {
    items.push(priced(`${kv.name}: Managed Valkey ${kv.plan.name}`, 1, kv.plan.monthly, { service: kv.name, note: `for ${formatMb(kv.memoryMb)} of data` }));
  }
  // Allowances beyond the smallest sizes are uncertain: the overage (or its absence) rests on them.
  const allowanceConfidence = weakest(model.components.map((c) => c.size.bandwidthSource.confidence));
  const doubtful = model.components.filter((c) => c.size.bandwidthSource.confidence === 'uncertain' || c.size.bandwidthSource.confidence === 'third-party');
  const allowanceDoubt =
    doubtful.length > 0
      ? ` (${allowanceConfidence} figure: the allowance of ${[...new Set(doubtful.map((c) => c.size.slug))].join(', ')} is not confirmed by DigitalOcean's own pages)`
      : '';
  const overGb = Math.max(0, stack.egressGb - allowance);
  if (overGb > 0) {
    const o = db.bandwidthOverage;
    items.push(
      line('Bandwidth beyond the allowance', overGb, o.unit, dec(o.amount), {
        note: `${formatGb(stack.egressGb)} GB − ${formatGb(allowance)} GB pooled allowance${allowanceDoubt}`,
        source: o.source,
        confidence: weakest([o.confidence, allowanceConfidence]),
        asOf: o.asOf,
      }),
    );
  }
  return {
    plan: null,
    lineItems: items,
    sizing: model.components.map((c) => ({ service: c.slug, size: c.size.slug, instances: c.count, reason: c.reason })),
    alternatives,
    assumptions: [...model.assumptions, `Bandwidth allowance for this app: ${allowance} GB a month${allowanceDoubt}.`],
    warnings: model.warnings,
    fitsTier: true,
  };
}
