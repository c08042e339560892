/**
 * DigitalOcean Managed PostgreSQL, as both DigitalOcean-hosted targets use it (App Platform and
 * DigitalOcean Kubernetes): the plan a database instance gets (the cheapest with the memory it
 * asks for and room for its data, else a blocking warning), the one Postgres version new
 * clusters run, and the doctl steps that create a cluster with one database and user per app.
 * Plans and prices: https://www.digitalocean.com/pricing/managed-databases; doctl's flags and
 * `--format` columns: github.com/digitalocean/doctl commands/databases.go and
 * commands/displayers/database.go.
 */
import { formatGb, formatMb } from '../../core/number-format.js';
import type { PostgresInstance } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { DigitalOceanBook } from '../../pricing/price-book.js';
import { shell, sqlIdent } from '../../render/serialize.js';
import { cheapestBy } from '../plan-choice.js';

/** The PostgreSQL major version for new clusters (App Platform and `doctl` take it as a string). */
export const DO_PG_VERSION = '17';

/** A managed PostgreSQL plan of the price book. */
export type ManagedPlan = DigitalOceanBook['managedPostgres'][number];

/** The plan a database instance gets, the storage beyond what it includes, and why it does not fit. */
export interface ManagedChoice {
  plan: ManagedPlan;
  /** GB beyond the plan's included storage (added under the cluster's Settings > Storage). */
  extraGb: number;
  /** Blocking: no plan has the memory, or no plan holds the data. */
  warnings: Warning[];
}

/**
 * The cheapest plan with at least the memory the database asks for (the smallest when it asks
 * for none) and a maximum storage that holds its data; when none has both, the largest plan and
 * a blocking warning per missing dimension, coded under `platform` (the target that says it).
 * Worked example with the price book's two plans (1 GB / 30 GB max at $15.15, 2 GB / 60 GB at
 * $30.45): 2,048 MB and 10 GB → db-s-1vcpu-2gb; no memory and 40 GB → db-s-1vcpu-2gb; 4,096 MB →
 * db-s-1vcpu-2gb and a blocking db-memory warning.
 */
export function pickManagedPostgres(
  p: Pick<PostgresInstance, 'name' | 'storageGb' | 'memoryMb'>,
  plans: readonly ManagedPlan[],
  platform: string,
): ManagedChoice {
  const need = p.memoryMb ?? 0;
  const plan =
    cheapestBy(
      plans.filter((m) => m.maxStorageGb >= p.storageGb && m.memoryMb >= need),
      (m) => m.monthly,
    ) ?? plans.reduce((a, m) => (m.memoryMb > a.memoryMb || (m.memoryMb === a.memoryMb && m.maxStorageGb > a.maxStorageGb) ? m : a));
  const warnings: Warning[] = [];
  if (plan.memoryMb < need) {
    warnings.push(
      warning(
        `${platform}.db-memory`,
        'error',
        `${p.name} asks for ${formatMb(need)}; the largest cluster in the price book (${plan.slug}) has ${formatMb(plan.memoryMb)}.`,
        {
          service: p.name,
          blocking: true,
          fix: 'Lower its memory, or add the larger cluster size to the price book with --pricing FILE.',
        },
      ),
    );
  }
  if (p.storageGb > plan.maxStorageGb) {
    warnings.push(
      warning(
        `${platform}.db-storage`,
        'error',
        `${p.name} needs ${formatGb(p.storageGb)} GB; the largest plan in the price book holds ${plan.maxStorageGb} GB.`,
        {
          service: p.name,
          blocking: true,
          fix: 'Keep less data in it, split it into separate instances (--db separate), or add a larger plan to the price book with --pricing FILE.',
        },
      ),
    );
  }
  return { plan, extraGb: Math.max(0, Math.ceil(p.storageGb - plan.includedStorageGb)), warnings };
}

/** One app's database in a managed cluster and the user that owns its work. */
export interface ManagedMember {
  database: string;
  user: string;
}

/** The shell line that puts a cluster's id in $CLUSTER_ID, found by its name. */
export function clusterIdCommand(clusterName: string): string {
  return `CLUSTER_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${clusterName}" { print $1 }`)})"`;
}

/**
 * The doctl steps that create a cluster and, per app, its database and user (created through
 * DigitalOcean, so the platform can read their passwords), then give each user its database's
 * `public` schema: since PostgreSQL 15 only the database owner (doadmin) may create tables there.
 * The GRANTs connect as doadmin from this machine before any trusted source is set (a cluster
 * without one admits every address); the password stays in the environment, never in argv.
 */
export function managedClusterCommands(cluster: { name: string; region: string; plan: ManagedPlan; members: readonly ManagedMember[] }): string[] {
  const conn = (column: string) => `$(doctl databases connection "$CLUSTER_ID" --format ${column} --no-header)`;
  return [
    `doctl databases create ${shell(cluster.name)} --engine pg --version ${DO_PG_VERSION} --region ${shell(cluster.region)} --size ${shell(cluster.plan.slug)} --num-nodes 1`,
    clusterIdCommand(cluster.name),
    'until [ "$(doctl databases get "$CLUSTER_ID" --format Status --no-header)" = online ]; do sleep 15; done   # a few minutes',
    ...cluster.members.flatMap((m) => [
      `doctl databases db create "$CLUSTER_ID" ${shell(m.database)}`,
      `doctl databases user create "$CLUSTER_ID" ${shell(m.user)}`,
    ]),
    ...(cluster.members.length > 0
      ? [
          `PGHOST="${conn('Host')}"; PGPORT="${conn('Port')}"; PGUSER="${conn('User')}"`,
          `PGPASSWORD="${conn('Password')}"   # doadmin's, for the GRANTs below only`,
          'export PGHOST PGPORT PGUSER PGPASSWORD PGSSLMODE=require',
          ...cluster.members.map((m) => `psql -d ${shell(m.database)} -c ${shell(`GRANT ALL ON SCHEMA public TO ${sqlIdent(m.user)}`)}`),
          'unset PGHOST PGPORT PGUSER PGPASSWORD PGSSLMODE',
        ]
      : []),
  ];
}
