/**
 * Fly.io: each service is its own app of always-on machines sized from Fly's presets; volumes
 * belong to one machine each; Postgres is a Managed Postgres cluster per instance.
 * Modelled on https://fly.io/docs/about/pricing/ (2025-08-19 copy, checked against the
 * 2026-01-20 cost-management page) and https://fly.io/docs/mpg/ (src 2025-12-15).
 */

import { idlePlan } from '../../core/idle.js';
import { type Decimal, dec } from '../../core/money.js';
import { formatMb } from '../../core/number-format.js';
import { type Stack, volumeDataGb } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { FlyBook, Price, PriceBook } from '../../pricing/price-book.js';
import { cheapestBy } from '../plan-choice.js';
import { orBlocking } from '../sizes.js';

type FlyMachine = FlyBook['machines'][number];
type MpgPlan = FlyBook['managedPostgres']['plans'][number];

export interface FlyApp {
  slug: string;
  machine: FlyMachine;
  count: number;
  reason: string;
  /** False when the region has no price for this size and the base region's price stands in. */
  regionPriced: boolean;
  public: boolean;
  /** One volume per machine: `sizeGb` provisioned (billed), `dataGb` held (snapshotted). */
  volume: { sizeGb: number; dataGb: number; mountPath: string } | null;
  /**
   * Under --active-hours, when nothing keeps it awake: its machines auto-stop (min_machines_running
   * = 0) and are billed for the seconds a day they run; null: always on.
   */
  autoStop?: { awakeSecondsPerDay: Decimal } | null;
}

export interface FlyPostgres {
  name: string;
  /** The self-run single-node app instead of Managed Postgres (answers: postgres dev). */
  dev: boolean;
  /** The cheapest Managed Postgres plan with the memory the database asks for. */
  plan: MpgPlan;
  /** Managed Postgres volume: the data rounded up to whole GB, at least fly mpg create's default. */
  storageGb: number;
  /** Data the database holds, GB. */
  dataGb: number;
  /** The unsupported single-node app that would replace it: its machine and volume. */
  unmanaged: { machine: FlyMachine; regionPriced: boolean; volumeGb: number; presetMemoryMb: number };
}

export interface FlyModel {
  region: string;
  apps: FlyApp[];
  postgres: FlyPostgres[];
  egress: Price;
  warnings: Warning[];
  assumptions: string[];
}

/**
 * How much dearer `region` is than the base region over the sizes both list, as a whole percent
 * (sjc: $2.62 / $2.19, $4.41 / $3.69, ... ≈ 19%); null when they share no size.
 */
export function regionMarkupPercent(book: FlyBook, region: string): number | null {
  const base = book.machines.filter((m) => m.region === book.baseRegion);
  const ratios = book.machines
    .filter((m) => m.region === region)
    .flatMap((m) => {
      const b = base.find((x) => x.preset === m.preset && x.memoryMb === m.memoryMb);
      return b ? [dec(m.monthly.amount).dividedBy(b.monthly.amount)] : [];
    });
  if (ratios.length === 0) return null;
  const mean = ratios.reduce((a, r) => a.plus(r), dec(0)).dividedBy(ratios.length);
  return mean.minus(1).times(100).toDecimalPlaces(0).toNumber();
}

/** One database instance on Fly: the Managed Postgres plan with its memory (else the largest, with an error) and the self-run machine priced beside it. */
function flyPostgres(
  p: Stack['postgres']['instances'][number],
  stack: Stack,
  fb: PriceBook['platforms']['fly'],
  region: string,
  warnings: Warning[],
): FlyPostgres {
  const mpgPlans = fb.managedPostgres.plans;
  const defaultVolume = fb.managedPostgres.defaultVolumeGb.sizeGb;
  const memoryMb = p.memoryMb ?? 0;
  let plan = cheapestBy(
    mpgPlans.filter((m) => m.memoryMb >= memoryMb),
    (m) => m.monthly,
  );
  if (!plan) {
    plan = mpgPlans.reduce((a, m) => (m.memoryMb > a.memoryMb ? m : a));
    warnings.push(
      warning(
        'fly.postgres-too-large',
        'error',
        `${p.name} asks for ${formatMb(memoryMb)}; the largest Managed Postgres plan (${plan.name}) has ${formatMb(plan.memoryMb)}.`,
        {
          service: p.name,
          // A self-run database (--postgres dev) does not use the plan: only a managed one cannot run.
          blocking: stack.postgres.kind !== 'dev',
          fix: 'Lower its memory, or ask Fly for a custom plan.',
        },
      ),
    );
  }
  const devPick =
    pickMachine(fb, region, { vcpu: 1, memoryMb: Math.max(fb.unmanagedPostgres.memoryMb, memoryMb) }) ??
    pickMachine(fb, region, { vcpu: 1, memoryMb: fb.unmanagedPostgres.memoryMb })!;
  const dev = stack.postgres.kind === 'dev';
  if (dev && !devPick.priced) {
    warnings.push(
      warning('fly.region-price-missing', 'warning', `${p.name}: ${devPick.reason}.`, {
        service: p.name,
        fix: 'Check the price on fly.io/docs/about/pricing, or give it with --pricing FILE.',
      }),
    );
  }
  const dataGb = p.storageGb;
  return {
    name: p.name,
    dev,
    plan,
    storageGb: Math.max(defaultVolume, Math.ceil(dataGb)),
    dataGb,
    unmanaged: {
      machine: devPick.machine,
      regionPriced: devPick.priced,
      volumeGb: Math.max(1, Math.ceil(dataGb)),
      presetMemoryMb: Math.min(...fb.machines.filter((m) => m.preset === devPick.machine.preset).map((m) => m.memoryMb)),
    },
  };
}

/**
 * Picks the cheapest preset in the region that has the vCPU and memory the service asks for.
 * A size the region's table lacks is priced at the base region's price and says so
 * (`priced: false`): the price book carries only a few sizes outside the base region.
 */
export function pickMachine(
  book: FlyBook,
  region: string,
  need: { vcpu: number; memoryMb: number },
): { machine: FlyMachine; reason: string; priced: boolean } | null {
  const fits = (m: FlyMachine) => m.vcpus >= need.vcpu && m.memoryMb >= need.memoryMb;
  const local = cheapestBy(
    book.machines.filter((m) => m.region === region && fits(m)),
    (m) => m.monthly,
  );
  if (local) {
    return {
      machine: local,
      reason: `cheapest ${region} preset with ≥ ${need.vcpu} vCPU and ≥ ${formatMb(need.memoryMb)}`,
      priced: true,
    };
  }
  const base = cheapestBy(
    book.machines.filter((m) => m.region === book.baseRegion && fits(m)),
    (m) => m.monthly,
  );
  if (!base) return null;
  const markup = regionMarkupPercent(book, region);
  return {
    machine: base,
    reason:
      `the price book has no ${region} price for a preset this size, so it is priced at the ${book.baseRegion} price` +
      (markup === null ? '' : `; ${region} costs about ${markup}% more on the sizes the book lists, so expect about that much more`),
    priced: false,
  };
}

export function resolveFly(stack: Stack, book: PriceBook): FlyModel {
  const fb = book.platforms.fly;
  const region = fb.regions[stack.region];
  const warnings: Warning[] = [];
  const apps: FlyApp[] = [];
  const idle = stack.activeHours ? idlePlan(stack, fb.idle, stack.activeHours) : null;
  for (const s of stack.services) {
    const pick = orBlocking(pickMachine(fb, region, s) ?? undefined, warnings, {
      code: 'fly.no-machine',
      message: `No Fly preset has ${s.vcpu} vCPU and ${formatMb(s.memoryMb)}.`,
      service: s.slug,
      fix: 'Lower the service size or split it.',
    });
    if (!pick) continue;
    if (!pick.priced) {
      warnings.push(
        warning('fly.region-price-missing', 'warning', `${s.slug}: ${pick.reason}.`, {
          service: s.slug,
          fix: 'Check the price on fly.io/docs/about/pricing, or give it with --pricing FILE.',
        }),
      );
    }
    const volume = s.volume ? { sizeGb: Math.max(1, Math.ceil(s.volume.sizeGb)), dataGb: volumeDataGb(s.volume), mountPath: s.volume.mountPath } : null;
    if (volume && s.instances > 1) {
      warnings.push(
        warning(
          'fly.volume-per-machine',
          'warning',
          `${s.slug}: each of its ${s.instances} machines gets its own ${volume.sizeGb} GB volume; Fly volumes are not shared.`,
          {
            service: s.slug,
            fix: 'Keep shared state in Postgres, or run one machine.',
          },
        ),
      );
    }
    const part = idle?.parts.find((p) => p.name === s.slug);
    const autoStop = part?.sleeps === true ? { awakeSecondsPerDay: part.awakeSecondsPerDay } : null;
    apps.push({ slug: s.slug, machine: pick.machine, count: s.instances, reason: pick.reason, regionPriced: pick.priced, public: s.public, volume, autoStop });
  }

  const mpgPlans = fb.managedPostgres.plans;
  const defaultVolume = fb.managedPostgres.defaultVolumeGb.sizeGb;
  const postgres = stack.postgres.instances.map((p) => flyPostgres(p, stack, fb, region, warnings));
  if (stack.keyValue.length > 0 && !fb.keyValue) {
    warnings.push(
      warning('fly.no-key-value', 'warning', `Fly has no key-value store in the price book; ${stack.keyValue.map((k) => k.name).join(', ')} not priced.`, {
        fix: 'Run Redis as its own Fly app with a volume, or use Upstash Redis from the Fly dashboard.',
      }),
    );
  }

  if (stack.postgres.kind === 'dev' && postgres.length > 0) {
    warnings.push(
      warning(
        'fly.self-run-postgres',
        'warning',
        'Self-run Fly Postgres is not supported by Fly.io: one node, no standby; backups, upgrades and failover are yours (volume snapshots are the daily backup).',
        {
          fix: 'Use Managed Postgres (--postgres managed) for data you cannot lose.',
        },
      ),
    );
  }
  const group = fb.regionEgressGroup[stack.region];
  const egress = fb.egressGroups[group];
  if (!egress) throw new Error(`Fly egress group ${group} missing from the price book`);
  const assumptions = [
    `Machines always on for a 30-day month in ${region}; none stopped or auto-stopped.`,
    stack.postgres.kind === 'dev'
      ? `Postgres: a self-run single-node app (${fb.unmanagedPostgres.preset}, ${formatMb(fb.unmanagedPostgres.memoryMb)}) with a volume per database instance, as the answers ask.`
      : `Managed Postgres: the cheapest plan with the memory each database asks for (the smallest, ${cheapestBy(mpgPlans, (m) => m.monthly)!.name}, unless sized), one per database instance; storage is the data rounded up to whole GB, at least the ${defaultVolume} GB volume fly mpg create provisions by default.`,
    `Volume snapshots are billed on the data they hold, not the volumes' size: the daily incremental snapshots (kept 5 days) are taken as one copy of the data; the first ${fb.snapshots.freeGb} GB a month are free.`,
  ];
  return { region, apps, postgres, egress, warnings, assumptions };
}
