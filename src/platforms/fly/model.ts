/**
 * Fly.io: each service is its own app of always-on machines sized from Fly's presets; volumes
 * belong to one machine each; Postgres is a Managed Postgres cluster per instance.
 * Modelled on https://fly.io/docs/about/pricing/ (2025-08-19 copy, checked against the
 * 2026-01-20 cost-management page) and https://fly.io/docs/mpg/ (src 2025-12-15).
 */
import type { Stack } from '../../core/stack.js';
import { warning, type Warning } from '../../core/warnings.js';
import type { FlyBook, PriceBook, Price } from '../../pricing/price-book.js';
import { cheapestBy, formatMb } from '../shared.js';

type FlyMachine = FlyBook['machines'][number];
type MpgPlan = FlyBook['managedPostgres']['plans'][number];

export interface FlyApp {
  slug: string;
  machine: FlyMachine;
  count: number;
  reason: string;
  public: boolean;
  /** One volume per machine. */
  volume: { sizeGb: number; mountPath: string } | null;
}

export interface FlyPostgres {
  name: string;
  /** The self-run single-node app instead of Managed Postgres (answers: postgres dev). */
  dev: boolean;
  plan: MpgPlan;
  storageGb: number;
  /** The unsupported single-node app that would replace it. */
  unmanaged: { machine: FlyMachine; volumeGb: number };
}

export interface FlyModel {
  region: string;
  apps: FlyApp[];
  postgres: FlyPostgres[];
  egress: Price;
  warnings: Warning[];
  assumptions: string[];
}

/** Picks the cheapest preset in the region that has the vCPU and memory the service asks for. */
export function pickMachine(
  book: FlyBook,
  region: string,
  need: { vcpu: number; memoryMb: number },
): { machine: FlyMachine; reason: string; priced: boolean } | null {
  const fits = (m: FlyMachine) => m.vcpus >= need.vcpu && m.memoryMb >= need.memoryMb;
  const local = cheapestBy(book.machines.filter((m) => m.region === region && fits(m)), (m) => m.monthly);
  if (local) {
    return {
      machine: local,
      reason: `cheapest ${region} preset with ≥ ${need.vcpu} vCPU and ≥ ${formatMb(need.memoryMb)}`,
      priced: true,
    };
  }
  const anywhere = cheapestBy(book.machines.filter(fits), (m) => m.monthly);
  if (!anywhere) return null;
  return {
    machine: anywhere,
    reason: `no ${region} price for a preset this size in the price book; priced at ${anywhere.region}`,
    priced: false,
  };
}

export function resolveFly(stack: Stack, book: PriceBook): FlyModel {
  const fb = book.platforms.fly;
  const region = fb.regions[stack.region];
  const warnings: Warning[] = [];
  const apps: FlyApp[] = [];
  for (const s of stack.services) {
    const pick = pickMachine(fb, region, s);
    if (!pick) {
      warnings.push(
        warning('fly.no-machine', 'error', `No Fly preset has ${s.vcpu} vCPU and ${formatMb(s.memoryMb)}.`, {
          service: s.slug,
          blocking: true,
          fix: 'Lower the service size or split it.',
        }),
      );
      continue;
    }
    if (!pick.priced) {
      warnings.push(warning('fly.region-price-missing', 'warning', `${s.slug}: ${pick.reason}.`, { service: s.slug }));
    }
    const volume = s.volume ? { sizeGb: Math.max(1, Math.ceil(s.volume.sizeGb)), mountPath: s.volume.mountPath } : null;
    if (volume && s.instances > 1) {
      warnings.push(
        warning('fly.volume-per-machine', 'warning', `${s.slug}: each of its ${s.instances} machines gets its own ${volume.sizeGb} GB volume; Fly volumes are not shared.`, {
          service: s.slug,
          fix: 'Keep shared state in Postgres, or run one machine.',
        }),
      );
    }
    apps.push({ slug: s.slug, machine: pick.machine, count: s.instances, reason: pick.reason, public: s.public, volume });
  }

  const mpg = cheapestBy(fb.managedPostgres.plans, (p) => p.monthly)!;
  const devPick = pickMachine(fb, region, { vcpu: 1, memoryMb: fb.unmanagedPostgres.memoryMb });
  const postgres: FlyPostgres[] = stack.postgres.instances.map((p) => {
    const storageGb = Math.max(1, Math.ceil(p.storageGb));
    return { name: p.name, dev: stack.postgres.kind === 'dev', plan: mpg, storageGb, unmanaged: { machine: devPick!.machine, volumeGb: storageGb } };
  });
  if (stack.keyValue.length > 0 && !fb.keyValue) {
    warnings.push(
      warning('fly.no-key-value', 'warning', `Fly has no key-value store in the price book; ${stack.keyValue.map((k) => k.name).join(', ')} not priced.`, {
        fix: 'Run Redis as its own Fly app with a volume, or use Upstash Redis from the Fly dashboard.',
      }),
    );
  }

  if (stack.postgres.kind === 'dev' && postgres.length > 0) {
    warnings.push(
      warning('fly.self-run-postgres', 'warning', 'Self-run Fly Postgres is not supported by Fly.io: one node, no standby; backups, upgrades and failover are yours (volume snapshots are the daily backup).', {
        fix: 'Use Managed Postgres (--postgres managed) for data you cannot lose.',
      }),
    );
  }
  const group = fb.regionEgressGroup[stack.region];
  const egress = fb.egressGroups[group];
  if (!egress) throw new Error(`Fly egress group ${group} missing from the price book`);
  const assumptions = [
    `Machines always on for a 30-day month in ${region}; none stopped or auto-stopped.`,
    stack.postgres.kind === 'dev'
      ? `Postgres: a self-run single-node app (${fb.unmanagedPostgres.preset}, ${formatMb(fb.unmanagedPostgres.memoryMb)}) with a volume per database instance, as the answers ask.`
      : 'Managed Postgres: the smallest plan (Basic) per database instance, storage rounded up to whole GB.',
    'Volume snapshots take as much space as their volume; the first 10 GB a month are free.',
  ];
  return { region, apps, postgres, egress, warnings, assumptions };
}
