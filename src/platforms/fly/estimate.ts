/**
 * Prices a Fly model. Worked example, the built-in stack in iad:
 * 2 × shared-cpu-1x 512 MB ($3.19) + 2 × shared-cpu-1x 1 GB ($5.70) = $17.78;
 * Phoenix volume 1 GB × $0.15 = $0.15 (snapshots within the free 10 GB);
 * Managed Postgres Basic $38 + 5 GB × $0.28 = $39.40; egress 10 GB × $0.02 = $0.20; total $57.53.
 */
import { dec } from '../../core/money.js';
import { priced, toAlternative, type LineItem, type PlatformCost } from '../../core/estimate.js';
import type { Stack } from '../../core/stack.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { formatMb } from '../shared.js';
import type { FlyModel } from './model.js';

export function priceFly(model: FlyModel, stack: Stack, book: PriceBook): PlatformCost {
  const fb = book.platforms.fly;
  const items: LineItem[] = [];
  let volumeGb = 0;
  for (const app of model.apps) {
    const m = app.machine;
    items.push(
      priced(`${app.slug}: ${m.preset} ${formatMb(m.memoryMb)}`, app.count, m.monthly, {
        service: app.slug,
        note: `${app.count} machine(s), always on, ${m.region}`,
      }),
    );
    if (app.volume) {
      const total = app.volume.sizeGb * app.count;
      volumeGb += total;
      items.push(priced(`${app.slug}: volume`, total, fb.volume, { service: app.slug, note: `${app.volume.sizeGb} GB × ${app.count} machine(s)` }));
    }
  }
  const snapshotGb = Math.max(0, volumeGb - fb.snapshots.freeGb);
  if (snapshotGb > 0) {
    items.push(priced('Volume snapshots', snapshotGb, fb.snapshots.price, { note: `${volumeGb} GB of snapshots − ${fb.snapshots.freeGb} GB free` }));
  }
  const alternatives = [];
  for (const pg of model.postgres) {
    const managed = [
      priced(`${pg.name}: Managed Postgres ${pg.plan.name}`, 1, pg.plan.monthly, {
        service: pg.name,
        note: `${pg.plan.cpu}, ${formatMb(pg.plan.memoryMb)}, with standby and backups`,
      }),
      priced(`${pg.name}: Managed Postgres storage`, pg.storageGb, fb.managedPostgres.storage, { service: pg.name }),
    ];
    const self = [
      priced(`${pg.name}: self-run Postgres app (${pg.unmanaged.machine.preset} ${formatMb(pg.unmanaged.machine.memoryMb)})`, 1, pg.unmanaged.machine.monthly, { service: pg.name, note: 'single node, unsupported by Fly' }),
      priced(`${pg.name}: Postgres volume`, pg.unmanaged.volumeGb, fb.volume, { service: pg.name }),
    ];
    if (pg.dev) {
      items.push(...self);
      alternatives.push(toAlternative(`${pg.name}: Managed Postgres ${pg.plan.name}`, managed, self, 'Supported by Fly, with a standby, backups and connection pooling.'));
    } else {
      items.push(...managed);
      alternatives.push(
        toAlternative(`${pg.name}: self-run Fly Postgres (${pg.unmanaged.machine.preset} ${formatMb(pg.unmanaged.machine.memoryMb)} + volume)`, self, managed,
          'Unsupported by Fly: a single node with no standby; you run backups, upgrades and failover yourself.'),
      );
    }
  }
  if (stack.egressGb > 0) {
    items.push(priced('Egress', stack.egressGb, model.egress, { note: `${model.region} price group` }));
  }
  return {
    plan: 'Pay As You Go',
    lineItems: items,
    sizing: model.apps.map((a) => ({ service: a.slug, size: `${a.machine.preset} ${formatMb(a.machine.memoryMb)}`, instances: a.count, reason: a.reason })),
    alternatives,
    assumptions: [...model.assumptions, `Egress at $${dec(model.egress.amount).toFixed(2)}/GB for ${model.region}.`],
    warnings: model.warnings,
    fitsTier: true,
  };
}
