/**
 * Prices a Fly model. Worked example, the built-in stack in iad:
 * 2 × shared-cpu-1x 512 MB ($3.69) + 2 × shared-cpu-1x 1 GB ($6.70) = $20.78;
 * Phoenix volume 1 GB × $0.15 = $0.15 (1 GB of snapshot data, within the free 10 GB);
 * Managed Postgres Basic $38 + 10 GB (fly mpg create's default volume; 5 GB of data) × $0.28
 * = $40.80; egress 10 GB × $0.02 = $0.20; total $61.93.
 * Snapshots are billed on the data stored: with --postgres dev and 20 GB of data, the self-run
 * volume's 20 GB + Phoenix's 1 GB = 21 GB − 10 GB free = 11 GB × $0.08 = $0.88.
 */

import { type LineItem, line, type PlatformCost, priced, toAlternative } from '../../core/estimate.js';
import { DEFAULT_ROOTFS_GB, SECONDS_PER_DAY } from '../../core/idle.js';
import { Decimal, dec } from '../../core/money.js';
import { formatGb, formatMb } from '../../core/number-format.js';
import type { Stack } from '../../core/stack.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { FlyApp, FlyModel } from './model.js';

/**
 * Machine-months of an auto-stopped app: running (count × awake share of the day) and stopped
 * (count × the rest); as idleMonthly prices a part, line by line so quantity × price = amount.
 */
function autoStopShares(count: number, awakeSecondsPerDay: Decimal): { running: Decimal; asleep: Decimal; hours: string } {
  const running = dec(count).times(awakeSecondsPerDay).dividedBy(SECONDS_PER_DAY);
  const asleep = dec(count).times(dec(SECONDS_PER_DAY).minus(awakeSecondsPerDay)).dividedBy(SECONDS_PER_DAY);
  return { running, asleep, hours: awakeSecondsPerDay.dividedBy(3600).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString() };
}

/** Line items of a Fly model: machines, volumes, snapshots, Postgres and egress. */
export function priceFly(model: FlyModel, stack: Stack, book: PriceBook): PlatformCost {
  const fb = book.platforms.fly;
  const items: LineItem[] = [];
  /** Data held by every volume, snapshotted daily: [what, GB]. */
  const snapshotted: [string, number][] = [];
  const machineLine = (name: string, count: Decimal.Value, m: FlyApp['machine'], regionPriced: boolean, service: string, note: string) =>
    regionPriced
      ? priced(name, count, m.monthly, { service, note: `${note}, ${m.region}` })
      : // The base region's price standing in for the chosen region's: a floor, not the price.
        line(name, count, m.monthly.unit, dec(m.monthly.amount), {
          service,
          note: `${note}; ${model.region} price missing from the price book, priced at ${m.region}`,
          source: m.monthly.source,
          confidence: 'uncertain',
          asOf: m.monthly.asOf,
        });
  for (const app of model.apps) {
    const m = app.machine;
    const name = `${app.slug}: ${m.preset} ${formatMb(m.memoryMb)}`;
    if (app.autoStop) {
      // Billed per second while running: the month's price × the share of the day it runs; stopped, its root file system.
      const { running, asleep, hours } = autoStopShares(app.count, app.autoStop.awakeSecondsPerDay);
      items.push(machineLine(name, running, m, app.regionPriced, app.slug, `${app.count} machine(s), auto-stopped: running ${hours} h of 24 a day`));
      const stopped = fb.idle.stoppedStorage;
      if (stopped && asleep.greaterThan(0)) {
        items.push(
          priced(`${app.slug}: stopped machine root file system`, asleep.times(DEFAULT_ROOTFS_GB), stopped, {
            service: app.slug,
            note: `${DEFAULT_ROOTFS_GB} GB per machine (image size assumed) while stopped`,
          }),
        );
      }
    } else {
      items.push(machineLine(name, app.count, m, app.regionPriced, app.slug, `${app.count} machine(s), always on`));
    }
    if (app.volume) {
      const total = app.volume.sizeGb * app.count;
      items.push(priced(`${app.slug}: volume`, total, fb.volume, { service: app.slug, note: `${app.volume.sizeGb} GB provisioned × ${app.count} machine(s)` }));
      snapshotted.push([app.slug, dec(app.volume.dataGb).times(app.count).toNumber()]);
    }
  }
  const alternatives = [];
  for (const pg of model.postgres) {
    const managed = [
      priced(`${pg.name}: Managed Postgres ${pg.plan.name}`, 1, pg.plan.monthly, {
        service: pg.name,
        note: `${pg.plan.cpu}, ${formatMb(pg.plan.memoryMb)}, with standby and backups`,
      }),
      priced(`${pg.name}: Managed Postgres storage`, pg.storageGb, fb.managedPostgres.storage, {
        service: pg.name,
        note:
          pg.storageGb > Math.ceil(pg.dataGb)
            ? `${formatGb(pg.dataGb)} GB of data; billed on the ${pg.storageGb} GB volume fly mpg create provisions by default`
            : `${formatGb(pg.dataGb)} GB of data, provisioned as ${pg.storageGb} GB`,
      }),
    ];
    const u = pg.unmanaged;
    const self = [
      machineLine(
        `${pg.name}: self-run Postgres app (${u.machine.preset} ${formatMb(u.machine.memoryMb)})`,
        1,
        u.machine,
        u.regionPriced,
        pg.name,
        'single node, unsupported by Fly',
      ),
      priced(`${pg.name}: Postgres volume`, u.volumeGb, fb.volume, {
        service: pg.name,
        note: `${formatGb(pg.dataGb)} GB of data, provisioned as ${u.volumeGb} GB`,
      }),
    ];
    if (pg.dev) {
      items.push(...self);
      snapshotted.push([pg.name, pg.dataGb]);
      alternatives.push(
        toAlternative(`${pg.name}: Managed Postgres ${pg.plan.name}`, managed, self, 'Supported by Fly, with a standby, backups and connection pooling.'),
      );
    } else {
      items.push(...managed);
      alternatives.push(
        toAlternative(
          `${pg.name}: self-run Fly Postgres (${u.machine.preset} ${formatMb(u.machine.memoryMb)} + volume)`,
          self,
          managed,
          'Unsupported by Fly: a single node with no standby; you run backups, upgrades and failover yourself.',
        ),
      );
    }
  }
  const snapshotData = snapshotted.reduce((a, [, g]) => a.plus(g), dec(0));
  const snapshotGb = snapshotData.minus(fb.snapshots.freeGb);
  const snapshotWhat = `${formatGb(snapshotData.toNumber())} GB of volume data (${snapshotted.map(([n, g]) => `${n} ${formatGb(g)} GB`).join(', ')})`;
  if (snapshotGb.greaterThan(0)) {
    items.push(priced('Volume snapshots', snapshotGb, fb.snapshots.price, { note: `${snapshotWhat} − ${fb.snapshots.freeGb} GB free` }));
  }
  if (stack.egressGb > 0) {
    items.push(priced('Egress', stack.egressGb, model.egress, { note: `${model.region} price group` }));
  }
  return {
    plan: 'Pay As You Go',
    lineItems: items,
    sizing: model.apps.map((a) => ({ service: a.slug, size: `${a.machine.preset} ${formatMb(a.machine.memoryMb)}`, instances: a.count, reason: a.reason })),
    alternatives,
    assumptions: [
      ...model.assumptions,
      ...(snapshotted.length > 0 && !snapshotGb.greaterThan(0) ? [`Volume snapshots: ${snapshotWhat}, within the free ${fb.snapshots.freeGb} GB.`] : []),
      `Egress at $${dec(model.egress.amount).toFixed(2)}/GB for ${model.region}.`,
    ],
    warnings: model.warnings,
    fitsTier: true,
  };
}
