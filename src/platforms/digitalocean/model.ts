/**
 * DigitalOcean App Platform: one app of fixed-price containers; no volumes; Postgres is a
 * managed cluster (or the $7 dev database); bandwidth allowances of the containers are pooled.
 * Modelled on https://docs.digitalocean.com/reference/dots/reference/apps/apps-get-instancesize/
 * (2026-11-05), the DO labs instance table (src 2026-01-04) and the managed-databases page.
 */
import { dollars, formatGb, formatMb } from '../../core/number-format.js';
import { moveToPostgres, type Stack, withPathRoutes } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { DigitalOceanBook, PriceBook } from '../../pricing/price-book.js';
import { keyValuePlans, type PricedKeyValue } from '../plan-choice.js';
import { pickSize } from '../sizes.js';
import { type ManagedPlan, pickManagedPostgres } from './managed-db.js';

type InstanceSize = DigitalOceanBook['instanceSizes'][number];

export interface DoComponent {
  slug: string;
  /** App spec section: services take HTTP traffic (public or internal), workers none. */
  kind: 'service' | 'worker';
  size: InstanceSize;
  count: number;
  reason: string;
}

export interface DoDatabase {
  name: string;
  /** The $7 App Platform dev database instead of a managed cluster (answers: postgres dev). */
  dev: boolean;
  plan: ManagedPlan;
  storageGb: number;
  /** GB beyond the plan's included storage. */
  extraGb: number;
  databases: string[];
}

export interface DoModel {
  region: string;
  /** The stack as App Platform runs it: volume-backed services moved into Postgres. */
  stack: Stack;
  components: DoComponent[];
  databases: DoDatabase[];
  /** Managed Valkey clusters: the cheapest plan with at least the store's memory. */
  keyValues: PricedKeyValue[];
  warnings: Warning[];
  assumptions: string[];
}

export function resolveDigitalOcean(input: Stack, book: PriceBook): DoModel {
  const db = book.platforms.digitalocean;
  const warnings: Warning[] = [];
  const assumptions: string[] = [];
  let stack = input;
  for (const s of input.services) {
    if (!s.volume) continue;
    if (s.postgresEnv) {
      stack = moveToPostgres(stack, s.slug);
      warnings.push(
        warning(
          'digitalocean.no-volumes',
          'warning',
          `App Platform has no volumes, so ${s.slug} keeps its data in Postgres (${s.postgresEnv}) instead of ${s.volume.mountPath}.`,
          {
            service: s.slug,
          },
        ),
      );
      assumptions.push(`${s.slug}: its ${formatGb(s.volume.sizeGb)} GB volume becomes ${formatGb(s.volume.sizeGb)} GB of Postgres storage.`);
    } else {
      warnings.push(
        warning(
          'digitalocean.no-volumes',
          'error',
          `App Platform has no volumes: what ${s.slug} writes to ${s.volume.mountPath} is lost on every deploy or restart.`,
          {
            service: s.slug,
            fix: 'Keep the data in Postgres or in DigitalOcean Spaces, or pick a platform with volumes.',
          },
        ),
      );
    }
  }

  const components: DoComponent[] = [];
  for (const s of stack.services) {
    const fits = (z: (typeof db.instanceSizes)[number]) => z.vcpu >= s.vcpu && z.memoryMb >= s.memoryMb && (s.instances === 1 || z.scalable);
    const size = pickSize(db.instanceSizes, fits, (z) => z.monthly, warnings, {
      code: 'digitalocean.no-size',
      message: `No App Platform size has ${s.vcpu} vCPU and ${formatMb(s.memoryMb)}.`,
      service: s.slug,
      fix: 'Lower the service size or split it.',
    });
    if (!size) continue;
    const cheaperFixed = db.instanceSizes.filter(
      (z) => !z.scalable && z.vcpu >= s.vcpu && z.memoryMb >= s.memoryMb && Number(z.monthly.amount) < Number(size.monthly.amount),
    );
    const reason =
      s.instances > 1 && cheaperFixed.length > 0
        ? `${cheaperFixed.map((z) => `${z.slug} (${dollars(z.monthly.amount)})`).join(' and ')} cannot run ${s.instances} instances; ${size.slug} is the cheapest that can`
        : `cheapest size with ≥ ${s.vcpu} vCPU and ≥ ${formatMb(s.memoryMb)}${s.instances > 1 ? ` that scales to ${s.instances}` : ''}`;
    // An API or web service serves requests even when no port was given (App Platform then uses 8080): never a worker.
    const serves = s.port !== undefined || s.role === 'api' || s.role === 'web';
    components.push({ slug: s.slug, kind: serves ? 'service' : 'worker', size, count: s.instances, reason });
  }

  const databases: DoDatabase[] = stack.postgres.instances.map((p) => {
    // The cheapest cluster with the memory the database asks for and room for its data (shared with Kubernetes).
    const { plan, extraGb, warnings: sizing } = pickManagedPostgres(p, db.managedPostgres, 'digitalocean');
    warnings.push(...sizing);
    const dev = stack.postgres.kind === 'dev';
    // A dev database holds one database, so each app database is its own dev database, holding its share of the data.
    const devCount = Math.max(1, p.databases.length);
    const perDevGb = p.storageGb / devCount;
    if (dev && perDevGb > db.devDatabase.storageLimitGb) {
      const each = devCount > 1 ? ` (${formatGb(perDevGb)} GB in each of its ${devCount} dev databases)` : '';
      warnings.push(
        warning(
          'digitalocean.dev-database-full',
          'error',
          `${p.name} holds ${formatGb(p.storageGb)} GB${each}; the dev database stops at ${db.devDatabase.storageLimitGb} GB.`,
          {
            service: p.name,
            blocking: true,
            fix: 'Use managed PostgreSQL (--postgres managed) or keep less data.',
          },
        ),
      );
    }
    return { name: p.name, dev, plan, storageGb: p.storageGb, extraGb, databases: p.databases };
  });
  if (stack.postgres.kind === 'dev' && databases.length > 0) {
    warnings.push(
      warning('digitalocean.dev-database', 'warning', 'The App Platform dev database has no backups and is not meant for production.', {
        fix: 'Switch to managed PostgreSQL (--postgres managed) before real data goes in.',
      }),
    );
  }

  const keyValues = keyValuePlans(stack.keyValue, db.keyValue?.plans ?? [], (kv) =>
    warnings.push(
      warning('digitalocean.no-key-value', 'warning', `No Managed Valkey plan in the price book holds ${formatMb(kv.memoryMb)}; ${kv.name} is not priced.`, {
        service: kv.name,
        fix: 'Check the Managed Valkey sizes on the DigitalOcean pricing page and add the price.',
      }),
    ),
  );
  assumptions.push(
    `Region ${db.regions[input.region]}; containers run the whole month (App Platform caps a month at 28 days of per-second billing).`,
    stack.postgres.kind === 'dev'
      ? 'Postgres: the App Platform dev database, one per app database (as the answers ask).'
      : 'Postgres: the cheapest managed cluster with the memory each database asks for (the smallest unless sized) and room for its data, single node, per database instance.',
    'Bandwidth allowances of all containers are pooled.',
  );
  // One ingress fronts every public service: the ones under a path prefix are told it.
  stack = withPathRoutes(stack);
  return { region: db.regions[input.region], stack, components, databases, keyValues, warnings, assumptions };
}
