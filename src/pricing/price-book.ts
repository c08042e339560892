/**
 * The price book's schema. Every price carries its unit, the page it was read from, the date
 * that page gives (or the date it was read) and how sure we are of it. Amounts are decimal
 * strings so no price passes through a binary float.
 */
import * as z from 'zod/mini';
import { CLIENT_DISTRIBUTIONS, PLATFORM_IDS, REGIONS, TIERS } from '../answer-values.js';
import { CONFIDENCE } from './confidence.js';

/** A description that reaches the published JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;
// Every quantity is bounded: a price book with 1e308 GB or 40-digit prices would print nonsense.
const MAX_QUANTITY = 10_000_000;
const atMost = z.maximum(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);
const positive = () => z.number().check(z.positive('a number above 0'), atMost);
const nonNegative = () => z.number().check(z.minimum(0, '0 or more'), atMost);
const positiveInt = () => z.number().check(z.int('a whole number'), z.positive('a whole number above 0'), atMost);
const nonNegativeInt = () => z.number().check(z.int('a whole number'), z.minimum(0, '0 or more'), atMost);
const nonEmpty = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1, 'at least one entry'));

// At most $9,999,999 and 8 decimals per unit: real prices have 4 digits and 5 decimals at most.
const decimalString = z
  .string()
  .check(z.regex(/^\d{1,7}(\.\d{1,8})?$/, 'a decimal number written as a string, at most 7 digits before the point and 8 after, such as "10" or "0.05"'));
/** Whether YYYY-MM-DD names a day of the calendar (2026-02-30 does not: Date would roll it to March). */
const isCalendarDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return true; // the format check says what is wrong
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
};
const isoDate = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD'),
    z.refine(isCalendarDate, { message: 'a day of the calendar (this month has fewer days)' }),
  );
const url = z.string().check(z.regex(/^https:\/\/\S+$/, 'an https:// URL of the page the figure comes from'));

/** Where a figure comes from. */
const sourced = {
  source: url,
  asOf: described(isoDate, 'The date the source page gives, or the date it was read.'),
  confidence: z.enum(CONFIDENCE),
  note: z.optional(z.string()),
};

/** One price: amount per unit, with its source. */
const PriceSchema = z.strictObject({
  amount: decimalString,
  unit: described(z.string().check(z.minLength(1, 'a unit such as "month"')), 'What one amount buys, such as "month", "GB-month", "GB".'),
  ...sourced,
});
export type Price = z.infer<typeof PriceSchema>;

const SourcedSchema = z.strictObject(sourced);

/** Seconds a range of figures spans (cold starts), with its source. */
const SecondsRangeSchema = z
  .strictObject({ min: nonNegative(), max: nonNegative(), ...sourced })
  .check(z.refine((r) => r.max >= r.min, { message: 'max must be at least min' }));

/**
 * What a platform does with a service nobody uses (--active-hours): whether it stops it and stops
 * billing its CPU and memory, what counts as activity, how long it waits, what a stopped service
 * still pays, and what waking one costs. Read by core/idle.ts.
 */
export const IdleRuleSchema = z.strictObject({
  sleeps: described(z.boolean(), 'The platform stops an idle service and stops billing its CPU and memory (false: billed all month).'),
  summary: described(z.string(), 'The rule in one sentence, shown with the estimate.'),
  idleSignal: described(
    z.nullable(z.enum(['inbound-requests', 'outbound-packets'])),
    "What counts as activity: requests reaching the service through the platform's proxy (Fly), or any packet the service sends (Railway). null: it never sleeps.",
  ),
  idleMinutes: described(z.nullable(positive()), 'Minutes without activity before the service is stopped (null: never).'),
  databasesSleep: described(
    z.boolean(),
    'A database the platform runs may sleep under the same rule (Railway runs Postgres as a service; managed databases never sleep).',
  ),
  stoppedStorage: z.optional(described(PriceSchema, 'What a stopped service still pays (Fly: its root file system, per GB-month while stopped).')),
  coldStartSeconds: described(z.nullable(SecondsRangeSchema), 'How long the first request after a sleep waits (null: it never sleeps).'),
  wakeCaveats: described(
    z.array(z.strictObject({ text: z.string(), ...sourced })),
    'What else waking costs: refused or failed first requests, traffic that cannot wake it.',
  ),
  knobs: described(z.string(), 'The setting generate writes for it (or that there is none).'),
  freeInstances: z.optional(
    described(
      z.strictObject({ idleMinutes: positive(), hoursPerMonth: positive(), ...sourced }),
      "Free instances that spin down when idle, within the free tier's hours (Render).",
    ),
  ),
  ...sourced,
});
export type IdleRule = z.infer<typeof IdleRuleSchema>;

/** Every platform's description: names, region codes, backups, pros and cons. */
const platformInfo = {
  name: z.string(),
  pricingPage: url,
  /** The platform's region code for each neutral region (every region must be there). */
  regions: z.record(z.enum(REGIONS), z.string()),
  backups: described(z.string(), 'How backups work on this platform.'),
  backupsShort: described(z.string().check(z.maxLength(28, 'at most 28 characters')), 'Backups in a few words, for table cells.'),
  tagline: described(z.string().check(z.maxLength(60, 'at most 60 characters')), 'Pros and cons in a few words, shown beside the platform row.'),
  multiUserCapable: z.boolean(),
  idle: described(IdleRuleSchema, 'What the platform does with a service nobody uses (--active-hours), with sources.'),
  pros: nonEmpty(z.string()),
  cons: nonEmpty(z.string()),
};

/** Key-value (Redis/Valkey) offering: managed plans, or a container billed like any service. */
const KeyValueSchema = z.strictObject({
  kind: z.enum(['managed', 'container']),
  name: z.string(),
  plans: z._default(z.array(z.strictObject({ id: z.string(), name: z.string(), memoryMb: positive(), monthly: PriceSchema })), []),
});

const RailwayPlanSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  fee: PriceSchema,
  includedUsage: PriceSchema,
  limits: z.strictObject({
    memoryGbPerService: positive(),
    vcpuPerService: positive(),
    volumeGb: positive(),
    replicas: positiveInt(),
    ...sourced,
  }),
  replicaLimits: z.optional(
    described(
      z.strictObject({ memoryGb: positive(), vcpu: positive(), ...sourced }),
      'What one replica may use, besides the per-service totals (absent: only the totals are documented).',
    ),
  ),
});

const RailwayBookSchema = z.strictObject({
  ...platformInfo,
  plans: nonEmpty(RailwayPlanSchema),
  usage: z.strictObject({ memory: PriceSchema, vcpu: PriceSchema, volume: PriceSchema, egress: PriceSchema }),
  postgres: described(
    z.strictObject({ memoryMb: positive(), vcpu: positive(), note: z.string() }),
    'Size assumed for a Postgres service (Railway bills it as usage).',
  ),
  cpuShare: described(
    z.number().check(z.gt(0, 'a share above 0'), z.maximum(1, 'a share of at most 1')),
    'Share of the requested vCPU a mostly idle service uses on average.',
  ),
  keyValue: z.optional(KeyValueSchema),
});

const FlyMachineSchema = z.strictObject({
  preset: z.string(),
  cpuKind: z.enum(['shared', 'performance']),
  vcpus: positive(),
  memoryMb: positiveInt(),
  region: described(z.string(), 'Fly region code the price was read for, such as iad.'),
  monthly: PriceSchema,
});

const FlyBookSchema = z.strictObject({
  ...platformInfo,
  machines: nonEmpty(FlyMachineSchema),
  baseRegion: described(z.string(), 'The region whose machine table is complete; a size missing in another region is priced here, with a warning.'),
  volume: PriceSchema,
  snapshots: z.strictObject({ price: PriceSchema, freeGb: nonNegative() }),
  egressGroups: z.record(z.string(), PriceSchema),
  regionEgressGroup: z.record(z.enum(REGIONS), z.string()),
  managedPostgres: z.strictObject({
    plans: nonEmpty(z.strictObject({ id: z.string(), name: z.string(), cpu: z.string(), memoryMb: positive(), monthly: PriceSchema })),
    storage: PriceSchema,
    defaultVolumeGb: described(
      z.strictObject({ sizeGb: positive(), ...sourced }),
      'The volume fly mpg create provisions by default: storage is billed on it when the data is smaller.',
    ),
  }),
  unmanagedPostgres: described(
    z.strictObject({ preset: z.string(), memoryMb: positiveInt(), ...sourced }),
    'The single-node Postgres app Fly no longer supports, priced as a machine and a volume.',
  ),
  keyValue: z.optional(KeyValueSchema),
});

const RenderBookSchema = z.strictObject({
  ...platformInfo,
  workspacePlans: nonEmpty(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      fee: PriceSchema,
      bandwidthGb: nonNegative(),
      customDomains: nonNegativeInt(),
      maxServices: z.nullable(positiveInt()),
      pitrDays: nonNegativeInt(),
    }),
  ),
  instanceTypes: nonEmpty(
    z.strictObject({
      id: described(z.string(), 'The plan name a Blueprint uses, such as starter.'),
      name: z.string(),
      vcpu: positive(),
      memoryMb: positiveInt(),
      monthly: PriceSchema,
      free: z._default(described(z.boolean(), 'Free instances sleep when idle and serve web services only.'), false),
    }),
  ),
  postgresPlans: nonEmpty(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      vcpu: positive(),
      memoryMb: positiveInt(),
      monthly: PriceSchema,
      free: z._default(z.boolean(), false),
    }),
  ),
  postgresStorage: PriceSchema,
  disk: PriceSchema,
  bandwidthOverage: PriceSchema,
  extraCustomDomain: PriceSchema,
  keyValue: z.optional(KeyValueSchema),
});

const DigitalOceanBookSchema = z.strictObject({
  ...platformInfo,
  instanceSizes: nonEmpty(
    z.strictObject({
      slug: z.string(),
      cpuKind: z.enum(['shared', 'dedicated']),
      vcpu: positive(),
      memoryMb: positiveInt(),
      monthly: PriceSchema,
      bandwidthGb: nonNegative(),
      bandwidthSource: SourcedSchema,
      scalable: described(z.boolean(), 'Whether the size can run more than one instance.'),
    }),
  ),
  bandwidthOverage: PriceSchema,
  devDatabase: z.strictObject({ monthly: PriceSchema, storageLimitGb: positive() }),
  managedPostgres: nonEmpty(
    z.strictObject({
      slug: z.string(),
      vcpu: positive(),
      memoryMb: positiveInt(),
      monthly: PriceSchema,
      includedStorageGb: positive(),
      maxStorageGb: positive(),
    }),
  ),
  extraStorage: PriceSchema,
  keyValue: z.optional(KeyValueSchema),
});

/**
 * DigitalOcean Kubernetes (DOKS): a free control plane (HA optional), worker nodes billed as
 * Droplets, a load balancer for the ingress, block-storage volumes. Managed Postgres is the same
 * DigitalOcean product as App Platform's, priced from that section.
 */
const KubernetesBookSchema = z.strictObject({
  ...platformInfo,
  controlPlane: described(PriceSchema, 'The managed control plane (free on DOKS).'),
  haControlPlane: described(PriceSchema, 'The high-availability control plane, taken for the multi-user tier.'),
  nodeSizes: nonEmpty(
    z.strictObject({
      slug: described(z.string(), 'Droplet size slug of the node pool, such as s-2vcpu-4gb.'),
      vcpu: positive(),
      memoryMb: positiveInt(),
      allocatableMemoryMb: described(positiveInt(), "Memory left for pods once the node's system reserve is taken."),
      allocatableSource: SourcedSchema,
      monthly: PriceSchema,
    }),
  ),
  headroom: described(
    z.number().check(z.minimum(0, '0 or more'), z.lt(1, 'below 1')),
    "Share of each node's allocatable CPU and memory kept free when packing pods (rolling updates, the cluster's own pods, spikes): an assumption, shown with the estimate.",
  ),
  loadBalancer: described(PriceSchema, 'The load balancer a LoadBalancer Service (the ingress controller) creates.'),
  volume: described(PriceSchema, 'Block-storage volume per GB-month (PersistentVolumeClaims).'),
});

const LocalBookSchema = z.strictObject({
  ...platformInfo,
  note: described(z.string(), 'What the $0 leaves out (hardware, electricity, your time).'),
});

const overageTier = z.strictObject({ upTo: z.nullable(positiveInt()), perUser: PriceSchema });

const AuthPlanSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  fee: PriceSchema,
  includedUsers: nonNegativeInt(),
  maxUsers: z.nullable(positiveInt()),
  overage: z._default(z.array(overageTier), []),
  caveat: z.optional(z.string()),
});
export type AuthPlan = z.infer<typeof AuthPlanSchema>;

const AuthProviderBookSchema = z.strictObject({
  name: z.string(),
  userMetric: described(z.string(), 'How the provider counts users, such as MAU or MRU.'),
  plans: nonEmpty(AuthPlanSchema),
});

const hours = z
  .strictObject({ min: nonNegative(), max: nonNegative(), note: z.optional(z.string()) })
  .check(z.refine((r) => r.max >= r.min, { message: 'max must be at least min' }));

const EffortBookSchema = z.strictObject({
  source: z.string(),
  asOf: isoDate,
  tiers: z.record(z.enum(TIERS), hours),
  platformSetup: z.record(z.enum(PLATFORM_IDS), hours),
  multiUser: z.strictObject({ hostedAuth: hours, ownAuth: hours, dbIsolation: hours, apiUserContext: hours }),
  clients: z.record(z.enum(CLIENT_DISTRIBUTIONS), hours),
  customDomain: hours,
});

const TierInfoSchema = z.strictObject({
  label: z.string(),
  summary: z.string(),
  backups: z.string(),
  multiUserReady: z.boolean(),
});

export const PriceBookSchema = z.strictObject({
  $schema: z.optional(z.string()),
  version: z.literal(1),
  asOf: described(isoDate, 'The date this price book was last checked as a whole.'),
  currency: z.literal('USD'),
  regions: z.record(z.enum(REGIONS), z.strictObject({ label: z.string() })),
  tiers: z.record(z.enum(TIERS), TierInfoSchema),
  platforms: z.strictObject({
    railway: RailwayBookSchema,
    fly: FlyBookSchema,
    render: RenderBookSchema,
    digitalocean: DigitalOceanBookSchema,
    local: LocalBookSchema,
    kubernetes: KubernetesBookSchema,
  }),
  auth: z.strictObject({ clerk: AuthProviderBookSchema, auth0: AuthProviderBookSchema, supabase: AuthProviderBookSchema }),
  clientFees: z.strictObject({ 'mac-app-store': PriceSchema }),
  effort: EffortBookSchema,
});

export type PriceBook = z.infer<typeof PriceBookSchema>;
export type RailwayBook = PriceBook['platforms']['railway'];
export type FlyBook = PriceBook['platforms']['fly'];
export type RenderBook = PriceBook['platforms']['render'];
export type DigitalOceanBook = PriceBook['platforms']['digitalocean'];
export type KubernetesBook = PriceBook['platforms']['kubernetes'];
